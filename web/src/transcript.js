// Strong Fiat–Shamir transcripts (crypto.md §3.1).

import { sha512 } from '@noble/hashes/sha2.js';
import { bytesToIntLE, concat, lp, utf8 } from './bytes.js';
import { CryptoError } from './errors.js';
import { L } from './group.js';

export const MAX_LABEL = 1024;

export function checkContext(context, label) {
  if (!(context instanceof Uint8Array) || context.length !== 32) {
    throw new CryptoError('context must be 32 bytes (the election base hash)');
  }
  if (!(label instanceof Uint8Array) || label.length > MAX_LABEL) {
    throw new CryptoError(`label must be bytes of at most ${MAX_LABEL} bytes`);
  }
}

/** fields: Uint8Array or points (anything with toBytes()). */
export function transcript(tag, context, label, fields) {
  const parts = [lp(utf8('oylama/crypto/v2/' + tag)), lp(context), lp(label)];
  for (const f of fields) parts.push(lp(f instanceof Uint8Array ? f : f.toBytes()));
  return concat(...parts);
}

export function challenge(tag, context, label, fields) {
  return bytesToIntLE(sha512(transcript(tag, context, label, fields))) % L;
}
