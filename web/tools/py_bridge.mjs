// Bridge for tests/test_web_crypto.py: reads a JSON list of requests on stdin, answers a JSON
// list on stdout, using the *committed bundle* (what the service ships), not the sources.
import { readFileSync } from 'node:fs';

const C = await import(new URL('../../src/oylama/service/_web/oylama-crypto.js', import.meta.url));

function run(req) {
  const H = C.decodePoint(C.fromBase64(req.key, 32));
  const context = C.fromBase64(req.context, 32);
  if (req.op === 'encrypt') {
    const ballotId = C.newBallotId(C.secureRng);
    const { seed, publicKey } = C.credentialKeys(req.code, req.election_id);
    const { ballot, secrets } = C.encryptBallot(req.style, H, req.choices,
      { context, ballotId, credential: publicKey, rng: C.secureRng });
    const text = JSON.stringify(ballot);
    const bytes = C.utf8(text);
    const signature = C.signBallot(seed, bytes, req.election_id);
    return {
      ballot: text,
      tracking_code: C.formatTrackingCode(C.trackingCode(bytes)),
      credential: C.toBase64(publicKey),
      signature: C.toBase64(signature),
      spoiled: JSON.stringify(C.spoil(ballot, secrets)),
    };
  }
  if (req.op === 'verify') {
    const out = { ok: true, error: null };
    try {
      const ballot = C.parseBallot(req.ballot);
      const credential = C.fromBase64(req.credential, 32);
      C.verifyBallot(req.style, H, ballot, { context, credential });
      if (req.signature) {
        C.verifyBallotSignature(C.fromBase64(req.credential, 32), C.utf8(req.ballot),
          C.fromBase64(req.signature), req.election_id);
      }
      if (req.spoiled) {
        const r = C.verifySpoiled(req.style, H, JSON.parse(req.spoiled), { context, credential });
        out.choices = r.choices;
      }
      out.tracking_code = C.formatTrackingCode(C.trackingCode(C.utf8(req.ballot)));
    } catch (e) {
      out.ok = false;
      out.error = `${e.name}: ${e.message}`;
    }
    return out;
  }
  throw new Error(`unknown op ${req.op}`);
}

const requests = JSON.parse(readFileSync(0, 'utf8'));
process.stdout.write(JSON.stringify(requests.map(run)));
