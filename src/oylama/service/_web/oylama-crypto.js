var __defProp = Object.defineProperty;
var __defNormalProp = (obj, key, value) => key in obj ? __defProp(obj, key, { enumerable: true, configurable: true, writable: true, value }) : obj[key] = value;
var __publicField = (obj, key, value) => __defNormalProp(obj, typeof key !== "symbol" ? key + "" : key, value);

// src/errors.js
var CryptoError = class extends Error {
  constructor(message) {
    super(message);
    this.name = "CryptoError";
  }
};
var EncodingError = class extends CryptoError {
  constructor(message) {
    super(message);
    this.name = "EncodingError";
  }
};
var ProofError = class extends CryptoError {
  constructor(message) {
    super(message);
    this.name = "ProofError";
  }
};
var InputError = class extends Error {
  constructor(message) {
    super(message);
    this.name = "InputError";
  }
};
var SignatureError = class extends InputError {
  constructor(message) {
    super(message);
    this.name = "SignatureError";
  }
};
var BoardError = class extends Error {
  constructor(message) {
    super(message);
    this.name = "BoardError";
  }
};

// src/bytes.js
var HEX = "0123456789abcdef";
function toHex(bytes) {
  let s = "";
  for (const b of bytes) s += HEX[b >> 4] + HEX[b & 15];
  return s;
}
function fromHex(hex) {
  if (typeof hex !== "string" || hex.length % 2 !== 0 || !/^[0-9a-f]*$/.test(hex)) {
    throw new EncodingError("not lowercase hex");
  }
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}
var B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
var B64_INDEX = new Map([...B64].map((c, i) => [c, i]));
function toBase64(bytes) {
  let s = "";
  let i = 0;
  for (; i + 3 <= bytes.length; i += 3) {
    const n = bytes[i] << 16 | bytes[i + 1] << 8 | bytes[i + 2];
    s += B64[n >> 18] + B64[n >> 12 & 63] + B64[n >> 6 & 63] + B64[n & 63];
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i] << 16;
    s += B64[n >> 18] + B64[n >> 12 & 63] + "==";
  } else if (rest === 2) {
    const n = bytes[i] << 16 | bytes[i + 1] << 8;
    s += B64[n >> 18] + B64[n >> 12 & 63] + B64[n >> 6 & 63] + "=";
  }
  return s;
}
function fromBase64(text, length = void 0) {
  if (typeof text !== "string" || text.length % 4 !== 0) {
    throw new EncodingError("base64: length is not a multiple of 4");
  }
  const pad = text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0;
  const body = text.slice(0, text.length - pad);
  const out = new Uint8Array(text.length / 4 * 3 - pad);
  let bits = 0;
  let acc = 0;
  let o = 0;
  for (const c of body) {
    const v = B64_INDEX.get(c);
    if (v === void 0) throw new EncodingError("base64: invalid character");
    acc = acc << 6 | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = acc >> bits & 255;
    }
  }
  if (toBase64(out) !== text) throw new EncodingError("base64: not canonical");
  if (length !== void 0 && out.length !== length) {
    throw new EncodingError(`expected ${length} bytes, got ${out.length}`);
  }
  return out;
}
var encoder = new TextEncoder();
var decoder = new TextDecoder("utf-8", { fatal: true });
function utf8(text) {
  return encoder.encode(text);
}
function fromUtf8(bytes) {
  return decoder.decode(bytes);
}
function concat(...parts) {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
function u32be(n) {
  return new Uint8Array([n >>> 24 & 255, n >>> 16 & 255, n >>> 8 & 255, n & 255]);
}
function u64be(n) {
  const out = new Uint8Array(8);
  let v = BigInt(n);
  for (let i = 7; i >= 0; i--) {
    out[i] = Number(v & 255n);
    v >>= 8n;
  }
  return out;
}
function lp(bytes) {
  return concat(u32be(bytes.length), bytes);
}
function equalBytes(a, b) {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a[i] ^ b[i];
  return d === 0;
}
function bytesToIntLE(bytes) {
  let v = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) v = v << 8n | BigInt(bytes[i]);
  return v;
}
function intToBytesLE(v, length) {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    out[i] = Number(v & 255n);
    v >>= 8n;
  }
  if (v !== 0n) throw new EncodingError("integer too large");
  return out;
}

// node_modules/@noble/hashes/_u64.js
var U32_MASK64 = /* @__PURE__ */ (() => BigInt(2 ** 32 - 1))();
var _32n = /* @__PURE__ */ BigInt(32);
function fromBig(n, le = false) {
  if (le)
    return { h: Number(n & U32_MASK64), l: Number(n >> _32n & U32_MASK64) };
  return { h: Number(n >> _32n & U32_MASK64) | 0, l: Number(n & U32_MASK64) | 0 };
}
function split(lst, le = false) {
  const len = lst.length;
  let Ah = new Uint32Array(len);
  let Al = new Uint32Array(len);
  for (let i = 0; i < len; i++) {
    const { h, l } = fromBig(lst[i], le);
    [Ah[i], Al[i]] = [h, l];
  }
  return [Ah, Al];
}
var fromNumH = (n) => n / 2 ** 32 | 0;
var fromNumL = (n) => n >>> 0;
function setU64FromNum(view, byteOffset, n, isLE) {
  const h = fromNumH(n);
  const l = fromNumL(n);
  view.setUint32(byteOffset, isLE ? l : h, isLE);
  view.setUint32(byteOffset + 4, isLE ? h : l, isLE);
}
var shrSH = (h, _l, s) => h >>> s;
var shrSL = (h, l, s) => h << 32 - s | l >>> s;
var rotrSH = (h, l, s) => h >>> s | l << 32 - s;
var rotrSL = (h, l, s) => h << 32 - s | l >>> s;
var rotrBH = (h, l, s) => h << 64 - s | l >>> s - 32;
var rotrBL = (h, l, s) => h >>> s - 32 | l << 64 - s;
function add(Ah, Al, Bh, Bl) {
  const l = (Al >>> 0) + (Bl >>> 0);
  return { h: Ah + Bh + (l / 2 ** 32 | 0) | 0, l: l | 0 };
}
var add3L = (Al, Bl, Cl) => (Al >>> 0) + (Bl >>> 0) + (Cl >>> 0);
var add3H = (low, Ah, Bh, Ch) => Ah + Bh + Ch + (low / 2 ** 32 | 0) | 0;
var add4L = (Al, Bl, Cl, Dl) => (Al >>> 0) + (Bl >>> 0) + (Cl >>> 0) + (Dl >>> 0);
var add4H = (low, Ah, Bh, Ch, Dh) => Ah + Bh + Ch + Dh + (low / 2 ** 32 | 0) | 0;
var add5L = (Al, Bl, Cl, Dl, El) => (Al >>> 0) + (Bl >>> 0) + (Cl >>> 0) + (Dl >>> 0) + (El >>> 0);
var add5H = (low, Ah, Bh, Ch, Dh, Eh) => Ah + Bh + Ch + Dh + Eh + (low / 2 ** 32 | 0) | 0;

// node_modules/@noble/hashes/utils.js
function isBytes(a) {
  return a instanceof Uint8Array || ArrayBuffer.isView(a) && a.constructor.name === "Uint8Array" && "BYTES_PER_ELEMENT" in a && a.BYTES_PER_ELEMENT === 1;
}
var atitle = (title) => title ? `"${title}" ` : "";
function anumber(n, title = "") {
  if (typeof n !== "number")
    throw new TypeError(atitle(title) + "expected number, got " + typeof n);
  if (!Number.isSafeInteger(n) || n < 0)
    throw new RangeError(atitle(title) + "expected integer >= 0, got " + n);
  return n;
}
function abytes(value, length, title = "") {
  if (isBytes(value) && (length === void 0 || value.length === length))
    return value;
  if (length !== void 0)
    anumber(length, "length");
  const bytes = isBytes(value);
  const ofLen = length !== void 0 ? ` of length ${length}` : "";
  const got = bytes ? `length=${value.length}` : `type=${typeof value}`;
  const message = atitle(title) + "expected Uint8Array" + ofLen + ", got " + got;
  if (!bytes)
    throw new TypeError(message);
  throw new RangeError(message);
}
function ahash(h) {
  if (typeof h !== "function" || typeof h.create !== "function")
    throw new TypeError("expected hash wrapped by utils.createHasher");
  anumber(h.outputLen);
  anumber(h.blockLen);
  if (h.outputLen < 1 || h.blockLen < 1)
    throw new Error("hash blockLen / outputLen must be >= 1");
}
var aobject = (value, label) => {
  if (value === null || typeof value !== "object" || Array.isArray(value))
    throw new TypeError((label === "object" ? "" : `"${label}" `) + "expected object, got type=" + typeof value);
};
var aopts = (value, label) => {
  aobject(value, label);
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null)
    throw new TypeError(`"${label}" expected plain object`);
  if (Object.hasOwn(value, "__proto__"))
    throw new TypeError(`"${label}.__proto__" is not allowed`);
};
function aexists(instance, checkFinished = true) {
  if (instance.destroyed)
    throw new Error("hash was destroyed");
  if (checkFinished && instance.finished)
    throw new Error("digest() was already called");
}
function aoutput(out, instance) {
  abytes(out, void 0, "output");
  const min = instance.outputLen;
  if (!(out.length >= min)) {
    throw new RangeError('"output" expected length >= ' + min);
  }
}
function clean(...arrays) {
  for (let i = 0; i < arrays.length; i++) {
    arrays[i].fill(0);
  }
}
function createView(arr) {
  return new DataView(arr.buffer, arr.byteOffset, arr.byteLength);
}
function rotr(word, shift) {
  return word << 32 - shift | word >>> shift;
}
var hasHexBuiltin = /* @__PURE__ */ (() => (
  // @ts-ignore
  typeof Uint8Array.from([]).toHex === "function" && typeof Uint8Array.fromHex === "function"
))();
var hexes = /* @__PURE__ */ Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
function bytesToHex(bytes) {
  abytes(bytes);
  if (hasHexBuiltin)
    return bytes.toHex();
  let hex = "";
  for (let i = 0; i < bytes.length; i++) {
    hex += hexes[bytes[i]];
  }
  return hex;
}
function asciiToBase16(ch) {
  return ch >= 48 && ch <= 57 ? ch - 48 : ch >= 65 && ch <= 70 ? ch - (65 - 10) : ch >= 97 && ch <= 102 ? ch - (97 - 10) : void 0;
}
function hexToBytes(hex) {
  if (typeof hex !== "string")
    throw new TypeError("hex string expected, got " + typeof hex);
  if (hasHexBuiltin) {
    try {
      return Uint8Array.fromHex(hex);
    } catch (error) {
      if (error instanceof SyntaxError)
        throw new RangeError(error.message);
      throw error;
    }
  }
  const hl = hex.length;
  const al = hl / 2;
  if (hl % 2)
    throw new RangeError("hex string expected, got unpadded hex of length " + hl);
  const array = new Uint8Array(al);
  for (let ai = 0, hi = 0; ai < al; ai++, hi += 2) {
    const n1 = asciiToBase16(hex.charCodeAt(hi));
    const n2 = asciiToBase16(hex.charCodeAt(hi + 1));
    if (n1 === void 0 || n2 === void 0) {
      const char = hex[hi] + hex[hi + 1];
      throw new RangeError('hex string expected, got non-hex character "' + char + '" at index ' + hi);
    }
    array[ai] = n1 * 16 + n2;
  }
  return array;
}
function concatBytes(...arrays) {
  let sum = 0;
  for (let i = 0; i < arrays.length; i++) {
    const a = arrays[i];
    abytes(a);
    sum += a.length;
  }
  const res = new Uint8Array(sum);
  for (let i = 0, pad = 0; i < arrays.length; i++) {
    const a = arrays[i];
    res.set(a, pad);
    pad += a.length;
  }
  return res;
}
function checkOpts(defaults, opts, title = "opts") {
  aopts(defaults, "defaults");
  if (opts !== void 0)
    aopts(opts, title);
  const merged = Object.assign(/* @__PURE__ */ Object.create(null), defaults, opts);
  return merged;
}
function createHasher(hashCons, info = {}) {
  if (typeof hashCons !== "function")
    throw new TypeError('"hashCons" expected function, got type=' + typeof hashCons);
  info = checkOpts({}, info, "info");
  const hashC = (msg, opts) => hashCons(opts).update(msg).digest();
  const tmp = hashCons(void 0);
  hashC.outputLen = tmp.outputLen;
  hashC.blockLen = tmp.blockLen;
  hashC.canXOF = tmp.canXOF;
  hashC.create = (opts) => hashCons(opts);
  Object.assign(hashC, info);
  return Object.freeze(hashC);
}
function randomBytes(bytesLength = 32) {
  anumber(bytesLength, "bytesLength");
  const cr = typeof globalThis === "object" ? globalThis.crypto : null;
  if (typeof cr?.getRandomValues !== "function")
    throw new Error("crypto.getRandomValues must be defined");
  if (bytesLength > 65536)
    throw new RangeError(`"bytesLength" expected <= 65536, got ${bytesLength}`);
  return cr.getRandomValues(new Uint8Array(bytesLength));
}
var oidNist = (suffix) => ({
  // Current NIST hashAlgs suffixes used here fit in one DER subidentifier octet.
  // Larger suffix values would need base-128 OID encoding and a different length byte.
  oid: Uint8Array.from([6, 9, 96, 134, 72, 1, 101, 3, 4, 2, suffix])
});

// node_modules/@noble/hashes/_md.js
function Chi(a, b, c) {
  return a & b ^ ~a & c;
}
function Maj(a, b, c) {
  return a & b ^ a & c ^ b & c;
}
var HashMD = class {
  constructor(blockLen, outputLen, padOffset, isLE) {
    __publicField(this, "blockLen");
    __publicField(this, "outputLen");
    __publicField(this, "canXOF", false);
    __publicField(this, "padOffset");
    __publicField(this, "isLE");
    // For partial updates less than block size
    __publicField(this, "buffer");
    __publicField(this, "view");
    __publicField(this, "finished", false);
    __publicField(this, "length", 0);
    __publicField(this, "pos", 0);
    __publicField(this, "destroyed", false);
    this.blockLen = blockLen;
    this.outputLen = outputLen;
    this.padOffset = padOffset;
    this.isLE = isLE;
    this.buffer = new Uint8Array(blockLen);
    this.view = createView(this.buffer);
  }
  update(data) {
    aexists(this);
    abytes(data);
    const { view, buffer, blockLen } = this;
    const len = data.length;
    let processed = false;
    for (let pos = 0; pos < len; ) {
      const take = Math.min(blockLen - this.pos, len - pos);
      if (take === blockLen) {
        const dataView = createView(data);
        for (; blockLen <= len - pos; pos += blockLen)
          this.process(dataView, pos);
        processed = true;
        continue;
      }
      buffer.set(pos === 0 && take === len ? data : data.subarray(pos, pos + take), this.pos);
      this.pos += take;
      pos += take;
      if (this.pos === blockLen) {
        this.process(view, 0);
        this.pos = 0;
        processed = true;
      }
    }
    this.length += data.length;
    if (processed)
      this.roundClean();
    return this;
  }
  digestInto(out) {
    aexists(this);
    aoutput(out, this);
    this.finished = true;
    const { buffer, view, blockLen, isLE } = this;
    let { pos } = this;
    buffer[pos++] = 128;
    buffer.fill(0, pos);
    if (this.padOffset > blockLen - pos) {
      this.process(view, 0);
      buffer.fill(0);
    }
    setU64FromNum(view, blockLen - 8, this.length * 8, isLE);
    this.process(view, 0);
    this.roundClean();
    const oview = out === buffer ? view : createView(out);
    const len = this.outputLen;
    const outLen = len / 4;
    const state = this.get();
    if (len % 4 || outLen > state.length)
      throw new Error("invalid outputLen");
    for (let i = 0; i < outLen; i++)
      oview.setUint32(4 * i, state[i], isLE);
  }
  digest() {
    const { buffer, outputLen } = this;
    this.digestInto(buffer);
    const res = buffer.slice(0, outputLen);
    this.destroy();
    return res;
  }
  _cloneIntoMeta(to) {
    const { buffer, length, finished, destroyed, pos } = this;
    to.destroyed = destroyed;
    to.finished = finished;
    to.length = length;
    to.pos = pos;
    if (pos)
      to.buffer.set(buffer);
    return to;
  }
  clone() {
    return this._cloneInto();
  }
};
var SHA256_IV = /* @__PURE__ */ Uint32Array.from([
  1779033703,
  3144134277,
  1013904242,
  2773480762,
  1359893119,
  2600822924,
  528734635,
  1541459225
]);
var SHA512_IV = /* @__PURE__ */ Uint32Array.from([
  1779033703,
  4089235720,
  3144134277,
  2227873595,
  1013904242,
  4271175723,
  2773480762,
  1595750129,
  1359893119,
  2917565137,
  2600822924,
  725511199,
  528734635,
  4215389547,
  1541459225,
  327033209
]);

// node_modules/@noble/hashes/sha2.js
var SHA256_K = /* @__PURE__ */ Uint32Array.from([
  1116352408,
  1899447441,
  3049323471,
  3921009573,
  961987163,
  1508970993,
  2453635748,
  2870763221,
  3624381080,
  310598401,
  607225278,
  1426881987,
  1925078388,
  2162078206,
  2614888103,
  3248222580,
  3835390401,
  4022224774,
  264347078,
  604807628,
  770255983,
  1249150122,
  1555081692,
  1996064986,
  2554220882,
  2821834349,
  2952996808,
  3210313671,
  3336571891,
  3584528711,
  113926993,
  338241895,
  666307205,
  773529912,
  1294757372,
  1396182291,
  1695183700,
  1986661051,
  2177026350,
  2456956037,
  2730485921,
  2820302411,
  3259730800,
  3345764771,
  3516065817,
  3600352804,
  4094571909,
  275423344,
  430227734,
  506948616,
  659060556,
  883997877,
  958139571,
  1322822218,
  1537002063,
  1747873779,
  1955562222,
  2024104815,
  2227730452,
  2361852424,
  2428436474,
  2756734187,
  3204031479,
  3329325298
]);
var SHA256_W = /* @__PURE__ */ new Uint32Array(64);
var SHA2_32B = class extends HashMD {
  constructor(outputLen, IV) {
    super(64, outputLen, 8, false);
    // We cannot use array here since array allows indexing by variable
    // which means optimizer/compiler cannot use registers.
    // Numeric initializers matter: starting the fields as `undefined` changes
    // V8's field representation and makes sha256 3x slower (measured).
    __publicField(this, "A", 0);
    __publicField(this, "B", 0);
    __publicField(this, "C", 0);
    __publicField(this, "D", 0);
    __publicField(this, "E", 0);
    __publicField(this, "F", 0);
    __publicField(this, "G", 0);
    __publicField(this, "H", 0);
    this.A = IV[0] | 0;
    this.B = IV[1] | 0;
    this.C = IV[2] | 0;
    this.D = IV[3] | 0;
    this.E = IV[4] | 0;
    this.F = IV[5] | 0;
    this.G = IV[6] | 0;
    this.H = IV[7] | 0;
  }
  get() {
    const { A, B, C, D, E, F, G: G2, H } = this;
    return [A, B, C, D, E, F, G2, H];
  }
  // prettier-ignore
  set(A, B, C, D, E, F, G2, H) {
    this.A = A | 0;
    this.B = B | 0;
    this.C = C | 0;
    this.D = D | 0;
    this.E = E | 0;
    this.F = F | 0;
    this.G = G2 | 0;
    this.H = H | 0;
  }
  _cloneInto(to) {
    (to || (to = new this.constructor())).set(...this.get());
    return this._cloneIntoMeta(to);
  }
  process(view, offset) {
    for (let i = 0; i < 16; i++, offset += 4)
      SHA256_W[i] = view.getUint32(offset, false);
    for (let i = 16; i < 64; i++) {
      const W15 = SHA256_W[i - 15];
      const W2 = SHA256_W[i - 2];
      const s0 = rotr(W15, 7) ^ rotr(W15, 18) ^ W15 >>> 3;
      const s1 = rotr(W2, 17) ^ rotr(W2, 19) ^ W2 >>> 10;
      SHA256_W[i] = s1 + SHA256_W[i - 7] + s0 + SHA256_W[i - 16] | 0;
    }
    let { A, B, C, D, E, F, G: G2, H } = this;
    for (let i = 0; i < 64; i++) {
      const sigma1 = rotr(E, 6) ^ rotr(E, 11) ^ rotr(E, 25);
      const T1 = H + sigma1 + Chi(E, F, G2) + SHA256_K[i] + SHA256_W[i] | 0;
      const sigma0 = rotr(A, 2) ^ rotr(A, 13) ^ rotr(A, 22);
      const T2 = sigma0 + Maj(A, B, C) | 0;
      H = G2;
      G2 = F;
      F = E;
      E = D + T1 | 0;
      D = C;
      C = B;
      B = A;
      A = T1 + T2 | 0;
    }
    A = A + this.A | 0;
    B = B + this.B | 0;
    C = C + this.C | 0;
    D = D + this.D | 0;
    E = E + this.E | 0;
    F = F + this.F | 0;
    G2 = G2 + this.G | 0;
    H = H + this.H | 0;
    this.set(A, B, C, D, E, F, G2, H);
  }
  roundClean() {
    clean(SHA256_W);
  }
  destroy() {
    this.destroyed = true;
    this.set(0, 0, 0, 0, 0, 0, 0, 0);
    clean(this.buffer);
  }
};
var _SHA256 = class extends SHA2_32B {
  constructor() {
    super(32, SHA256_IV);
  }
};
var K512 = /* @__PURE__ */ (() => split([
  "0x428a2f98d728ae22",
  "0x7137449123ef65cd",
  "0xb5c0fbcfec4d3b2f",
  "0xe9b5dba58189dbbc",
  "0x3956c25bf348b538",
  "0x59f111f1b605d019",
  "0x923f82a4af194f9b",
  "0xab1c5ed5da6d8118",
  "0xd807aa98a3030242",
  "0x12835b0145706fbe",
  "0x243185be4ee4b28c",
  "0x550c7dc3d5ffb4e2",
  "0x72be5d74f27b896f",
  "0x80deb1fe3b1696b1",
  "0x9bdc06a725c71235",
  "0xc19bf174cf692694",
  "0xe49b69c19ef14ad2",
  "0xefbe4786384f25e3",
  "0x0fc19dc68b8cd5b5",
  "0x240ca1cc77ac9c65",
  "0x2de92c6f592b0275",
  "0x4a7484aa6ea6e483",
  "0x5cb0a9dcbd41fbd4",
  "0x76f988da831153b5",
  "0x983e5152ee66dfab",
  "0xa831c66d2db43210",
  "0xb00327c898fb213f",
  "0xbf597fc7beef0ee4",
  "0xc6e00bf33da88fc2",
  "0xd5a79147930aa725",
  "0x06ca6351e003826f",
  "0x142929670a0e6e70",
  "0x27b70a8546d22ffc",
  "0x2e1b21385c26c926",
  "0x4d2c6dfc5ac42aed",
  "0x53380d139d95b3df",
  "0x650a73548baf63de",
  "0x766a0abb3c77b2a8",
  "0x81c2c92e47edaee6",
  "0x92722c851482353b",
  "0xa2bfe8a14cf10364",
  "0xa81a664bbc423001",
  "0xc24b8b70d0f89791",
  "0xc76c51a30654be30",
  "0xd192e819d6ef5218",
  "0xd69906245565a910",
  "0xf40e35855771202a",
  "0x106aa07032bbd1b8",
  "0x19a4c116b8d2d0c8",
  "0x1e376c085141ab53",
  "0x2748774cdf8eeb99",
  "0x34b0bcb5e19b48a8",
  "0x391c0cb3c5c95a63",
  "0x4ed8aa4ae3418acb",
  "0x5b9cca4f7763e373",
  "0x682e6ff3d6b2b8a3",
  "0x748f82ee5defb2fc",
  "0x78a5636f43172f60",
  "0x84c87814a1f0ab72",
  "0x8cc702081a6439ec",
  "0x90befffa23631e28",
  "0xa4506cebde82bde9",
  "0xbef9a3f7b2c67915",
  "0xc67178f2e372532b",
  "0xca273eceea26619c",
  "0xd186b8c721c0c207",
  "0xeada7dd6cde0eb1e",
  "0xf57d4f7fee6ed178",
  "0x06f067aa72176fba",
  "0x0a637dc5a2c898a6",
  "0x113f9804bef90dae",
  "0x1b710b35131c471b",
  "0x28db77f523047d84",
  "0x32caab7b40c72493",
  "0x3c9ebe0a15c9bebc",
  "0x431d67c49c100d4c",
  "0x4cc5d4becb3e42b6",
  "0x597f299cfc657e2a",
  "0x5fcb6fab3ad6faec",
  "0x6c44198c4a475817"
].map((n) => BigInt(n))))();
var SHA512_Kh = /* @__PURE__ */ (() => K512[0])();
var SHA512_Kl = /* @__PURE__ */ (() => K512[1])();
var SHA512_W_H = /* @__PURE__ */ new Uint32Array(80);
var SHA512_W_L = /* @__PURE__ */ new Uint32Array(80);
var SHA2_64B = class extends HashMD {
  constructor(outputLen, IV) {
    super(128, outputLen, 16, false);
    // We cannot use array here since array allows indexing by variable
    // which means optimizer/compiler cannot use registers.
    // h -- high 32 bits, l -- low 32 bits
    // Numeric initializers matter: starting the fields as `undefined` changes
    // V8's field representation and slows hashing down (measured on sha256).
    __publicField(this, "Ah", 0);
    __publicField(this, "Al", 0);
    __publicField(this, "Bh", 0);
    __publicField(this, "Bl", 0);
    __publicField(this, "Ch", 0);
    __publicField(this, "Cl", 0);
    __publicField(this, "Dh", 0);
    __publicField(this, "Dl", 0);
    __publicField(this, "Eh", 0);
    __publicField(this, "El", 0);
    __publicField(this, "Fh", 0);
    __publicField(this, "Fl", 0);
    __publicField(this, "Gh", 0);
    __publicField(this, "Gl", 0);
    __publicField(this, "Hh", 0);
    __publicField(this, "Hl", 0);
    this.Ah = IV[0] | 0;
    this.Al = IV[1] | 0;
    this.Bh = IV[2] | 0;
    this.Bl = IV[3] | 0;
    this.Ch = IV[4] | 0;
    this.Cl = IV[5] | 0;
    this.Dh = IV[6] | 0;
    this.Dl = IV[7] | 0;
    this.Eh = IV[8] | 0;
    this.El = IV[9] | 0;
    this.Fh = IV[10] | 0;
    this.Fl = IV[11] | 0;
    this.Gh = IV[12] | 0;
    this.Gl = IV[13] | 0;
    this.Hh = IV[14] | 0;
    this.Hl = IV[15] | 0;
  }
  // prettier-ignore
  get() {
    const { Ah, Al, Bh, Bl, Ch, Cl, Dh, Dl, Eh, El, Fh, Fl, Gh, Gl, Hh, Hl } = this;
    return [Ah, Al, Bh, Bl, Ch, Cl, Dh, Dl, Eh, El, Fh, Fl, Gh, Gl, Hh, Hl];
  }
  // prettier-ignore
  set(Ah, Al, Bh, Bl, Ch, Cl, Dh, Dl, Eh, El, Fh, Fl, Gh, Gl, Hh, Hl) {
    this.Ah = Ah | 0;
    this.Al = Al | 0;
    this.Bh = Bh | 0;
    this.Bl = Bl | 0;
    this.Ch = Ch | 0;
    this.Cl = Cl | 0;
    this.Dh = Dh | 0;
    this.Dl = Dl | 0;
    this.Eh = Eh | 0;
    this.El = El | 0;
    this.Fh = Fh | 0;
    this.Fl = Fl | 0;
    this.Gh = Gh | 0;
    this.Gl = Gl | 0;
    this.Hh = Hh | 0;
    this.Hl = Hl | 0;
  }
  _cloneInto(to) {
    (to || (to = new this.constructor())).set(...this.get());
    return this._cloneIntoMeta(to);
  }
  process(view, offset) {
    for (let i = 0; i < 16; i++, offset += 4) {
      SHA512_W_H[i] = view.getUint32(offset);
      SHA512_W_L[i] = view.getUint32(offset += 4);
    }
    for (let i = 16; i < 80; i++) {
      const W15h = SHA512_W_H[i - 15] | 0;
      const W15l = SHA512_W_L[i - 15] | 0;
      const s0h = rotrSH(W15h, W15l, 1) ^ rotrSH(W15h, W15l, 8) ^ shrSH(W15h, W15l, 7);
      const s0l = rotrSL(W15h, W15l, 1) ^ rotrSL(W15h, W15l, 8) ^ shrSL(W15h, W15l, 7);
      const W2h = SHA512_W_H[i - 2] | 0;
      const W2l = SHA512_W_L[i - 2] | 0;
      const s1h = rotrSH(W2h, W2l, 19) ^ rotrBH(W2h, W2l, 61) ^ shrSH(W2h, W2l, 6);
      const s1l = rotrSL(W2h, W2l, 19) ^ rotrBL(W2h, W2l, 61) ^ shrSL(W2h, W2l, 6);
      const SUMl = add4L(s0l, s1l, SHA512_W_L[i - 7], SHA512_W_L[i - 16]);
      const SUMh = add4H(SUMl, s0h, s1h, SHA512_W_H[i - 7], SHA512_W_H[i - 16]);
      SHA512_W_H[i] = SUMh | 0;
      SHA512_W_L[i] = SUMl | 0;
    }
    let { Ah, Al, Bh, Bl, Ch, Cl, Dh, Dl, Eh, El, Fh, Fl, Gh, Gl, Hh, Hl } = this;
    for (let i = 0; i < 80; i++) {
      const sigma1h = rotrSH(Eh, El, 14) ^ rotrSH(Eh, El, 18) ^ rotrBH(Eh, El, 41);
      const sigma1l = rotrSL(Eh, El, 14) ^ rotrSL(Eh, El, 18) ^ rotrBL(Eh, El, 41);
      const CHIh = Eh & Fh ^ ~Eh & Gh;
      const CHIl = El & Fl ^ ~El & Gl;
      const T1ll = add5L(Hl, sigma1l, CHIl, SHA512_Kl[i], SHA512_W_L[i]);
      const T1h = add5H(T1ll, Hh, sigma1h, CHIh, SHA512_Kh[i], SHA512_W_H[i]);
      const T1l = T1ll | 0;
      const sigma0h = rotrSH(Ah, Al, 28) ^ rotrBH(Ah, Al, 34) ^ rotrBH(Ah, Al, 39);
      const sigma0l = rotrSL(Ah, Al, 28) ^ rotrBL(Ah, Al, 34) ^ rotrBL(Ah, Al, 39);
      const MAJh = Ah & Bh ^ Ah & Ch ^ Bh & Ch;
      const MAJl = Al & Bl ^ Al & Cl ^ Bl & Cl;
      Hh = Gh | 0;
      Hl = Gl | 0;
      Gh = Fh | 0;
      Gl = Fl | 0;
      Fh = Eh | 0;
      Fl = El | 0;
      ({ h: Eh, l: El } = add(Dh | 0, Dl | 0, T1h | 0, T1l | 0));
      Dh = Ch | 0;
      Dl = Cl | 0;
      Ch = Bh | 0;
      Cl = Bl | 0;
      Bh = Ah | 0;
      Bl = Al | 0;
      const All = add3L(T1l, sigma0l, MAJl);
      Ah = add3H(All, T1h, sigma0h, MAJh);
      Al = All | 0;
    }
    ({ h: Ah, l: Al } = add(this.Ah | 0, this.Al | 0, Ah | 0, Al | 0));
    ({ h: Bh, l: Bl } = add(this.Bh | 0, this.Bl | 0, Bh | 0, Bl | 0));
    ({ h: Ch, l: Cl } = add(this.Ch | 0, this.Cl | 0, Ch | 0, Cl | 0));
    ({ h: Dh, l: Dl } = add(this.Dh | 0, this.Dl | 0, Dh | 0, Dl | 0));
    ({ h: Eh, l: El } = add(this.Eh | 0, this.El | 0, Eh | 0, El | 0));
    ({ h: Fh, l: Fl } = add(this.Fh | 0, this.Fl | 0, Fh | 0, Fl | 0));
    ({ h: Gh, l: Gl } = add(this.Gh | 0, this.Gl | 0, Gh | 0, Gl | 0));
    ({ h: Hh, l: Hl } = add(this.Hh | 0, this.Hl | 0, Hh | 0, Hl | 0));
    this.set(Ah, Al, Bh, Bl, Ch, Cl, Dh, Dl, Eh, El, Fh, Fl, Gh, Gl, Hh, Hl);
  }
  roundClean() {
    clean(SHA512_W_H, SHA512_W_L);
  }
  destroy() {
    this.destroyed = true;
    clean(this.buffer);
    this.set(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  }
};
var _SHA512 = class extends SHA2_64B {
  constructor() {
    super(64, SHA512_IV);
  }
};
var sha256 = /* @__PURE__ */ createHasher(
  () => new _SHA256(),
  /* @__PURE__ */ oidNist(1)
);
var sha512 = /* @__PURE__ */ createHasher(
  () => new _SHA512(),
  /* @__PURE__ */ oidNist(3)
);

// node_modules/@noble/curves/utils.js
/*! noble-curves - MIT License (c) 2022 Paul Miller (paulmillr.com) */
function aarray(item, title, inner = () => {
}) {
  if (!Array.isArray(item))
    throw new TypeError(`"${title}" expected array, got type=${typeof item}`);
  for (let i = 0; i < item.length; i++)
    inner(item[i], `${title}[${i}]`);
  return item;
}
var abytes2 = (value, length, title) => abytes(value, length, title);
var anumber2 = anumber;
function aobject2(value, title = "object") {
  if (value === null || typeof value !== "object" || Array.isArray(value))
    throw new TypeError(title === "object" ? "expected valid options object" : `"${title}" expected object, got type=${typeof value}`);
  return value;
}
function afunction(value, title) {
  if (typeof value !== "function")
    throw new TypeError(`"${title}" is invalid: expected function, got ${typeof value}`);
  return value;
}
var bytesToHex2 = bytesToHex;
var concatBytes2 = (...arrays) => concatBytes(...arrays);
var hexToBytes2 = (hex) => hexToBytes(hex);
var isBytes2 = isBytes;
var randomBytes2 = (bytesLength) => randomBytes(bytesLength);
var _0n = /* @__PURE__ */ BigInt(0);
var _1n = /* @__PURE__ */ BigInt(1);
var atitle2 = (title) => title ? `"${title}" ` : "";
function abool(value, title = "") {
  if (typeof value !== "boolean")
    throw new TypeError(atitle2(title) + "expected boolean, got type=" + typeof value);
  return value;
}
function abignumber(n) {
  if (typeof n === "bigint") {
    if (!isPosBig(n))
      throw new RangeError("positive bigint expected, got " + n);
  } else
    anumber2(n);
  return n;
}
function asafenumber(value, title = "") {
  if (typeof value !== "number") {
    const prefix = title && `"${title}" `;
    throw new TypeError(prefix + "expected number, got type=" + typeof value);
  }
  if (!Number.isSafeInteger(value)) {
    const prefix = title && `"${title}" `;
    throw new RangeError(prefix + "expected safe integer, got " + value);
  }
}
function hexToNumber(hex) {
  if (typeof hex !== "string")
    throw new TypeError("hex string expected, got " + typeof hex);
  return hex === "" ? _0n : BigInt("0x" + hex);
}
function bytesToNumberBE(bytes) {
  return hexToNumber(bytesToHex(bytes));
}
function bytesToNumberLE(bytes) {
  return hexToNumber(bytesToHex(copyBytes(abytes(bytes)).reverse()));
}
function numberToBytesBE(n, len) {
  anumber(len);
  if (len === 0)
    throw new Error("zero output length is invalid");
  n = abignumber(n);
  const expectedLen = len * 2;
  const hex = n.toString(16);
  if (hex.length > expectedLen)
    throw new RangeError("number is too large");
  return hexToBytes(hex.padStart(expectedLen, "0"));
}
function numberToBytesLE(n, len) {
  return numberToBytesBE(n, len).reverse();
}
function equalBytes2(a, b) {
  a = abytes2(a);
  b = abytes2(b);
  if (a.length !== b.length)
    return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++)
    diff |= a[i] ^ b[i];
  return diff === 0;
}
function copyBytes(bytes) {
  return Uint8Array.from(abytes2(bytes));
}
function asciiToBytes(ascii) {
  if (typeof ascii !== "string")
    throw new TypeError("ascii string expected, got " + typeof ascii);
  return Uint8Array.from(ascii, (c, i) => {
    const charCode = c.charCodeAt(0);
    if (c.length !== 1 || charCode > 127) {
      throw new RangeError(`string contains non-ASCII character "${ascii[i]}" with code ${charCode} at position ${i}`);
    }
    return charCode;
  });
}
function isPosBig(n) {
  return typeof n === "bigint" && _0n <= n;
}
function inRange(n, min, max) {
  return isPosBig(n) && isPosBig(min) && isPosBig(max) && min <= n && n < max;
}
function aInRange(title, n, min, max) {
  if (!inRange(n, min, max))
    throw new RangeError("expected valid " + title + ": " + min + " <= n < " + max + ", got " + n);
}
function bitLen(n) {
  if (n < _0n)
    throw new Error("expected non-negative bigint, got " + n);
  return n === _0n ? 0 : n.toString(2).length;
}
var bitMask = (n) => {
  asafenumber(n, "n");
  return (_1n << BigInt(n)) - _1n;
};
function validateObject(object, fields = {}, optFields = {}, title = "object") {
  aobject2(object, title);
  aobject2(fields, "fields");
  aobject2(optFields, "optFields");
  function checkField(fieldName, expectedType, isOpt) {
    const label = title === "object" ? `param "${String(fieldName)}"` : `"${title}.${String(fieldName)}"`;
    const val = object[fieldName];
    if (!Object.hasOwn(object, fieldName) && (isOpt ? val !== void 0 : expectedType !== "function")) {
      throw new TypeError(`${label} is invalid: expected own property`);
    }
    if (isOpt && val === void 0)
      return;
    const current = typeof val;
    if (current !== expectedType || val === null)
      throw new TypeError(`${label} is invalid: expected ${expectedType}, got ${current}`);
  }
  const iter = (f, isOpt) => Object.entries(f).forEach(([k, v]) => checkField(k, v, isOpt));
  iter(fields, false);
  iter(optFields, true);
}
var notImplemented = () => {
  throw new Error("not implemented");
};

// node_modules/@noble/curves/abstract/modular.js
/*! noble-curves - MIT License (c) 2022 Paul Miller (paulmillr.com) */
var _0n2 = /* @__PURE__ */ BigInt(0);
var _1n2 = /* @__PURE__ */ BigInt(1);
var _2n = /* @__PURE__ */ BigInt(2);
var _3n = /* @__PURE__ */ BigInt(3);
var _4n = /* @__PURE__ */ BigInt(4);
var _5n = /* @__PURE__ */ BigInt(5);
var _7n = /* @__PURE__ */ BigInt(7);
var _8n = /* @__PURE__ */ BigInt(8);
var _9n = /* @__PURE__ */ BigInt(9);
var _15n = /* @__PURE__ */ BigInt(15);
var _16n = /* @__PURE__ */ BigInt(16);
var POW_WINDOWED_MIN = /* @__PURE__ */ BigInt("0x10000000000000000");
function mod(a, b) {
  if (b <= _0n2)
    throw new Error("mod: expected positive modulus, got " + b);
  const result = a % b;
  return result >= _0n2 ? result : b + result;
}
function pow(num, power, modulo) {
  if (modulo <= _1n2)
    throw new Error("pow: expected modulus > 1, got " + modulo);
  if (typeof power !== "bigint")
    throw new TypeError("invalid exponent: expected bigint, got " + typeof power);
  if (power < _0n2)
    throw new Error("invalid exponent, negatives unsupported");
  if (power === _0n2)
    return _1n2;
  if (power === _1n2)
    return num;
  let d = num % modulo;
  if (d < _0n2)
    d += modulo;
  if (power < POW_WINDOWED_MIN) {
    let p2 = _1n2;
    while (power > _0n2) {
      if (power & _1n2)
        p2 = p2 * d % modulo;
      d = d * d % modulo;
      power >>= _1n2;
    }
    return p2;
  }
  const digits = [];
  while (power > _0n2) {
    digits.push(Number(power & _15n));
    power >>= _4n;
  }
  const table = new Array(16);
  table[0] = _1n2;
  table[1] = d;
  for (let i = 2; i < 16; i++)
    table[i] = table[i - 1] * d % modulo;
  let p = table[digits[digits.length - 1]];
  for (let w = digits.length - 2; w >= 0; w--) {
    p = p * p % modulo;
    p = p * p % modulo;
    p = p * p % modulo;
    p = p * p % modulo;
    const digit = digits[w];
    if (digit !== 0)
      p = p * table[digit] % modulo;
  }
  return p;
}
function pow2(x, power, modulo) {
  if (modulo <= _1n2)
    throw new Error("pow2: expected modulus > 1, got " + modulo);
  if (power < _0n2)
    throw new Error("pow2: expected non-negative exponent, got " + power);
  let res = x;
  while (power-- > _0n2) {
    res *= res;
    res %= modulo;
  }
  return res;
}
function invert(number, modulo) {
  if (number === _0n2)
    throw new Error("invert: expected non-zero number");
  if (modulo <= _1n2)
    throw new Error("invert: expected modulus > 1, got " + modulo);
  let a = mod(number, modulo);
  let b = modulo;
  let x = _0n2, u = _1n2;
  while (a !== _0n2) {
    const q = b / a;
    const r = b - a * q;
    const m = x - u * q;
    b = a, a = r, x = u, u = m;
  }
  const gcd = b;
  if (gcd !== _1n2)
    throw new Error("invert: does not exist");
  return mod(x, modulo);
}
function assertIsSquare(Fp2, root, n) {
  const F = Fp2;
  if (!F.eql(F.sqr(root), n))
    throw new Error("Cannot find square root");
}
function aoddModulus(order, fnName) {
  if ((order & _1n2) === _0n2)
    throw new Error(fnName + ": expected odd modulus, got " + order);
}
function sqrt3mod4(Fp2, n) {
  const F = Fp2;
  const p1div4 = (F.ORDER + _1n2) / _4n;
  const root = F.pow(n, p1div4);
  assertIsSquare(F, root, n);
  return root;
}
function sqrt5mod8(Fp2, n) {
  const F = Fp2;
  const p5div8 = (F.ORDER - _5n) / _8n;
  const n2 = F.mul(n, _2n);
  const v = F.pow(n2, p5div8);
  const nv = F.mul(n, v);
  const i = F.mul(F.mul(nv, _2n), v);
  const root = F.mul(nv, F.sub(i, F.ONE));
  assertIsSquare(F, root, n);
  return root;
}
function sqrt9mod16(P) {
  const Fp_ = Field(P);
  const tn = tonelliShanks(P);
  const c1 = tn(Fp_, Fp_.neg(Fp_.ONE));
  const c2 = tn(Fp_, c1);
  const c3 = tn(Fp_, Fp_.neg(c1));
  const c4 = (P + _7n) / _16n;
  return ((Fp2, n) => {
    const F = Fp2;
    let tv1 = F.pow(n, c4);
    let tv2 = F.mul(tv1, c1);
    const tv3 = F.mul(tv1, c2);
    const tv4 = F.mul(tv1, c3);
    const e1 = F.eql(F.sqr(tv2), n);
    const e2 = F.eql(F.sqr(tv3), n);
    tv1 = F.cmov(tv1, tv2, e1);
    tv2 = F.cmov(tv4, tv3, e2);
    const e3 = F.eql(F.sqr(tv2), n);
    const root = F.cmov(tv1, tv2, e3);
    assertIsSquare(F, root, n);
    return root;
  });
}
function tonelliShanks(P) {
  if (P < _3n)
    throw new Error("sqrt is not defined for small field");
  aoddModulus(P, "tonelliShanks");
  let Q = P - _1n2;
  let S = 0;
  while (Q % _2n === _0n2) {
    Q /= _2n;
    S++;
  }
  let Z = _2n;
  const _Fp = Field(P);
  while (FpLegendre(_Fp, Z) === 1) {
    if (Z++ > 1e3)
      throw new Error("Cannot find square root: probably non-prime P");
  }
  if (S === 1)
    return sqrt3mod4;
  let cc = _Fp.pow(Z, Q);
  const Q1div2 = (Q + _1n2) / _2n;
  return function tonelliSlow(Fp2, n) {
    const F = Fp2;
    if (F.is0(n))
      return n;
    if (FpLegendre(F, n) !== 1)
      throw new Error("Cannot find square root");
    let M = S;
    let c = F.mul(F.ONE, cc);
    let t = F.pow(n, Q);
    let R = F.pow(n, Q1div2);
    while (!F.eql(t, F.ONE)) {
      if (F.is0(t))
        throw new Error("Cannot find square root: probably non-prime P");
      let i = 1;
      let t_tmp = F.sqr(t);
      while (!F.eql(t_tmp, F.ONE)) {
        i++;
        t_tmp = F.sqr(t_tmp);
        if (i === M)
          throw new Error("Cannot find square root");
      }
      const exponent = _1n2 << BigInt(M - i - 1);
      const b = F.pow(c, exponent);
      M = i;
      c = F.sqr(b);
      t = F.mul(t, c);
      R = F.mul(R, b);
    }
    return R;
  };
}
function FpSqrt(P) {
  aoddModulus(P, "Fp.sqrt");
  if (P % _4n === _3n)
    return sqrt3mod4;
  if (P % _8n === _5n)
    return sqrt5mod8;
  if (P % _16n === _9n)
    return sqrt9mod16(P);
  return tonelliShanks(P);
}
var isNegativeLE = (num, modulo) => (mod(num, modulo) & _1n2) === _1n2;
var FIELD_FIELDS = [
  "create",
  "isValid",
  "is0",
  "neg",
  "inv",
  "sqrt",
  "sqr",
  "eql",
  "add",
  "sub",
  "mul",
  "pow",
  "div",
  "addN",
  "subN",
  "mulN",
  "sqrN"
];
function validateField(field) {
  aobject2(field, "field");
  if (typeof field.ORDER !== "bigint")
    throw new TypeError('param "ORDER" is invalid: expected bigint, got ' + typeof field.ORDER);
  asafenumber(field.BYTES, "BYTES");
  asafenumber(field.BITS, "BITS");
  for (const name of FIELD_FIELDS)
    afunction(field[name], "field." + name);
  if (field.BYTES < 1 || field.BITS < 1)
    throw new Error("invalid field: expected BYTES/BITS > 0");
  if (field.ORDER <= _1n2)
    throw new Error("invalid field: expected ORDER > 1, got " + field.ORDER);
  return field;
}
function FpInvertBatch(Fp2, nums, passZero = false) {
  validateField(Fp2);
  aarray(nums, "nums");
  abool(passZero, "passZero");
  const F = Fp2;
  const inverted = new Array(nums.length).fill(passZero ? F.ZERO : void 0);
  const multipliedAcc = nums.reduce((acc, num, i) => {
    if (F.is0(num))
      return acc;
    inverted[i] = acc;
    return F.mul(acc, num);
  }, F.ONE);
  const invertedAcc = F.inv(multipliedAcc);
  nums.reduceRight((acc, num, i) => {
    if (F.is0(num))
      return acc;
    inverted[i] = F.mul(acc, inverted[i]);
    return F.mul(acc, num);
  }, invertedAcc);
  return inverted;
}
function FpLegendre(Fp2, n) {
  validateField(Fp2);
  const F = Fp2;
  aoddModulus(F.ORDER, "FpLegendre");
  const p1mod2 = (F.ORDER - _1n2) / _2n;
  const powered = F.pow(n, p1mod2);
  const yes = F.eql(powered, F.ONE);
  const zero = F.eql(powered, F.ZERO);
  const no = F.eql(powered, F.neg(F.ONE));
  if (!yes && !zero && !no)
    throw new Error("invalid Legendre symbol result");
  return yes ? 1 : zero ? 0 : -1;
}
function nLength(n, nBitLength) {
  if (nBitLength !== void 0)
    anumber2(nBitLength);
  if (n <= _0n2)
    throw new Error("invalid n length: expected positive n, got " + n);
  if (nBitLength !== void 0 && nBitLength < 1)
    throw new Error("invalid n length: expected positive bit length, got " + nBitLength);
  const bits = bitLen(n);
  if (nBitLength !== void 0 && nBitLength < bits)
    throw new Error(`invalid n length: expected nBitLength (${nBitLength}) >= bitLen(n) (${bits})`);
  const _nBitLength = nBitLength !== void 0 ? nBitLength : bits;
  const nByteLength = Math.ceil(_nBitLength / 8);
  return { nBitLength: _nBitLength, nByteLength };
}
var FIELD_SQRT = /* @__PURE__ */ new WeakMap();
var _Field = class {
  constructor(ORDER, opts = {}) {
    __publicField(this, "ORDER");
    __publicField(this, "BITS");
    __publicField(this, "BYTES");
    __publicField(this, "isLE");
    __publicField(this, "ZERO", _0n2);
    __publicField(this, "ONE", _1n2);
    __publicField(this, "_lengths");
    __publicField(this, "_mod");
    if (ORDER <= _1n2)
      throw new Error("invalid field: expected ORDER > 1, got " + ORDER);
    let _nbitLength = void 0;
    this.isLE = false;
    if (opts != null && typeof opts === "object") {
      if (typeof opts.BITS === "number")
        _nbitLength = opts.BITS;
      if (typeof opts.sqrt === "function")
        Object.defineProperty(this, "sqrt", { value: opts.sqrt, enumerable: true });
      if (typeof opts.isLE === "boolean")
        this.isLE = opts.isLE;
      if (opts.allowedLengths)
        this._lengths = Object.freeze(opts.allowedLengths.slice());
      if (typeof opts.modFromBytes === "boolean")
        this._mod = opts.modFromBytes;
    }
    const { nBitLength, nByteLength } = nLength(ORDER, _nbitLength);
    if (nByteLength > 2048)
      throw new Error("invalid field: expected ORDER of <= 2048 bytes");
    this.ORDER = ORDER;
    this.BITS = nBitLength;
    this.BYTES = nByteLength;
    Object.freeze(this);
  }
  create(num) {
    return mod(num, this.ORDER);
  }
  isValid(num) {
    if (typeof num !== "bigint")
      throw new TypeError("invalid field element: expected bigint, got " + typeof num);
    return _0n2 <= num && num < this.ORDER;
  }
  is0(num) {
    return num === _0n2;
  }
  // is valid and invertible
  isValidNot0(num) {
    return !this.is0(num) && this.isValid(num);
  }
  isOdd(num) {
    return (num & _1n2) === _1n2;
  }
  neg(num) {
    return mod(-num, this.ORDER);
  }
  eql(lhs, rhs) {
    return lhs === rhs;
  }
  sqr(num) {
    return mod(num * num, this.ORDER);
  }
  add(lhs, rhs) {
    return mod(lhs + rhs, this.ORDER);
  }
  sub(lhs, rhs) {
    return mod(lhs - rhs, this.ORDER);
  }
  mul(lhs, rhs) {
    return mod(lhs * rhs, this.ORDER);
  }
  pow(num, power) {
    return pow(num, power, this.ORDER);
  }
  div(lhs, rhs) {
    return mod(lhs * invert(rhs, this.ORDER), this.ORDER);
  }
  // Same as above, but doesn't normalize
  sqrN(num) {
    return num * num;
  }
  addN(lhs, rhs) {
    return lhs + rhs;
  }
  subN(lhs, rhs) {
    return lhs - rhs;
  }
  mulN(lhs, rhs) {
    return lhs * rhs;
  }
  inv(num) {
    return invert(num, this.ORDER);
  }
  sqrt(num) {
    let sqrt = FIELD_SQRT.get(this);
    if (!sqrt)
      FIELD_SQRT.set(this, sqrt = FpSqrt(this.ORDER));
    return sqrt(this, num);
  }
  toBytes(num) {
    return this.isLE ? numberToBytesLE(num, this.BYTES) : numberToBytesBE(num, this.BYTES);
  }
  fromBytes(bytes, skipValidation = false) {
    abytes2(bytes);
    const { _lengths: allowedLengths, BYTES, isLE, ORDER, _mod: modFromBytes } = this;
    if (allowedLengths) {
      if (bytes.length < 1 || !allowedLengths.includes(bytes.length) || bytes.length > BYTES) {
        throw new Error("Field.fromBytes: expected " + allowedLengths + " bytes, got " + bytes.length);
      }
      const padded = new Uint8Array(BYTES);
      padded.set(bytes, isLE ? 0 : padded.length - bytes.length);
      bytes = padded;
    }
    if (bytes.length !== BYTES)
      throw new Error("Field.fromBytes: expected " + BYTES + " bytes, got " + bytes.length);
    let scalar = isLE ? bytesToNumberLE(bytes) : bytesToNumberBE(bytes);
    if (modFromBytes)
      scalar = mod(scalar, ORDER);
    if (!skipValidation) {
      if (!this.isValid(scalar))
        throw new Error("invalid field element: outside of range 0..ORDER");
    }
    return scalar;
  }
  // TODO: we don't need it here, move out to separate fn
  invertBatch(lst) {
    return FpInvertBatch(this, lst, true);
  }
  // We can't move this out because Fp6, Fp12 implement it
  // and it's unclear what to return in there.
  cmov(a, b, condition) {
    abool(condition, "condition");
    return condition ? b : a;
  }
};
function Field(ORDER, opts = {}) {
  Object.freeze(_Field.prototype);
  return new _Field(ORDER, opts);
}

// node_modules/@noble/curves/abstract/curve.js
/*! noble-curves - MIT License (c) 2022 Paul Miller (paulmillr.com) */
var _0n3 = /* @__PURE__ */ BigInt(0);
var _1n3 = /* @__PURE__ */ BigInt(1);
var _4n2 = /* @__PURE__ */ BigInt(4);
var BLIND_BYTES = 16;
var BLIND_BITS = 128;
var FW_WINDOW = 5;
var TABLE_BYTES_MAX = /* @__PURE__ */ (() => 2 ** 31)();
function validatePointCons(Point2) {
  const pc = Point2;
  if (typeof pc !== "function")
    throw new TypeError('"Point" expected constructor, got type=' + typeof Point2);
  afunction(pc.fromAffine, "Point.fromAffine");
  afunction(pc.fromBytes, "Point.fromBytes");
  afunction(pc.fromHex, "Point.fromHex");
  aobject2(pc.BASE, "Point.BASE");
  aobject2(pc.ZERO, "Point.ZERO");
  validateField(pc.Fp);
  validateField(pc.Fn);
}
function normalizeZ(c, points) {
  validatePointCons(c);
  validateMSMPoints(points, c);
  const invertedZs = FpInvertBatch(c.Fp, points.map((p) => p.Z));
  return points.map((p, i) => c.fromAffine(p.toAffine(invertedZs[i])));
}
function validateW(W, bits, min = 1) {
  if (!Number.isSafeInteger(W) || W < min || W > bits)
    throw new Error("invalid window size, expected [" + min + ".." + bits + "], got W=" + W);
}
function validateTableBytes(numPoints, fpBytes) {
  const bytes = numPoints * (4 * fpBytes + 128);
  if (bytes > TABLE_BYTES_MAX)
    throw new Error("invalid window size: table would need ~" + Math.ceil(bytes / 2 ** 20) + " MiB, max " + TABLE_BYTES_MAX / 2 ** 20 + " MiB");
}
function probeRandomBytes(randomBytes3, length) {
  if (randomBytes3 === void 0)
    return void 0;
  afunction(randomBytes3, "randomBytes");
  try {
    const probe = randomBytes3(length);
    if (!isBytes2(probe) || probe.length !== length)
      return void 0;
  } catch {
    return void 0;
  }
  return randomBytes3;
}
function validateMSMPoints(points, c) {
  aarray(points, "points");
  points.forEach((p, i) => {
    if (!(p instanceof c))
      throw new Error("invalid point at index " + i);
  });
}
function validateMSMScalars(scalars, field, maxScalar) {
  if (!Array.isArray(scalars))
    throw new Error("array of scalars expected");
  scalars.forEach((s, i) => {
    const ok = maxScalar === void 0 ? field.isValid(s) : isPosBig(s) && s < maxScalar;
    if (!ok)
      throw new Error("invalid scalar at index " + i);
  });
}
var pointWindowSizes = /* @__PURE__ */ new WeakMap();
function getWindowSize(P) {
  return pointWindowSizes.get(P) || 1;
}
function oddMultiples(p, size) {
  const dbl = p.double();
  const t = [p];
  for (let j = 1; j < size; j++)
    t.push(t[j - 1].add(dbl));
  return t;
}
function wnafDigits(n, W) {
  const size = 2 ** W;
  const half = size / 2;
  const mask = BigInt(size - 1);
  const d = [];
  while (n > _0n3) {
    let w = 0;
    if (n & _1n3) {
      w = Number(n & mask);
      if (w >= half)
        w -= size;
      n -= BigInt(w);
    }
    d.push(w);
    n >>= _1n3;
  }
  return d;
}
function signedWindowDigits(n, W, windows) {
  const size = 2 ** W;
  const half = size / 2;
  const mask = BigInt(size - 1);
  const shiftBy = BigInt(W);
  const d = [];
  for (let w = 0; w < windows; w++) {
    let v = Number(n & mask);
    n >>= shiftBy;
    if (v > half) {
      v -= size;
      n += _1n3;
    }
    d.push(v);
  }
  if (n !== _0n3)
    throw new Error("invalid wnaf");
  return d;
}
function wnafWalk(zero, tables, digits) {
  let max = 0;
  for (const d of digits)
    max = Math.max(max, d.length);
  let acc = zero;
  for (let bit = max - 1; bit >= 0; bit--) {
    if (bit !== max - 1)
      acc = acc.double();
    for (let i = 0; i < digits.length; i++) {
      const w = digits[i][bit];
      if (w) {
        const item = tables[i][Math.abs(w) - 1 >> 1];
        acc = acc.add(w < 0 ? item.negate() : item);
      }
    }
  }
  return acc;
}
var ScalarMultiplier = class {
  // Parametrized with a given Point class (not individual point)
  constructor(Point2, randomBytes3) {
    __publicField(this, "Point");
    __publicField(this, "BASE");
    __publicField(this, "ZERO");
    __publicField(this, "randomBytes");
    __publicField(this, "wnafPrecomputes", /* @__PURE__ */ new WeakMap());
    __publicField(this, "baseCanBeBlinded");
    __publicField(this, "bits");
    validatePointCons(Point2);
    this.randomBytes = probeRandomBytes(randomBytes3, BLIND_BYTES);
    this.Point = Point2;
    this.BASE = Point2.BASE;
    this.ZERO = Point2.ZERO;
    this.bits = Point2.Fn.BITS;
  }
  /**
   * Creates a signed fixed-window wNAF precomputation table: for every window w, the
   * multiples `[1..2^(W−1)]⋅2^(w⋅W)⋅P`, flattened. All doublings are baked into the table,
   * so cached multiplication is additions-only. `windows = ceil(bits/W) + 1`: the extra
   * window absorbs the final carry of signed-digit recoding.
   * For a 256-bit curve and W=6, the table is 44⋅32 = 1408 points.
   * @param point - Point instance
   * @param W - window size
   * @param bits - scalar bitlength the table must cover
   */
  buildWnafTable(point, W, bits) {
    const windows = Math.ceil(bits / W) + 1;
    const half = 2 ** (W - 1);
    const comp = [];
    let base = point;
    for (let w = 0; w < windows; w++) {
      let acc = base;
      for (let i = 0; i < half; i++) {
        comp.push(acc);
        acc = acc.add(base);
      }
      base = comp[comp.length - 1].double();
    }
    return { W, bits, windows, comp };
  }
  /**
   * Implements ec multiplication using precomputed signed fixed-window wNAF tables.
   * Constant-time: fixed window count with one table addition per window — zero digits feed
   * the fake accumulator — and no doublings; the lookup scans the whole window slice.
   * Scalar bounds are validated by the public entry points ({@link ScalarMultiplier.mulCT},
   * {@link ScalarMultiplier.mulCTBlinded}, {@link ScalarMultiplier.mulUnsafe});
   * signedWindowDigits throws if `n` exceeds the table.
   * @returns real and fake (for const-time) points
   */
  wnafCachedCT(precomputes, n) {
    const { W, windows, comp } = precomputes;
    const half = 2 ** (W - 1);
    const digits = signedWindowDigits(n, W, windows);
    let p = this.ZERO;
    let f = this.BASE;
    for (let w = 0; w < windows; w++) {
      const digit = digits[w];
      const start = w * half;
      const idx = Math.abs(digit) - 1;
      let sel = comp[start];
      for (let i = 1; i < half; i++)
        sel = i === idx ? comp[start + i] : sel;
      const neg = sel.negate();
      if (digit === 0)
        f = f.add(comp[start]);
      else
        p = p.add(digit < 0 ? neg : sel);
    }
    return { p, f };
  }
  // Cache key is point identity plus (W, bits); at most two entries exist per point (public-width
  // `Fn.BITS` and blinded `Fn.BITS + BLIND_BITS`). Callers must not reuse the same point with
  // incompatible `transform(...)` layouts and expect a separate cache entry.
  getWnafPrecomputes(W, point, bits, transform) {
    let entries = this.wnafPrecomputes.get(point);
    let comp = entries?.find((entry) => entry.W === W && entry.bits === bits);
    if (!comp) {
      comp = this.buildWnafTable(point, W, bits);
      if (typeof transform === "function")
        comp = { ...comp, comp: transform(comp.comp) };
      if (!entries) {
        entries = [];
        this.wnafPrecomputes.set(point, entries);
      }
      entries.push(comp);
    }
    return comp;
  }
  assertPoint(point) {
    if (!(point instanceof this.Point))
      throw new TypeError('"point" expected Point instance, got type=' + typeof point);
  }
  // Shared prologue of the constant-time entry points. Rejects scalar 0: in key/signature-style
  // callers a zero scalar means broken upstream plumbing, and concrete Points already reject it.
  // Uses inRange instead of Fn.isValidNot0: validateField() only certifies the arithmetic subset.
  validateMulInput(point, scalar) {
    this.assertPoint(point);
    if (!inRange(scalar, _1n3, this.Point.Fn.ORDER))
      throw new Error("invalid scalar");
  }
  // Constant-time dispatch shared by mulCT / mulCTBlinded. Un-precomputed points (W===1, e.g.
  // ECDH peer keys) skip building a throwaway cached table in favor of a small fixed-window
  // multiply. `n` must be < 2^bits.
  runCT(point, n, bits, transform) {
    const W = getWindowSize(point);
    if (W === 1)
      return this.fixedWindowCT(point, n, bits);
    return this.wnafCachedCT(this.getWnafPrecomputes(W, point, bits, transform), n);
  }
  mulCT(point, scalar, transform) {
    this.validateMulInput(point, scalar);
    return this.runCT(point, scalar, this.bits, transform);
  }
  mulCTBlinded(point, scalar, transform) {
    this.validateMulInput(point, scalar);
    if (this.randomBytes === void 0)
      throw new Error("randomBytes is required for scalar blinding");
    const bits = this.Point.Fn.BITS + BLIND_BITS;
    const blind = this.randomBytes(BLIND_BYTES);
    if (!isBytes2(blind) || blind.length !== BLIND_BYTES)
      throw new Error("randomBytes returned invalid byte array");
    blind[0] = blind[0] & 63 | 128;
    const n = scalar + bytesToNumberBE(blind) * this.Point.Fn.ORDER;
    return this.runCT(point, n, bits, transform);
  }
  /**
   * Constant-time multiplication `n*point` for an un-precomputed point, via a small fixed window.
   * A cached wNAF table only pays off when reused; a flat 2^FW_WINDOW table (`size-1` adds) is
   * far cheaper to build for a single use. The point-operation sequence is independent of `n`:
   * build the table, then per window exactly FW_WINDOW doublings, a data-oblivious scan over
   * every table entry, and one addition (adds the identity when the window digit is 0 — never
   * skipped).
   *
   * `n` must be `< 2^bits`. Assumes complete addition (adding the identity costs the same as any
   * add), which holds for the Weierstrass/Edwards point types used here. The table is left in
   * projective form (no normalizeZ): normalizing this small a table costs more than the
   * mixed-add savings it would buy for a single multiply.
   * @returns real point `p`; `f` duplicates it only to match {@link wnafCachedCT}'s return shape
   * (this path needs no fake accumulator — its op-count is already scalar-independent).
   */
  fixedWindowCT(point, n, bits) {
    const W = FW_WINDOW;
    const size = 1 << W;
    const mask = bitMask(W);
    const table = new Array(size);
    table[0] = this.ZERO;
    for (let i = 1; i < size; i++)
      table[i] = table[i - 1].add(point);
    const windows = Math.ceil(bits / W);
    let acc = this.ZERO;
    for (let window = windows - 1; window >= 0; window--) {
      if (window !== windows - 1)
        for (let d = 0; d < W; d++)
          acc = acc.double();
      const digit = Number(n >> BigInt(window * W) & mask);
      let sel = table[0];
      for (let i = 1; i < size; i++)
        sel = i === digit ? table[i] : sel;
      acc = acc.add(sel);
    }
    return { p: acc, f: acc };
  }
  shouldBlind(point, cofactor) {
    if (this.randomBytes === void 0)
      return false;
    if (cofactor === _1n3)
      return true;
    if (point !== this.BASE)
      return false;
    if (this.baseCanBeBlinded === void 0)
      this.baseCanBeBlinded = this.mulUnsafe(this.BASE, this.Point.Fn.ORDER).is0();
    return this.baseCanBeBlinded;
  }
  mulSecret(point, scalar, cofactor, transform) {
    return this.shouldBlind(point, cofactor) ? this.mulCTBlinded(point, scalar, transform) : this.mulCT(point, scalar, transform);
  }
  mulUnsafe(point, scalar, transform) {
    this.assertPoint(point);
    if (!isPosBig(scalar))
      throw new Error("invalid scalar");
    const W = getWindowSize(point);
    if (W === 1 || scalar >= this.Point.Fn.ORDER)
      return mulAddUnsafe(this.Point, [point], [scalar], true);
    const precomputes = this.getWnafPrecomputes(W, point, this.bits, transform);
    return this.wnafCachedCT(precomputes, scalar).p;
  }
  // Remembers the window size used for precomputed wNAF multiplication of the given point
  // and drops any previously built tables. Usually only the base point is precomputed.
  // W=1 resets the point to the un-precomputed (table-less) paths.
  // W is additionally capped so tables stay under ~2 GiB ({@link TABLE_BYTES_MAX}).
  setWindowSize(point, W) {
    this.assertPoint(point);
    validateW(W, this.bits);
    const windows = Math.ceil((this.bits + BLIND_BITS) / W) + 1;
    validateTableBytes(windows * 2 ** (W - 1), this.Point.Fp.BYTES);
    pointWindowSizes.set(point, W);
    this.wnafPrecomputes.delete(point);
  }
  // True when a window size is set: tables themselves are built lazily on first multiply.
  hasWindowSize(point) {
    return getWindowSize(point) !== 1;
  }
};
function mulAddUnsafe(c, points, scalars, allowOversized = false) {
  validatePointCons(c);
  validateMSMPoints(points, c);
  abool(allowOversized, "allowOversized");
  validateMSMScalars(scalars, c.Fn, allowOversized ? c.Fn.ORDER ** _4n2 : void 0);
  if (points.length !== scalars.length)
    throw new Error("arrays of points and scalars must have equal length");
  const tables = points.map((p) => oddMultiples(p, 4));
  const digits = scalars.map((n) => wnafDigits(n, 4));
  return wnafWalk(c.ZERO, tables, digits);
}
function createField(order, field, isLE) {
  if (field) {
    if (field.ORDER !== order)
      throw new Error("Field.ORDER must match order: Fp == p, Fn == n");
    validateField(field);
    return field;
  } else {
    return Field(order, { isLE });
  }
}
function createCurveFields(type, CURVE, curveOpts = {}, FpFnLE) {
  if (type !== "weierstrass" && type !== "edwards")
    throw new Error('expected curve type "weierstrass" or "edwards"');
  if (FpFnLE === void 0)
    FpFnLE = type === "edwards";
  if (!CURVE || typeof CURVE !== "object")
    throw new Error(`expected valid ${type} CURVE object`);
  validateObject(curveOpts);
  for (const p of ["p", "n", "h"]) {
    const val = CURVE[p];
    if (!(isPosBig(val) && val !== _0n3))
      throw new Error(`CURVE.${p} must be positive bigint`);
  }
  const Fp2 = createField(CURVE.p, curveOpts.Fp, FpFnLE);
  const Fn2 = createField(CURVE.n, curveOpts.Fn, FpFnLE);
  const _b = type === "weierstrass" ? "b" : "d";
  const params = ["Gx", "Gy", "a", _b];
  for (const p of params) {
    if (!Fp2.isValid(CURVE[p]))
      throw new Error(`CURVE.${p} must be valid field element of CURVE.Fp`);
  }
  CURVE = Object.freeze(Object.assign({}, CURVE));
  return { CURVE, Fp: Fp2, Fn: Fn2 };
}
function createKeygen(randomSecretKey, getPublicKey) {
  return function keygen(seed) {
    const secretKey = randomSecretKey(seed);
    return { secretKey, publicKey: getPublicKey(secretKey) };
  };
}

// node_modules/@noble/curves/abstract/edwards.js
/*! noble-curves - MIT License (c) 2022 Paul Miller (paulmillr.com) */
var _0n4 = /* @__PURE__ */ BigInt(0);
var _1n4 = /* @__PURE__ */ BigInt(1);
var _2n2 = /* @__PURE__ */ BigInt(2);
var _4n3 = /* @__PURE__ */ BigInt(4);
var _8n2 = /* @__PURE__ */ BigInt(8);
function isEdValidXY(Fp2, CURVE, x, y) {
  const x2 = Fp2.sqr(x);
  const y2 = Fp2.sqr(y);
  const left = Fp2.add(Fp2.mul(CURVE.a, x2), y2);
  const right = Fp2.add(Fp2.ONE, Fp2.mul(CURVE.d, Fp2.mul(x2, y2)));
  return Fp2.eql(left, right);
}
function edwards(params, extraOpts = {}) {
  validateObject(extraOpts, {}, {}, "extraOpts");
  const opts = extraOpts;
  const validated = createCurveFields("edwards", params, opts, opts.FpFnLE);
  const { Fp: Fp2, Fn: Fn2 } = validated;
  let CURVE = validated.CURVE;
  const { h: cofactor } = CURVE;
  if (FpLegendre(Fp2, CURVE.a) !== 1)
    throw new Error("edwards: CURVE.a must be a square in Fp for complete addition formulas");
  if (FpLegendre(Fp2, CURVE.d) !== -1)
    throw new Error("edwards: CURVE.d must be a non-square in Fp for complete addition formulas");
  validateObject(opts, {}, { uvRatio: "function", randomBytes: "function" });
  const randomBytes3 = opts.randomBytes === void 0 ? randomBytes2 : opts.randomBytes;
  const MASK = _2n2 << BigInt(Fp2.BYTES * 8) - _1n4;
  function isOdd(n) {
    if (!Fp2.isOdd)
      throw new Error("Field does not have .isOdd()");
    return Fp2.isOdd(n);
  }
  const uvRatio2 = opts.uvRatio === void 0 ? (u, v) => {
    try {
      return { isValid: true, value: Fp2.sqrt(Fp2.div(u, v)) };
    } catch (e) {
      return { isValid: false, value: _0n4 };
    }
  } : opts.uvRatio;
  if (!isEdValidXY(Fp2, CURVE, CURVE.Gx, CURVE.Gy))
    throw new Error("bad curve params: generator point");
  const mulA = Fp2.eql(CURVE.a, Fp2.neg(Fp2.ONE)) ? (x) => Fp2.neg(x) : Fp2.eql(CURVE.a, Fp2.ONE) ? (x) => x : (x) => Fp2.mul(CURVE.a, x);
  function acoord(title, n, banZero = false) {
    const min = banZero ? _1n4 : _0n4;
    aInRange("coordinate " + title, n, min, MASK);
    return n;
  }
  function aedpoint(other) {
    if (!(other instanceof Point2))
      throw new Error("EdwardsPoint expected");
  }
  const _Point = class _Point {
    constructor(X, Y, Z, T) {
      __publicField(this, "X");
      __publicField(this, "Y");
      __publicField(this, "Z");
      __publicField(this, "T");
      this.X = acoord("x", X);
      this.Y = acoord("y", Y);
      this.Z = acoord("z", Z, true);
      this.T = acoord("t", T);
      Object.freeze(this);
    }
    static CURVE() {
      return CURVE;
    }
    /**
     * Create one extended Edwards point from affine coordinates.
     * Does NOT validate that the point is on-curve or torsion-free.
     * Use `.assertValidity()` on adversarial inputs.
     */
    static fromAffine(p) {
      if (p instanceof _Point)
        throw new Error("extended point not allowed");
      const { x, y } = p || {};
      acoord("x", x);
      acoord("y", y);
      return new _Point(x, y, Fp2.ONE, Fp2.mul(x, y));
    }
    // Uses algo from RFC8032 5.1.3.
    static fromBytes(bytes, zip215 = false) {
      const len = Fp2.BYTES;
      const { a, d } = CURVE;
      bytes = copyBytes(abytes2(bytes, len, "point"));
      abool(zip215, "zip215");
      const normed = copyBytes(bytes);
      const lastByte = bytes[len - 1];
      normed[len - 1] = lastByte & ~128;
      const y = bytesToNumberLE(normed);
      const max = zip215 ? MASK : Fp2.ORDER;
      aInRange("point.y", y, _0n4, max);
      const y2 = Fp2.sqr(y);
      const u = Fp2.sub(y2, Fp2.ONE);
      const v = Fp2.sub(Fp2.mulN(d, y2), a);
      let { isValid, value: x } = uvRatio2(u, v);
      if (!isValid)
        throw new Error("bad point: invalid y coordinate");
      const isXOdd = isOdd(x);
      const isLastByteOdd = (lastByte & 128) !== 0;
      if (!zip215 && Fp2.is0(x) && isLastByteOdd)
        throw new Error("bad point: x=0 and x_0=1");
      if (isLastByteOdd !== isXOdd)
        x = Fp2.neg(x);
      return _Point.fromAffine({ x, y });
    }
    static fromHex(hex, zip215 = false) {
      return _Point.fromBytes(hexToBytes2(hex), zip215);
    }
    get x() {
      return this.toAffine().x;
    }
    get y() {
      return this.toAffine().y;
    }
    precompute(windowSize = 6, isLazy = true) {
      wnaf.setWindowSize(this, windowSize);
      if (!isLazy)
        this.multiply(_2n2);
      return this;
    }
    // Useful in fromAffine() - not for fromBytes(), which always created valid points.
    assertValidity() {
      const p = this;
      const { a, d } = CURVE;
      if (p.is0())
        throw new Error("bad point: ZERO");
      const { X, Y, Z, T } = p;
      const X2 = Fp2.sqr(X);
      const Y2 = Fp2.sqr(Y);
      const Z2 = Fp2.sqr(Z);
      const Z4 = Fp2.sqr(Z2);
      const aX2 = Fp2.mul(X2, a);
      const left = Fp2.mul(Fp2.add(aX2, Y2), Z2);
      const right = Fp2.add(Z4, Fp2.mul(d, Fp2.mul(X2, Y2)));
      if (!Fp2.eql(left, right))
        throw new Error("bad point: equation left != right (1)");
      const XY = Fp2.mul(X, Y);
      const ZT = Fp2.mul(Z, T);
      if (!Fp2.eql(XY, ZT))
        throw new Error("bad point: equation left != right (2)");
    }
    // Compare one point to another.
    equals(other) {
      aedpoint(other);
      const { X: X1, Y: Y1, Z: Z1 } = this;
      const { X: X2, Y: Y2, Z: Z2 } = other;
      const X1Z2 = Fp2.mul(X1, Z2);
      const X2Z1 = Fp2.mul(X2, Z1);
      const Y1Z2 = Fp2.mul(Y1, Z2);
      const Y2Z1 = Fp2.mul(Y2, Z1);
      return Fp2.eql(X1Z2, X2Z1) && Fp2.eql(Y1Z2, Y2Z1);
    }
    is0() {
      return this.equals(_Point.ZERO);
    }
    negate() {
      return new _Point(Fp2.neg(this.X), this.Y, this.Z, Fp2.neg(this.T));
    }
    // Fast algo for doubling Extended Point.
    // https://hyperelliptic.org/EFD/g1p/auto-twisted-extended.html#doubling-dbl-2008-hwcd
    // Cost: 4M + 4S + 1*a + 6add + 1*2.
    double() {
      const { X: X1, Y: Y1, Z: Z1 } = this;
      const A = Fp2.sqr(X1);
      const B = Fp2.sqr(Y1);
      const C = Fp2.mul(Fp2.sqr(Z1), _2n2);
      const D = mulA(A);
      const x1y1 = Fp2.addN(X1, Y1);
      const E = Fp2.sub(Fp2.subN(Fp2.sqr(x1y1), A), B);
      const G2 = Fp2.addN(D, B);
      const F = Fp2.subN(G2, C);
      const H = Fp2.subN(D, B);
      const X3 = Fp2.mul(E, F);
      const Y3 = Fp2.mul(G2, H);
      const T3 = Fp2.mul(E, H);
      const Z3 = Fp2.mul(F, G2);
      return new _Point(X3, Y3, Z3, T3);
    }
    // Fast algo for adding 2 Extended Points.
    // https://hyperelliptic.org/EFD/g1p/auto-twisted-extended.html#addition-add-2008-hwcd
    // Cost: 9M + 1*a + 1*d + 7add.
    add(other) {
      aedpoint(other);
      const { d } = CURVE;
      const { X: X1, Y: Y1, Z: Z1, T: T1 } = this;
      const { X: X2, Y: Y2, Z: Z2, T: T2 } = other;
      const A = Fp2.mul(X1, X2);
      const B = Fp2.mul(Y1, Y2);
      const C = Fp2.mul(Fp2.mulN(T1, d), T2);
      const D = Fp2.mul(Z1, Z2);
      const E = Fp2.sub(Fp2.subN(Fp2.mulN(Fp2.addN(X1, Y1), Fp2.addN(X2, Y2)), A), B);
      const F = Fp2.subN(D, C);
      const G2 = Fp2.addN(D, C);
      const H = Fp2.sub(B, mulA(A));
      const X3 = Fp2.mul(E, F);
      const Y3 = Fp2.mul(G2, H);
      const T3 = Fp2.mul(E, H);
      const Z3 = Fp2.mul(F, G2);
      return new _Point(X3, Y3, Z3, T3);
    }
    subtract(other) {
      aedpoint(other);
      return this.add(other.negate());
    }
    // Constant-time multiplication.
    multiply(scalar) {
      if (!Fn2.isValidNot0(scalar))
        throw new RangeError("invalid scalar: expected 1 <= sc < curve.n");
      const { p, f } = wnaf.mulSecret(this, scalar, cofactor, normalize);
      return normalize([p, f])[0];
    }
    // Non-constant-time multiplication. Uses double-and-add algorithm.
    // It's faster, but should only be used when you don't care about
    // an exposed private key e.g. sig verification.
    // Keeps the same subgroup-scalar contract: 0 is allowed for public-scalar callers, but
    // n and larger values are rejected instead of being reduced mod n to the identity point.
    multiplyUnsafe(scalar) {
      if (!Fn2.isValid(scalar))
        throw new RangeError("invalid scalar: expected 0 <= sc < curve.n");
      if (scalar === _0n4)
        return _Point.ZERO;
      if (this.is0() || scalar === _1n4)
        return this;
      return wnaf.mulUnsafe(this, scalar, normalize);
    }
    // Checks if point is of small order.
    // If you add something to small order point, you will have "dirty"
    // point with torsion component.
    // Clears cofactor and checks if the result is 0.
    isSmallOrder() {
      return this.clearCofactor().is0();
    }
    // Multiplies point by curve order and checks if the result is 0.
    // Returns `false` is the point is dirty.
    isTorsionFree() {
      return wnaf.mulUnsafe(this, CURVE.n).is0();
    }
    // Converts Extended point to default (x, y) coordinates.
    // Can accept precomputed Z^-1 - for example, from invertBatch.
    toAffine(invertedZ) {
      const p = this;
      let iz = invertedZ;
      if (iz != null && typeof iz !== "bigint")
        throw new TypeError('"invertedZ" expected bigint, got type=' + typeof iz);
      const { X, Y, Z } = p;
      const is0 = p.is0();
      if (iz == null)
        iz = is0 ? Fp2.create(_8n2) : Fp2.inv(Z);
      const x = Fp2.mul(X, iz);
      const y = Fp2.mul(Y, iz);
      const zz = Fp2.mul(Z, iz);
      if (is0)
        return { x: Fp2.ZERO, y: Fp2.ONE };
      if (!Fp2.eql(zz, Fp2.ONE))
        throw new Error("invZ was invalid");
      return { x, y };
    }
    clearCofactor() {
      if (cofactor === _1n4)
        return this;
      if (cofactor === _2n2)
        return this.double();
      if (cofactor === _4n3)
        return this.double().double();
      if (cofactor === _8n2)
        return this.double().double().double();
      return this.multiplyUnsafe(cofactor);
    }
    toBytes() {
      const { x, y } = this.toAffine();
      const bytes = Fp2.toBytes(y);
      bytes[bytes.length - 1] |= isOdd(x) ? 128 : 0;
      return bytes;
    }
    toHex() {
      return bytesToHex2(this.toBytes());
    }
    toString() {
      return `<Point ${this.is0() ? "ZERO" : this.toHex()}>`;
    }
  };
  __publicField(_Point, "BASE", new _Point(CURVE.Gx, CURVE.Gy, Fp2.ONE, Fp2.mul(CURVE.Gx, CURVE.Gy)));
  __publicField(_Point, "ZERO", new _Point(Fp2.ZERO, Fp2.ONE, Fp2.ONE, Fp2.ZERO));
  __publicField(_Point, "Fp", Fp2);
  __publicField(_Point, "Fn", Fn2);
  let Point2 = _Point;
  const normalize = (points) => normalizeZ(Point2, points);
  const wnaf = new ScalarMultiplier(Point2, randomBytes3);
  if (wnaf.bits >= 6)
    Point2.BASE.precompute(6);
  Object.freeze(Point2.prototype);
  Object.freeze(Point2);
  return Point2;
}
var PrimeEdwardsPoint = class {
  /**
   * Wrap one internal Edwards representative directly.
   * This is not a canonical encoding boundary: alternate Edwards
   * representatives may still describe the same abstract wrapper element.
   */
  constructor(ep) {
    __publicField(this, "ep");
    this.ep = ep;
  }
  // Static methods that must be implemented by subclasses
  static fromBytes(_bytes) {
    notImplemented();
  }
  static fromHex(_hex) {
    notImplemented();
  }
  get x() {
    return this.toAffine().x;
  }
  get y() {
    return this.toAffine().y;
  }
  // Common implementations
  clearCofactor() {
    return this;
  }
  assertValidity() {
    this.ep.assertValidity();
  }
  /**
   * Return affine coordinates of the current internal Edwards representative.
   * This is a convenience helper, not a canonical Ristretto/Decaf encoding.
   * Equal abstract elements may expose different `x` / `y`; use
   * `toBytes()` / `fromBytes()` for canonical roundtrips.
   */
  toAffine(invertedZ) {
    return this.ep.toAffine(invertedZ);
  }
  toHex() {
    return bytesToHex2(this.toBytes());
  }
  toString() {
    return this.toHex();
  }
  isTorsionFree() {
    return true;
  }
  isSmallOrder() {
    return false;
  }
  add(other) {
    this.assertSame(other);
    return this.init(this.ep.add(other.ep));
  }
  subtract(other) {
    this.assertSame(other);
    return this.init(this.ep.subtract(other.ep));
  }
  multiply(scalar) {
    return this.init(this.ep.multiply(scalar));
  }
  multiplyUnsafe(scalar) {
    return this.init(this.ep.multiplyUnsafe(scalar));
  }
  double() {
    return this.init(this.ep.double());
  }
  negate() {
    return this.init(this.ep.negate());
  }
  precompute(windowSize, isLazy) {
    this.ep.precompute(windowSize, isLazy);
    return this;
  }
};
__publicField(PrimeEdwardsPoint, "BASE");
__publicField(PrimeEdwardsPoint, "ZERO");
__publicField(PrimeEdwardsPoint, "Fp");
__publicField(PrimeEdwardsPoint, "Fn");
function eddsa(Point2, cHash, eddsaOpts = {}) {
  validatePointCons(Point2);
  if (typeof cHash !== "function")
    throw new Error('"hash" function param is required');
  const hash = cHash;
  const opts = eddsaOpts;
  validateObject(opts, {}, {
    adjustScalarBytes: "function",
    randomBytes: "function",
    domain: "function",
    prehash: "function",
    zip215: "boolean",
    mapToCurve: "function",
    toMontgomery: "function",
    toMontgomerySecret: "function"
  });
  const { prehash } = opts;
  const { BASE, Fp: Fp2, Fn: Fn2 } = Point2;
  const outputLen = hash.outputLen;
  const expectedLen = 2 * Fp2.BYTES;
  if (outputLen !== void 0) {
    asafenumber(outputLen, "hash.outputLen");
    if (outputLen !== expectedLen)
      throw new Error(`hash.outputLen must be ${expectedLen}, got ${outputLen}`);
  }
  const randomBytes3 = opts.randomBytes === void 0 ? randomBytes2 : opts.randomBytes;
  const toMontgomery2 = opts.toMontgomery;
  const toMontgomerySecret2 = opts.toMontgomerySecret;
  const adjustScalarBytes2 = opts.adjustScalarBytes === void 0 ? (bytes) => bytes : opts.adjustScalarBytes;
  const domain = opts.domain === void 0 ? (data, ctx, phflag) => {
    abool(phflag, "phflag");
    if (ctx.length || phflag)
      throw new Error("Contexts/pre-hash are not supported");
    return data;
  } : opts.domain;
  function modN_LE(hash2) {
    return Fn2.create(bytesToNumberLE(hash2));
  }
  function getPrivateScalar(key) {
    const len = lengths.secretKey;
    abytes2(key, lengths.secretKey, "secretKey");
    const hashed = abytes2(hash(key), 2 * len, "hashedSecretKey");
    const head = adjustScalarBytes2(hashed.slice(0, len));
    const prefix = hashed.slice(len, 2 * len);
    const scalar = modN_LE(head);
    return { head, prefix, scalar };
  }
  function getExtendedPublicKey(secretKey) {
    const { head, prefix, scalar } = getPrivateScalar(secretKey);
    const point = BASE.multiply(scalar);
    const pointBytes = point.toBytes();
    return { head, prefix, scalar, point, pointBytes };
  }
  function getPublicKey(secretKey) {
    return getExtendedPublicKey(secretKey).pointBytes;
  }
  function hashDomainToScalar(context = Uint8Array.of(), ...msgs) {
    const msg = concatBytes2(...msgs);
    return modN_LE(hash(domain(msg, abytes2(context, void 0, "context"), !!prehash)));
  }
  function sign(msg, secretKey, options = {}) {
    validateObject(options, {}, {}, "options");
    msg = copyBytes(abytes2(msg, void 0, "message"));
    if (prehash)
      msg = prehash(msg);
    const { prefix, scalar, pointBytes } = getExtendedPublicKey(secretKey);
    const r = hashDomainToScalar(options.context, prefix, msg);
    const R = BASE.multiply(r).toBytes();
    const k = hashDomainToScalar(options.context, R, pointBytes, msg);
    const s = Fn2.create(r + k * scalar);
    if (!Fn2.isValid(s))
      throw new Error("sign failed: invalid s");
    const rs = concatBytes2(R, Fn2.toBytes(s));
    return abytes2(rs, lengths.signature, "result");
  }
  const verifyOpts = {
    zip215: opts.zip215
  };
  function verify(sig, msg, publicKey, options = verifyOpts) {
    validateObject(options);
    const { context } = options;
    const zip215 = options.zip215 === void 0 ? !!verifyOpts.zip215 : options.zip215;
    const len = lengths.signature;
    sig = abytes2(sig, len, "signature");
    msg = abytes2(msg, void 0, "message");
    publicKey = abytes2(publicKey, lengths.publicKey, "publicKey");
    if (zip215 !== void 0)
      abool(zip215, "zip215");
    if (prehash)
      msg = prehash(msg);
    const mid = len / 2;
    const r = sig.subarray(0, mid);
    const s = bytesToNumberLE(sig.subarray(mid, len));
    let A, R, SB;
    try {
      A = Point2.fromBytes(publicKey, zip215);
      R = Point2.fromBytes(r, zip215);
      SB = BASE.multiplyUnsafe(s);
    } catch (error) {
      return false;
    }
    if (!zip215 && A.isSmallOrder())
      return false;
    const k = hashDomainToScalar(context, r, publicKey, msg);
    const RkA = R.add(A.multiplyUnsafe(k));
    return RkA.subtract(SB).clearCofactor().is0();
  }
  const _size = Fp2.BYTES;
  const lengths = {
    secretKey: _size,
    publicKey: _size,
    signature: 2 * _size,
    seed: _size
  };
  function randomSecretKey(seed) {
    seed = seed === void 0 ? randomBytes3(lengths.seed) : seed;
    return abytes2(seed, lengths.seed, "seed");
  }
  function isValidSecretKey(key) {
    return isBytes2(key) && key.length === lengths.secretKey;
  }
  function isValidPublicKey(key, zip215) {
    try {
      return !!Point2.fromBytes(key, zip215 === void 0 ? verifyOpts.zip215 : zip215);
    } catch (error) {
      return false;
    }
  }
  const utils = {
    getExtendedPublicKey,
    randomSecretKey,
    isValidSecretKey,
    isValidPublicKey,
    /** Converts an Edwards public key to a companion Montgomery public key. */
    toMontgomery(publicKey) {
      if (toMontgomery2 === void 0)
        throw new Error("Montgomery conversion is not supported for this curve");
      return toMontgomery2(Point2.fromBytes(publicKey));
    },
    toMontgomerySecret(secretKey) {
      if (toMontgomerySecret2 === void 0)
        throw new Error("Montgomery conversion is not supported for this curve");
      return toMontgomerySecret2(secretKey);
    }
  };
  Object.freeze(lengths);
  Object.freeze(utils);
  return Object.freeze({
    keygen: createKeygen(randomSecretKey, getPublicKey),
    getPublicKey,
    sign,
    verify,
    utils,
    Point: Point2,
    lengths
  });
}

// node_modules/@noble/curves/abstract/hash-to-curve.js
function i2osp(value, length) {
  asafenumber(value);
  asafenumber(length);
  if (length < 0 || length > 4)
    throw new Error("invalid I2OSP length: " + length);
  if (value < 0 || value > 2 ** (8 * length) - 1)
    throw new Error("invalid I2OSP input: " + value);
  const res = Array.from({ length }).fill(0);
  for (let i = length - 1; i >= 0; i--) {
    res[i] = value & 255;
    value >>>= 8;
  }
  return new Uint8Array(res);
}
function strxor(a, b) {
  const arr = new Uint8Array(a.length);
  for (let i = 0; i < a.length; i++) {
    arr[i] = a[i] ^ b[i];
  }
  return arr;
}
function normDST(DST) {
  if (!isBytes2(DST) && typeof DST !== "string")
    throw new Error("DST must be Uint8Array or ascii string");
  const dst = typeof DST === "string" ? asciiToBytes(DST) : DST;
  if (dst.length === 0)
    throw new Error("DST must be non-empty");
  return dst;
}
function expand_message_xmd(msg, DST, lenInBytes, H) {
  abytes2(msg);
  asafenumber(lenInBytes);
  if (typeof H !== "function")
    throw new Error("expand_message_xmd: expected hash function");
  asafenumber(H.outputLen, "hash.outputLen");
  asafenumber(H.blockLen, "hash.blockLen");
  DST = normDST(DST);
  if (DST.length > 255)
    DST = H(concatBytes2(asciiToBytes("H2C-OVERSIZE-DST-"), DST));
  const { outputLen: b_in_bytes, blockLen: r_in_bytes } = H;
  const ell = Math.ceil(lenInBytes / b_in_bytes);
  if (lenInBytes > 65535 || ell > 255)
    throw new Error("expand_message_xmd: invalid lenInBytes");
  const DST_prime = concatBytes2(DST, i2osp(DST.length, 1));
  const Z_pad = new Uint8Array(r_in_bytes);
  const l_i_b_str = i2osp(lenInBytes, 2);
  const b = new Array(ell);
  const b_0 = H(concatBytes2(Z_pad, msg, l_i_b_str, i2osp(0, 1), DST_prime));
  b[0] = H(concatBytes2(b_0, i2osp(1, 1), DST_prime));
  for (let i = 1; i < ell; i++) {
    const args = [strxor(b_0, b[i - 1]), i2osp(i + 1, 1), DST_prime];
    b[i] = H(concatBytes2(...args));
  }
  const pseudo_random_bytes = concatBytes2(...b);
  return pseudo_random_bytes.slice(0, lenInBytes);
}
var _DST_scalar = "HashToScalar-";

// node_modules/@noble/curves/abstract/montgomery.js
/*! noble-curves - MIT License (c) 2022 Paul Miller (paulmillr.com) */
var _0n5 = /* @__PURE__ */ BigInt(0);
var _1n5 = /* @__PURE__ */ BigInt(1);
var _2n3 = /* @__PURE__ */ BigInt(2);
function cmask(P, swap) {
  return P + swap - (swap >> _1n5 << _1n5);
}
function cswap(P) {
  const offset = BigInt(6) * P;
  return (mask, x_2, x_3) => {
    const sum = x_2 + x_3;
    const d = offset + x_3 - x_2;
    const a = (d * mask + x_2) % P;
    return { x_2: a, x_3: sum - a };
  };
}
function validateOpts(curve) {
  validateObject(curve, {
    P: "bigint",
    type: "string",
    adjustScalarBytes: "function",
    powPminus2: "function"
  }, {
    randomBytes: "function",
    scalarMultBase: "function"
  });
  return Object.freeze({ ...curve });
}
function montgomery(curveDef) {
  const CURVE = validateOpts(curveDef);
  const { P, type, adjustScalarBytes: adjustScalarBytes2, powPminus2, randomBytes: rand } = CURVE;
  const mulBaseHook = CURVE.scalarMultBase;
  const is25519 = type === "x25519";
  if (!is25519 && type !== "x448")
    throw new Error("invalid type");
  const randomBytes_ = rand === void 0 ? randomBytes2 : rand;
  const montgomeryBits = is25519 ? 255 : 448;
  const swap = cswap(P);
  const fieldLen = is25519 ? 32 : 56;
  const Gu = is25519 ? BigInt(9) : BigInt(5);
  const a24 = is25519 ? BigInt(121665) : BigInt(39081);
  const minScalar = is25519 ? _2n3 ** BigInt(254) : _2n3 ** BigInt(447);
  const maxAdded = is25519 ? BigInt(8) * (_2n3 ** BigInt(251) - _1n5) : BigInt(4) * (_2n3 ** BigInt(445) - _1n5);
  const maxScalar = minScalar + maxAdded + _1n5;
  const modP = (n) => mod(n, P);
  const GuBytes = encodeU(Gu);
  function encodeU(u) {
    return numberToBytesLE(modP(u), fieldLen);
  }
  function decodeU(u) {
    const _u = copyBytes(abytes2(u, fieldLen, "uCoordinate"));
    if (is25519)
      _u[31] &= 127;
    return modP(bytesToNumberLE(_u));
  }
  function decodeScalar2(scalar) {
    return bytesToNumberLE(adjustScalarBytes2(copyBytes(abytes2(scalar, fieldLen, "scalar"))));
  }
  const lowOrderU = new Set(is25519 ? [
    _0n5,
    _1n5,
    P - _1n5,
    BigInt("325606250916557431795983626356110631294008115727848805560023387167927233504"),
    BigInt("39382357235489614581723060781553021112529911719440698176882885853963445705823")
  ] : [_0n5, _1n5, P - _1n5]);
  function scalarMult(scalar, u) {
    const pointU = decodeU(u);
    if (lowOrderU.has(pointU))
      throw new Error("invalid private or public key received");
    const pu = montgomeryLadder(pointU, decodeScalar2(scalar));
    if (pu === _0n5)
      throw new Error("invalid private or public key received");
    return encodeU(pu);
  }
  function scalarMultBase(scalar) {
    if (mulBaseHook === void 0)
      return scalarMult(scalar, GuBytes);
    const k = decodeScalar2(scalar);
    aInRange("scalar", k, minScalar, maxScalar);
    const pu = modP(mulBaseHook(k));
    if (pu === _0n5)
      throw new Error("invalid private or public key received");
    return encodeU(pu);
  }
  const getPublicKey = scalarMultBase;
  const getSharedSecret = scalarMult;
  function montgomeryLadder(u, scalar) {
    aInRange("u", u, _0n5, P);
    aInRange("scalar", scalar, minScalar, maxScalar);
    const k = scalar;
    const x_1 = u;
    let x_2 = _1n5;
    let z_2 = _0n5;
    let x_3 = u;
    let z_3 = _1n5;
    const kx = k ^ k >> _1n5;
    for (let t = BigInt(montgomeryBits - 1); t >= _0n5; t--) {
      const mask2 = cmask(P, kx >> t);
      ({ x_2, x_3 } = swap(mask2, x_2, x_3));
      ({ x_2: z_2, x_3: z_3 } = swap(mask2, z_2, z_3));
      const A = x_2 + z_2;
      const AA = modP(A * A);
      const B = x_2 - z_2;
      const BB = modP(B * B);
      const E = AA - BB;
      const C = x_3 + z_3;
      const D = x_3 - z_3;
      const DA = modP(D * A);
      const CB = modP(C * B);
      const dacb = DA + CB;
      const da_cb = DA - CB;
      x_3 = modP(dacb * dacb);
      z_3 = modP(x_1 * modP(da_cb * da_cb));
      x_2 = modP(AA * BB);
      z_2 = modP(E * (AA + modP(a24 * E)));
    }
    const mask = cmask(P, k);
    ({ x_2, x_3 } = swap(mask, x_2, x_3));
    ({ x_2: z_2, x_3: z_3 } = swap(mask, z_2, z_3));
    const z2 = powPminus2(z_2);
    return modP(x_2 * z2);
  }
  const lengths = {
    secretKey: fieldLen,
    publicKey: fieldLen,
    seed: fieldLen
  };
  const randomSecretKey = (seed) => {
    seed = seed === void 0 ? randomBytes_(fieldLen) : seed;
    abytes2(seed, lengths.seed, "seed");
    return seed;
  };
  const utils = { randomSecretKey };
  Object.freeze(lengths);
  Object.freeze(utils);
  return Object.freeze({
    keygen: createKeygen(randomSecretKey, getPublicKey),
    getSharedSecret,
    getPublicKey,
    scalarMult,
    scalarMultBase,
    utils,
    GuBytes: GuBytes.slice(),
    lengths
  });
}

// node_modules/@noble/curves/ed25519.js
/*! noble-curves - MIT License (c) 2022 Paul Miller (paulmillr.com) */
var _0n6 = /* @__PURE__ */ BigInt(0);
var _1n6 = /* @__PURE__ */ BigInt(1);
var _2n4 = /* @__PURE__ */ BigInt(2);
var _3n2 = /* @__PURE__ */ BigInt(3);
var _5n2 = /* @__PURE__ */ BigInt(5);
var _8n3 = /* @__PURE__ */ BigInt(8);
var ed25519_CURVE_p = /* @__PURE__ */ BigInt("0x7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffed");
var ed25519_CURVE = /* @__PURE__ */ (() => ({
  p: ed25519_CURVE_p,
  n: BigInt("0x1000000000000000000000000000000014def9dea2f79cd65812631a5cf5d3ed"),
  h: _8n3,
  a: BigInt("0x7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffec"),
  d: BigInt("0x52036cee2b6ffe738cc740797779e89800700a4d4141d8ab75eb4dca135978a3"),
  Gx: BigInt("0x216936d3cd6e53fec0a4e231fdd6dc5c692cc7609525a7b2c9562d608f25d51a"),
  Gy: BigInt("0x6666666666666666666666666666666666666666666666666666666666666658")
}))();
function ed25519_pow_2_252_3(x) {
  const _10n = BigInt(10), _20n = BigInt(20), _40n = BigInt(40), _80n = BigInt(80);
  const P = ed25519_CURVE_p;
  const x2 = x * x % P;
  const b2 = x2 * x % P;
  const b4 = pow2(b2, _2n4, P) * b2 % P;
  const b5 = pow2(b4, _1n6, P) * x % P;
  const b10 = pow2(b5, _5n2, P) * b5 % P;
  const b20 = pow2(b10, _10n, P) * b10 % P;
  const b40 = pow2(b20, _20n, P) * b20 % P;
  const b80 = pow2(b40, _40n, P) * b40 % P;
  const b160 = pow2(b80, _80n, P) * b80 % P;
  const b240 = pow2(b160, _80n, P) * b80 % P;
  const b250 = pow2(b240, _10n, P) * b10 % P;
  const pow_p_5_8 = pow2(b250, _2n4, P) * x % P;
  return { pow_p_5_8, b2 };
}
function adjustScalarBytes(bytes) {
  bytes[0] &= 248;
  bytes[31] &= 127;
  bytes[31] |= 64;
  return bytes;
}
var ED25519_SQRT_M1 = /* @__PURE__ */ BigInt("19681161376707505956807079304988542015446066515923890162744021073123829784752");
function uvRatio(u, v) {
  const P = ed25519_CURVE_p;
  const v3 = mod(v * v * v, P);
  const v7 = mod(v3 * v3 * v, P);
  const pow3 = ed25519_pow_2_252_3(u * v7).pow_p_5_8;
  let x = mod(u * v3 * pow3, P);
  const vx2 = mod(v * x * x, P);
  const root1 = x;
  const root2 = mod(x * ED25519_SQRT_M1, P);
  const useRoot1 = vx2 === u;
  const useRoot2 = vx2 === mod(-u, P);
  const noRoot = vx2 === mod(-u * ED25519_SQRT_M1, P);
  if (useRoot1)
    x = root1;
  if (useRoot2 || noRoot)
    x = root2;
  if (isNegativeLE(x, P))
    x = mod(-x, P);
  return { isValid: useRoot1 || useRoot2, value: x };
}
var ed25519_Point = /* @__PURE__ */ edwards(ed25519_CURVE, { uvRatio });
var Fp = /* @__PURE__ */ (() => ed25519_Point.Fp)();
function toMontgomery(point) {
  const { y } = point;
  return Fp.toBytes(Fp.div(_1n6 + y, _1n6 - y));
}
function toMontgomerySecret(secretKey) {
  const size = ed25519_Point.Fp.BYTES;
  abytes(secretKey, size);
  return adjustScalarBytes(sha512(secretKey.subarray(0, size))).subarray(0, size);
}
var Fn = /* @__PURE__ */ (() => ed25519_Point.Fn)();
function ed(opts) {
  return eddsa(ed25519_Point, sha512, Object.assign({ adjustScalarBytes, toMontgomery, toMontgomerySecret, zip215: true }, opts));
}
var ed25519 = /* @__PURE__ */ ed({});
var x25519 = /* @__PURE__ */ (() => {
  const P = ed25519_CURVE_p;
  const powPminus2 = (x) => {
    const { pow_p_5_8, b2 } = ed25519_pow_2_252_3(x);
    return mod(pow2(pow_p_5_8, _3n2, P) * b2, P);
  };
  return montgomery({
    P,
    type: "x25519",
    powPminus2,
    adjustScalarBytes,
    // ~3x faster fixed-base: [k]B on the birationally-equivalent Edwards curve using cached
    // base tables, mapped back via u = (1+y)/(1-y) = (Z+Y)/(Z-Y) with one Fermat inversion.
    // Same construction as libsodium's crypto_scalarmult_curve25519_base.
    scalarMultBase: (k) => {
      const kn = mod(k, ed25519_Point.Fn.ORDER);
      if (kn === _0n6)
        return _0n6;
      const p = ed25519_Point.BASE.multiply(kn);
      return mod((p.Z + p.Y) * powPminus2(mod(p.Z - p.Y, P)), P);
    }
  });
})();
var SQRT_M1 = ED25519_SQRT_M1;
var SQRT_AD_MINUS_ONE = /* @__PURE__ */ BigInt("25063068953384623474111414158702152701244531502492656460079210482610430750235");
var INVSQRT_A_MINUS_D = /* @__PURE__ */ BigInt("54469307008909316920995813868745141605393597292927456921205312896311721017578");
var ONE_MINUS_D_SQ = /* @__PURE__ */ BigInt("1159843021668779879193775521855586647937357759715417654439879720876111806838");
var D_MINUS_ONE_SQ = /* @__PURE__ */ BigInt("40440834346308536858101042469323190826248399146238708352240133220865137265952");
var invertSqrt = (number) => uvRatio(_1n6, number);
var MAX_255B = /* @__PURE__ */ BigInt("0x7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff");
var bytes255ToNumberLE = (bytes) => Fp.create(bytesToNumberLE(bytes) & MAX_255B);
function calcElligatorRistrettoMap(r0) {
  const { d } = ed25519_CURVE;
  const r = Fp.mul(Fp.mulN(SQRT_M1, r0), r0);
  const Ns = Fp.mul(Fp.addN(r, _1n6), ONE_MINUS_D_SQ);
  let c = BigInt(-1);
  const D = Fp.mul(Fp.subN(c, Fp.mulN(d, r)), Fp.add(r, d));
  let { isValid: Ns_D_is_sq, value: s } = uvRatio(Ns, D);
  let s_ = Fp.mul(s, r0);
  if (!Fp.isOdd(s_))
    s_ = Fp.neg(s_);
  if (!Ns_D_is_sq)
    s = s_;
  if (!Ns_D_is_sq)
    c = r;
  const Nt = Fp.sub(Fp.mulN(Fp.mulN(c, Fp.subN(r, _1n6)), D_MINUS_ONE_SQ), D);
  const s2 = Fp.sqrN(s);
  const W0 = Fp.mul(Fp.addN(s, s), D);
  const W1 = Fp.mul(Nt, SQRT_AD_MINUS_ONE);
  const W2 = Fp.sub(_1n6, s2);
  const W3 = Fp.add(_1n6, s2);
  return new ed25519_Point(Fp.mul(W0, W3), Fp.mul(W2, W1), Fp.mul(W1, W3), Fp.mul(W0, W2));
}
var __RistrettoPoint = class __RistrettoPoint extends PrimeEdwardsPoint {
  constructor(ep) {
    super(ep);
  }
  /**
   * Create one Ristretto255 point from affine Edwards coordinates.
   * This wraps the internal Edwards representative directly and is not a
   * canonical ristretto255 decoding path.
   * Use `toBytes()` / `fromBytes()` if canonical ristretto255 bytes matter.
   */
  static fromAffine(ap) {
    return new __RistrettoPoint(ed25519_Point.fromAffine(ap));
  }
  assertSame(other) {
    if (!(other instanceof __RistrettoPoint))
      throw new Error("RistrettoPoint expected");
  }
  init(ep) {
    return new __RistrettoPoint(ep);
  }
  static fromBytes(bytes) {
    abytes(bytes, 32);
    const { a, d } = ed25519_CURVE;
    const s = bytes255ToNumberLE(bytes);
    if (!equalBytes2(Fp.toBytes(s), bytes) || Fp.isOdd(s))
      throw new Error("invalid ristretto255 encoding 1");
    const s2 = Fp.sqr(s);
    const u1 = Fp.add(_1n6, Fp.mulN(a, s2));
    const u2 = Fp.sub(_1n6, Fp.mulN(a, s2));
    const u1_2 = Fp.sqr(u1);
    const u2_2 = Fp.sqr(u2);
    const v = Fp.sub(Fp.mulN(Fp.mulN(a, d), u1_2), u2_2);
    const { isValid, value: I } = invertSqrt(Fp.mul(v, u2_2));
    const Dx = Fp.mul(I, u2);
    const Dy = Fp.mul(Fp.mulN(I, Dx), v);
    let x = Fp.mul(Fp.addN(s, s), Dx);
    if (Fp.isOdd(x))
      x = Fp.neg(x);
    const y = Fp.mul(u1, Dy);
    const t = Fp.mul(x, y);
    if (!isValid || Fp.isOdd(t) || Fp.is0(y))
      throw new Error("invalid ristretto255 encoding 2");
    return new __RistrettoPoint(new ed25519_Point(x, y, Fp.ONE, t));
  }
  /**
   * Converts ristretto-encoded string to ristretto point.
   * Described in [RFC9496](https://www.rfc-editor.org/rfc/rfc9496#name-decode).
   * @param hex - Ristretto-encoded 32 bytes. Not every 32-byte string is valid ristretto encoding
   */
  static fromHex(hex) {
    return __RistrettoPoint.fromBytes(hexToBytes(hex));
  }
  /**
   * Encodes ristretto point to Uint8Array.
   * Described in [RFC9496](https://www.rfc-editor.org/rfc/rfc9496#name-encode).
   */
  toBytes() {
    let { X, Y, Z, T } = this.ep;
    const u1 = Fp.mul(Fp.add(Z, Y), Fp.sub(Z, Y));
    const u2 = Fp.mul(X, Y);
    const u2sq = Fp.sqr(u2);
    const { value: invsqrt } = invertSqrt(Fp.mul(u1, u2sq));
    const D1 = Fp.mul(invsqrt, u1);
    const D2 = Fp.mul(invsqrt, u2);
    const zInv = Fp.mul(Fp.mulN(D1, D2), T);
    let D;
    if (Fp.isOdd(Fp.mul(T, zInv))) {
      let _x = Fp.mul(Y, SQRT_M1);
      let _y = Fp.mul(X, SQRT_M1);
      X = _x;
      Y = _y;
      D = Fp.mul(D1, INVSQRT_A_MINUS_D);
    } else {
      D = D2;
    }
    if (Fp.isOdd(Fp.mul(X, zInv)))
      Y = Fp.neg(Y);
    let s = Fp.mul(Fp.subN(Z, Y), D);
    if (Fp.isOdd(s))
      s = Fp.neg(s);
    return Fp.toBytes(s);
  }
  /**
   * Compares two Ristretto points.
   * Described in [RFC9496](https://www.rfc-editor.org/rfc/rfc9496#name-equals).
   */
  equals(other) {
    this.assertSame(other);
    const { X: X1, Y: Y1 } = this.ep;
    const { X: X2, Y: Y2 } = other.ep;
    const one = Fp.eql(Fp.mul(X1, Y2), Fp.mul(Y1, X2));
    const two = Fp.eql(Fp.mul(Y1, Y2), Fp.mul(X1, X2));
    return one || two;
  }
  is0() {
    return this.equals(__RistrettoPoint.ZERO);
  }
};
// Do NOT change syntax: the following gymnastics is done,
// because typescript strips comments, which makes bundlers disable tree-shaking.
// prettier-ignore
__publicField(__RistrettoPoint, "BASE", /* @__PURE__ */ (() => new __RistrettoPoint(ed25519_Point.BASE))());
// prettier-ignore
__publicField(__RistrettoPoint, "ZERO", /* @__PURE__ */ (() => new __RistrettoPoint(ed25519_Point.ZERO))());
// prettier-ignore
__publicField(__RistrettoPoint, "Fp", /* @__PURE__ */ (() => Fp)());
// prettier-ignore
__publicField(__RistrettoPoint, "Fn", /* @__PURE__ */ (() => Fn)());
var _RistrettoPoint = __RistrettoPoint;
var ristretto255 = /* @__PURE__ */ (() => {
  Object.freeze(_RistrettoPoint.BASE);
  Object.freeze(_RistrettoPoint.ZERO);
  Object.freeze(_RistrettoPoint.prototype);
  Object.freeze(_RistrettoPoint);
  return Object.freeze({ Point: _RistrettoPoint });
})();
var ristretto255_hasher = /* @__PURE__ */ Object.freeze({
  Point: _RistrettoPoint,
  /**
  * Spec: https://www.rfc-editor.org/rfc/rfc9380.html#name-hashing-to-ristretto255. Caveats:
  * * There are no test vectors
  * * encodeToCurve / mapToCurve is undefined
  * * mapToCurve would be `calcElligatorRistrettoMap(scalars[0])`, not ristretto255_map!
  * * hashToScalar is undefined too, so we just use OPRF implementation
  * * We cannot re-use 'createHasher', because ristretto255_map is different algorithm/RFC
    (os2ip -> bytes255ToNumberLE)
  * * mapToCurve == calcElligatorRistrettoMap, hashToCurve == ristretto255_map
  * * hashToScalar is undefined in RFC9380 for ristretto, so we use the OPRF
    version here. Using `bytes255ToNumblerLE` will create a different result
    if we use `bytes255ToNumberLE` as os2ip
  * * current version is closest to spec.
  */
  hashToCurve(msg, options) {
    const DST = options?.DST === void 0 ? "ristretto255_XMD:SHA-512_R255MAP_RO_" : options.DST;
    const xmd = expand_message_xmd(msg, DST, 64, sha512);
    return ristretto255_hasher.deriveToCurve(xmd);
  },
  hashToScalar(msg, options) {
    const DST = options?.DST === void 0 ? _DST_scalar : options.DST;
    const xmd = expand_message_xmd(msg, DST, 64, sha512);
    return Fn.create(bytesToNumberLE(xmd));
  },
  /**
   * HashToCurve-like construction based on RFC 9496 (Element Derivation).
   * Converts 64 uniform random bytes into a curve point.
   *
   * WARNING: This represents an older hash-to-curve construction from before
   * RFC 9380 was finalized.
   * It was later reused as a component in the newer
   * `hash_to_ristretto255` function defined in RFC 9380.
   */
  deriveToCurve(bytes) {
    abytes(bytes, 64);
    const r1 = bytes255ToNumberLE(bytes.subarray(0, 32));
    const R1 = calcElligatorRistrettoMap(r1);
    const r2 = bytes255ToNumberLE(bytes.subarray(32, 64));
    const R2 = calcElligatorRistrettoMap(r2);
    return new _RistrettoPoint(R1.add(R2));
  }
});

// src/group.js
var Point = ristretto255.Point;
var L = Point.Fn.ORDER;
var G = Point.BASE;
var O = Point.ZERO;
var IDENTITY_BYTES = new Uint8Array(32);
var mod2 = (a) => {
  const r = a % L;
  return r < 0n ? r + L : r;
};
function mul(P, k) {
  k = mod2(k);
  if (k === 0n || P.is0()) return O;
  return P.multiplyUnsafe(k);
}
function mulSecret(P, k) {
  k = mod2(k);
  if (P.is0()) return O;
  if (k === L - 1n) return P.negate();
  return P.multiply(k + 1n).subtract(P);
}
function baseMul(k) {
  return mulSecret(G, k);
}
var tabled = /* @__PURE__ */ new WeakSet();
function withTable(P) {
  if (!P.is0() && !tabled.has(P)) {
    P.precompute(8, false);
    tabled.add(P);
  }
  return P;
}
function encodePoint(P) {
  return P.toBytes();
}
function decodePoint(bytes, allowIdentity = false) {
  if (!(bytes instanceof Uint8Array) || bytes.length !== 32) {
    throw new EncodingError("a point is 32 bytes");
  }
  if (equalBytes(bytes, IDENTITY_BYTES)) {
    if (allowIdentity) return O;
    throw new EncodingError("the identity is not allowed here");
  }
  let P;
  try {
    P = Point.fromBytes(bytes);
  } catch (e) {
    throw new EncodingError(`not the encoding of a ristretto255 element: ${e.message}`);
  }
  if (!equalBytes(P.toBytes(), bytes)) throw new EncodingError("non-canonical encoding");
  return P;
}
function encodeScalar(k) {
  if (typeof k !== "bigint" || k < 0n || k >= L) throw new CryptoError("scalar out of range");
  return intToBytesLE(k, 32);
}
function encodeInt(v) {
  v = BigInt(v);
  if (v < 0n || v > 2n ** 62n) throw new CryptoError("integer out of [0, 2^62]");
  return intToBytesLE(v, 32);
}
function decodeScalar(bytes) {
  if (!(bytes instanceof Uint8Array) || bytes.length !== 32) {
    throw new EncodingError("a scalar is 32 bytes");
  }
  const k = bytesToIntLE(bytes);
  if (k >= L) throw new EncodingError("non-canonical scalar (>= L)");
  return k;
}
function randomScalar(rng) {
  for (; ; ) {
    const k = bytesToIntLE(rng.tokenBytes(64)) % L;
    if (k !== 0n) return k;
  }
}
var secureRng = {
  tokenBytes(n) {
    const out = new Uint8Array(n);
    globalThis.crypto.getRandomValues(out);
    return out;
  }
};
var DeterministicRng = class {
  constructor(seed) {
    this.seed = typeof seed === "string" ? utf8(seed) : seed;
    this.block = 0n;
    this.buffer = new Uint8Array(0);
  }
  tokenBytes(n) {
    while (this.buffer.length < n) {
      const blk = sha512(concat(
        utf8("oylama/crypto/v2/test-rng"),
        u32be(this.seed.length),
        this.seed,
        u64be(this.block)
      ));
      this.block += 1n;
      this.buffer = concat(this.buffer, blk);
    }
    const out = this.buffer.slice(0, n);
    this.buffer = this.buffer.slice(n);
    return out;
  }
};
function hashToPoint(tag, msg) {
  const t = typeof tag === "string" ? utf8(tag) : tag;
  const m = typeof msg === "string" ? utf8(msg) : msg;
  const uniform = sha512(concat(lp(utf8("oylama/crypto/v2/hash-to-point")), lp(t), lp(m)));
  const P = ristretto255_hasher.deriveToCurve(uniform);
  if (P.is0()) throw new CryptoError("hash_to_point: the identity");
  return P;
}

// src/transcript.js
var MAX_LABEL = 1024;
function checkContext(context, label) {
  if (!(context instanceof Uint8Array) || context.length !== 32) {
    throw new CryptoError("context must be 32 bytes (the election base hash)");
  }
  if (!(label instanceof Uint8Array) || label.length > MAX_LABEL) {
    throw new CryptoError(`label must be bytes of at most ${MAX_LABEL} bytes`);
  }
}
function transcript(tag, context, label, fields) {
  const parts = [lp(utf8("oylama/crypto/v2/" + tag)), lp(context), lp(label)];
  for (const f of fields) parts.push(lp(f instanceof Uint8Array ? f : f.toBytes()));
  return concat(...parts);
}
function challenge(tag, context, label, fields) {
  return bytesToIntLE(sha512(transcript(tag, context, label, fields))) % L;
}

// src/elgamal.js
function decodePublicKey(bytes) {
  const H = decodePoint(bytes, false);
  return H;
}
function encryptPoints(H, m, r) {
  const alpha = baseMul(r);
  const beta = baseMul(BigInt(m)).add(mulSecret(H, r));
  if (alpha.is0() || beta.is0()) throw new CryptoError("degenerate encryption");
  return [alpha, beta];
}
function encryptRandom(H, m, rng) {
  for (; ; ) {
    const r = randomScalar(rng);
    try {
      return [encryptPoints(H, m, r), r];
    } catch (e) {
      if (!(e instanceof CryptoError)) throw e;
    }
  }
}
function ciphertextToWire([alpha, beta]) {
  return { alpha: toBase64(alpha.toBytes()), beta: toBase64(beta.toBytes()) };
}
var CT_KEYS = ["alpha", "beta"];
function checkKeys(obj, keys, what) {
  if (obj === null || typeof obj !== "object" || Array.isArray(obj)) {
    throw new EncodingError(`${what}: expected an object`);
  }
  const got = Object.keys(obj);
  if (got.length !== keys.length || got.some((k, i) => k !== keys[i])) {
    throw new EncodingError(`${what}: expected fields ${keys.join(", ")}`);
  }
}
function ciphertextFromWire(obj, { fresh = true } = {}) {
  checkKeys(obj, CT_KEYS, "Ciphertext");
  const a = fromBase64(obj.alpha, 32);
  const b = fromBase64(obj.beta, 32);
  return [decodePoint(a, !fresh), decodePoint(b, !fresh)];
}
function addCt([a1, b1], [a2, b2]) {
  return [a1.add(a2), b1.add(b2)];
}
function scaleCt([a, b], k) {
  return [mul(a, k), mul(b, k)];
}

// src/proofs.js
var MAX_ONE_OF = 64;
var MAX_VALUE = 2n ** 62n;
var MAX_TABLE_CELLS = 256;
var sc = (k) => toBase64(encodeScalar(mod2(k)));
function proofScalar(text, what) {
  try {
    return decodeScalar(fromBase64(text, 32));
  } catch (e) {
    throw new ProofError(`${what}: ${e.message}`);
  }
}
function checkKey(H) {
  if (!H || H.is0()) throw new CryptoError("the public key must not be the identity");
}
function checkArray(x, what) {
  if (!Array.isArray(x)) throw new EncodingError(`${what}: expected an array`);
}
function commitment(text, what) {
  try {
    return decodePoint(fromBase64(text, 32), true);
  } catch (e) {
    throw new ProofError(`${what}: ${e.message}`);
  }
}
var pt = (P) => toBase64(P.toBytes());
function holds(terms) {
  let acc = O;
  for (const [k, P] of terms) acc = acc.add(mul(P, k));
  return acc.is0();
}
function requireAll(tag, equations, names) {
  equations.forEach((eq, n) => {
    if (!holds(eq)) throw new ProofError(`${tag}: ${names(n)} does not hold`);
  });
}
function branchEquations(H, alpha, beta, v, c, z, A, B) {
  return [
    [[z, G], [-c, alpha], [-1n, A]],
    [[z, H], [-c, beta], [c * BigInt(v), G], [-1n, B]]
  ];
}
var branchName = (where) => (n) => `${where(n >> 1)}: ${n % 2 ? "z·H - c·(beta - v·G) = B" : "z·G - c·alpha = A"}`;
function proveSchnorr(secret, { context, label, rng }) {
  checkContext(context, label);
  const X = baseMul(secret);
  const w = randomScalar(rng);
  const A = baseMul(w);
  const c = challenge("schnorr", context, label, [G, X, A]);
  return { commitment: pt(A), response: sc(w + c * secret) };
}
function verifySchnorr(X, proof, { context, label }) {
  checkContext(context, label);
  checkKeys(proof, ["commitment", "response"], "SchnorrProof");
  if (X.is0()) throw new ProofError("schnorr: the public key is the identity");
  const A = commitment(proof.commitment, "schnorr commitment");
  const z = proofScalar(proof.response, "schnorr response");
  const c = challenge("schnorr", context, label, [G, X, A]);
  requireAll("schnorr", [[[z, G], [-c, X], [-1n, A]]], () => "z·G - c·X = A");
}
function proveDleq(x, g1, h1, g2, h2, { context, label, rng }) {
  checkContext(context, label);
  if (g1.is0()) throw new CryptoError("dleq: g1 must not be the identity");
  if (!mulSecret(g1, x).equals(h1) || !mulSecret(g2, x).equals(h2)) {
    throw new CryptoError("dleq: the secret does not match the statement");
  }
  const w = randomScalar(rng);
  const a1 = mulSecret(g1, w);
  const a2 = mulSecret(g2, w);
  const c = challenge("dleq", context, label, [g1, h1, g2, h2, a1, a2]);
  return { commitment1: pt(a1), commitment2: pt(a2), response: sc(w + c * x) };
}
function verifyDleq(g1, h1, g2, h2, proof, { context, label }) {
  checkContext(context, label);
  checkKeys(proof, ["commitment1", "commitment2", "response"], "DleqProof");
  if (g1.is0()) throw new ProofError("dleq: g1 is the identity");
  const a1 = commitment(proof.commitment1, "dleq commitment1");
  const a2 = commitment(proof.commitment2, "dleq commitment2");
  const z = proofScalar(proof.response, "dleq response");
  const c = challenge("dleq", context, label, [g1, h1, g2, h2, a1, a2]);
  requireAll(
    "dleq",
    [[[z, g1], [-c, h1], [-1n, a1]], [[z, g2], [-c, h2], [-1n, a2]]],
    (n) => `z·g${n + 1} - c·h${n + 1} = A${n + 1}`
  );
}
function checkValues(values) {
  if (!(values.length >= 1 && values.length <= MAX_ONE_OF)) {
    throw new CryptoError(`one-of: between 1 and ${MAX_ONE_OF} values, got ${values.length}`);
  }
  let prev = -1n;
  for (const v0 of values) {
    const v = BigInt(v0);
    if (!(prev < v && v <= MAX_VALUE)) {
      throw new CryptoError("one-of: values must be strictly increasing in [0, 2^62]");
    }
    prev = v;
  }
}
var shiftedEvenly = (beta, v) => beta.subtract(baseMul(BigInt(v)));
function branch(H, alpha, shiftedBeta, c, z) {
  return [baseMul(z).subtract(mulSecret(alpha, c)), mulSecret(H, z).subtract(mulSecret(shiftedBeta, c))];
}
function commitBranches(H, alpha, beta, values, t, rng) {
  const w = randomScalar(rng);
  const cs = [];
  const zs = [];
  const commits = [];
  values.forEach((v, j) => {
    if (j === t) {
      cs.push(0n);
      zs.push(0n);
      commits.push(baseMul(w), mulSecret(H, w));
    } else {
      const cj = randomScalar(rng);
      const zj = randomScalar(rng);
      cs.push(cj);
      zs.push(zj);
      commits.push(...branch(H, alpha, shiftedEvenly(beta, v), cj, zj));
    }
  });
  return { w, cs, zs, commits };
}
function finishBranches(c, w, r, t, cs, zs) {
  let s = 0n;
  for (const x of cs) s += x;
  cs[t] = mod2(c - s);
  zs[t] = mod2(w + cs[t] * r);
}
var oneOfStatement = (H, alpha, beta, values) => [H, alpha, beta, encodeInt(values.length), ...values.map(encodeInt)];
function encryptsCheck(H, alpha, beta, m, r, what) {
  if (!baseMul(r).equals(alpha) || !baseMul(BigInt(m)).add(mulSecret(H, r)).equals(beta)) {
    throw new CryptoError(`${what}: the ciphertext is not the stated encryption`);
  }
}
function proveOneOf(H, [alpha, beta], values, m, r, { context, label, rng }) {
  checkContext(context, label);
  checkKey(H);
  checkValues(values);
  const t = values.findIndex((v) => BigInt(v) === BigInt(m));
  if (t < 0) throw new CryptoError(`one-of: ${m} is not one of the allowed values`);
  encryptsCheck(H, alpha, beta, m, r, "one-of");
  const { w, cs, zs, commits } = commitBranches(H, alpha, beta, values, t, rng);
  const c = challenge(
    "one-of",
    context,
    label,
    [...oneOfStatement(H, alpha, beta, values), ...commits]
  );
  finishBranches(c, w, r, t, cs, zs);
  return { commitments: commits.map(pt), challenges: cs.slice(0, -1).map(sc), responses: zs.map(sc) };
}
function verifyOneOf(H, [alpha, beta], values, proof, { context, label }) {
  checkContext(context, label);
  checkKey(H);
  checkValues(values);
  checkKeys(proof, ["commitments", "challenges", "responses"], "DisjunctiveProof");
  checkArray(proof.commitments, "commitments");
  checkArray(proof.challenges, "challenges");
  checkArray(proof.responses, "responses");
  const n = values.length;
  if (proof.commitments.length !== 2 * n || proof.challenges.length !== n - 1 || proof.responses.length !== n) {
    throw new ProofError(`one-of: expected ${2 * n} commitments, ${n - 1} challenges and ${n} responses`);
  }
  const commits = proof.commitments.map((x, i) => commitment(x, `one-of commitment ${i}`));
  const cs = proof.challenges.map((x, j) => proofScalar(x, `one-of challenge ${j}`));
  const zs = proof.responses.map((x, j) => proofScalar(x, `one-of response ${j}`));
  const c = challenge("one-of", context, label, [...oneOfStatement(H, alpha, beta, values), ...commits]);
  let s = 0n;
  for (const x of cs) s += x;
  cs.push(mod2(c - s));
  const eqs = [];
  values.forEach((v, j) => eqs.push(...branchEquations(
    H,
    alpha,
    beta,
    v,
    cs[j],
    zs[j],
    commits[2 * j],
    commits[2 * j + 1]
  )));
  requireAll("one-of", eqs, branchName((j) => `branch ${j}`));
}
function checkTable(rows, width) {
  if (width < 1 || rows.length < 1 || rows.length > MAX_ONE_OF || rows.length * width > MAX_TABLE_CELLS) {
    throw new CryptoError("table: bad table shape");
  }
  let prev = null;
  for (const row of rows) {
    if (row.length !== width || !row.every((v) => BigInt(v) >= 0n && BigInt(v) <= MAX_VALUE)) {
      throw new CryptoError(`table: each row has ${width} integers in [0, 2^62]`);
    }
    if (prev !== null) {
      let less = false;
      for (let i = 0; i < width; i++) {
        if (BigInt(prev[i]) !== BigInt(row[i])) {
          less = BigInt(prev[i]) < BigInt(row[i]);
          break;
        }
      }
      if (!less) throw new CryptoError("table: rows must be strictly increasing");
    }
    prev = row;
  }
}
function tableStatement(H, points, rows) {
  const fields = [H, encodeInt(points.length)];
  for (const [a, b] of points) fields.push(a, b);
  fields.push(encodeInt(rows.length));
  for (const row of rows) for (const v of row) fields.push(encodeInt(v));
  return fields;
}
function proveTable(H, points, rows, values, rs, { context, label, rng }) {
  checkContext(context, label);
  checkKey(H);
  checkTable(rows, points.length);
  const t = rows.findIndex((row) => row.every((v, i) => BigInt(v) === BigInt(values[i])));
  if (t < 0) throw new CryptoError("table: the values are not a row of the table");
  if (rs.length !== points.length) throw new CryptoError("table: one randomness per ciphertext");
  points.forEach(([a, b], i) => encryptsCheck(H, a, b, values[i], rs[i], "table"));
  const ws = points.map(() => randomScalar(rng));
  const cs = [];
  const zs = [];
  const commits = [];
  rows.forEach((row, j) => {
    if (j === t) {
      cs.push(0n);
      zs.push([]);
      commits.push(ws.flatMap((w) => [baseMul(w), mulSecret(H, w)]));
      return;
    }
    const cj = randomScalar(rng);
    const zrow = points.map(() => randomScalar(rng));
    cs.push(cj);
    zs.push(zrow);
    commits.push(points.flatMap(([a, b], i) => branch(H, a, shiftedEvenly(b, row[i]), cj, zrow[i])));
  });
  const c = challenge("table", context, label, [...tableStatement(H, points, rows), ...commits.flat()]);
  let s = 0n;
  for (const x of cs) s += x;
  cs[t] = mod2(c - s);
  zs[t] = ws.map((w, i) => mod2(w + cs[t] * rs[i]));
  return {
    commitments: commits.map((row) => row.map(pt)),
    challenges: cs.slice(0, -1).map(sc),
    responses: zs.map((row) => row.map(sc))
  };
}
function verifyTable(H, points, rows, proof, { context, label }) {
  checkContext(context, label);
  checkKey(H);
  checkTable(rows, points.length);
  checkKeys(proof, ["commitments", "challenges", "responses"], "TableProof");
  checkArray(proof.commitments, "commitments");
  checkArray(proof.challenges, "challenges");
  checkArray(proof.responses, "responses");
  const n = rows.length;
  const width = points.length;
  if (proof.commitments.length !== n || proof.challenges.length !== n - 1 || proof.responses.length !== n || proof.commitments.some((row) => !Array.isArray(row) || row.length !== 2 * width) || proof.responses.some((row) => !Array.isArray(row) || row.length !== width)) {
    throw new ProofError(`table: expected ${n} rows of ${2 * width} commitments, ${n - 1} challenges and ${n} rows of ${width} responses`);
  }
  const commits = proof.commitments.map((row, j) => row.map((x, i) => commitment(x, `table commitment ${j}.${i}`)));
  const cs = proof.challenges.map((x, j) => proofScalar(x, `table challenge ${j}`));
  const zs = proof.responses.map((row, j) => row.map((x, i) => proofScalar(x, `table response ${j}.${i}`)));
  const c = challenge("table", context, label, [...tableStatement(H, points, rows), ...commits.flat()]);
  let s = 0n;
  for (const x of cs) s += x;
  cs.push(mod2(c - s));
  const eqs = [];
  rows.forEach((row, j) => {
    points.forEach(([a, b], i) => eqs.push(...branchEquations(
      H,
      a,
      b,
      row[i],
      cs[j],
      zs[j][i],
      commits[j][2 * i],
      commits[j][2 * i + 1]
    )));
  });
  requireAll("table", eqs, branchName((k) => `row ${Math.floor(k / width)}, ciphertext ${k % width}`));
}
var bitlen = (x) => x === 0n ? 0 : x.toString(2).length;
function rangeWeights(a, b) {
  a = BigInt(a);
  b = BigInt(b);
  if (!(a >= 0n && a < b && b <= MAX_VALUE)) {
    throw new CryptoError(`range: need 0 <= a < b <= 2^62, got [${a}, ${b}]`);
  }
  const width = b - a;
  const n = bitlen(width);
  const out = [];
  for (let i = 0; i < n - 1; i++) out.push(1n << BigInt(i));
  out.push(width - (1n << BigInt(n - 1)) + 1n);
  return out;
}
function decompose(value, weights) {
  const n = weights.length;
  let high = n > 1 && value >= 1n << BigInt(n - 1) ? 1n : 0n;
  if (n === 1) high = value;
  const rest = value - high * weights[n - 1];
  const out = [];
  for (let i = 0; i < n - 1; i++) out.push(rest >> BigInt(i) & 1n);
  out.push(high);
  return out;
}
var rangeStatement = (H, alpha, beta, a, b, n) => [H, alpha, beta, encodeInt(a), encodeInt(b), encodeInt(n)];
function proveRange(H, [alpha, beta], m, r, { a, b, context, label, rng }) {
  checkContext(context, label);
  checkKey(H);
  a = BigInt(a);
  b = BigInt(b);
  m = BigInt(m);
  const weights = rangeWeights(a, b);
  if (!(a <= m && m <= b)) throw new CryptoError(`range: ${m} is not in [${a}, ${b}]`);
  if (!(r >= 0n && r < L)) throw new CryptoError("range: randomness must be in [0, L)");
  encryptsCheck(H, alpha, beta, m, r, "range");
  const n = weights.length;
  const digits = decompose(m - a, weights);
  let rs;
  let bits;
  for (; ; ) {
    rs = [0n];
    for (let i = 1; i < n; i++) rs.push(randomScalar(rng));
    let s = 0n;
    for (let i = 1; i < n; i++) s += weights[i] * rs[i];
    rs[0] = mod2(r - s);
    if (rs[0] === 0n) continue;
    bits = rs.map((x, i) => [baseMul(x), baseMul(digits[i]).add(mulSecret(H, x))]);
    if (!bits.some(([, bb]) => bb.is0())) break;
  }
  const fields = rangeStatement(H, alpha, beta, a, b, n);
  const states = [];
  bits.forEach(([ba, bb], i) => {
    const st = commitBranches(H, ba, bb, [0n, 1n], Number(digits[i]), rng);
    states.push(st);
    fields.push(ba, bb, ...st.commits);
  });
  const c = challenge("range", context, label, fields);
  const out = bits.map(([ba, bb], i) => {
    const st = states[i];
    finishBranches(c, st.w, rs[i], Number(digits[i]), st.cs, st.zs);
    return {
      ciphertext: { alpha: pt(ba), beta: pt(bb) },
      commitments: st.commits.map(pt),
      challenge0: sc(st.cs[0]),
      response0: sc(st.zs[0]),
      response1: sc(st.zs[1])
    };
  });
  return { bits: out };
}
function verifyRange(H, [alpha, beta], proof, { a, b, context, label }) {
  checkContext(context, label);
  checkKey(H);
  a = BigInt(a);
  b = BigInt(b);
  const weights = rangeWeights(a, b);
  const n = weights.length;
  checkKeys(proof, ["bits"], "RangeProof");
  checkArray(proof.bits, "bits");
  if (proof.bits.length !== n) {
    throw new ProofError(`range: expected ${n} bits for [${a}, ${b}], got ${proof.bits.length}`);
  }
  const bits = proof.bits.map((bit, i) => {
    checkKeys(bit, ["ciphertext", "commitments", "challenge0", "response0", "response1"], "RangeBit");
    let ct;
    try {
      checkKeys(bit.ciphertext, ["alpha", "beta"], "Ciphertext");
      ct = [
        decodePoint(fromBase64(bit.ciphertext.alpha, 32)),
        decodePoint(fromBase64(bit.ciphertext.beta, 32))
      ];
    } catch (e) {
      throw new ProofError(`range bit ${i}: ciphertext: ${e.message}`);
    }
    checkArray(bit.commitments, `range bit ${i} commitments`);
    if (bit.commitments.length !== 4) throw new ProofError(`range bit ${i}: expected 4 commitments`);
    return {
      ct,
      commits: bit.commitments.map((x, k) => commitment(x, `range bit ${i} commitment ${k}`)),
      c0: proofScalar(bit.challenge0, `range bit ${i} challenge0`),
      z0: proofScalar(bit.response0, `range bit ${i} response0`),
      z1: proofScalar(bit.response1, `range bit ${i} response1`)
    };
  });
  const fields = rangeStatement(H, alpha, beta, a, b, n);
  for (const bit of bits) fields.push(...bit.ct, ...bit.commits);
  const c = challenge("range", context, label, fields);
  const eqs = [
    [...bits.map((bit, i) => [weights[i], bit.ct[0]]), [-1n, alpha]],
    [...bits.map((bit, i) => [weights[i], bit.ct[1]]), [a, G], [-1n, beta]]
  ];
  for (const { ct: [ba, bb], commits, c0, z0, z1 } of bits) {
    eqs.push(...branchEquations(H, ba, bb, 0n, c0, z0, commits[0], commits[1]));
    eqs.push(...branchEquations(H, ba, bb, 1n, mod2(c - c0), z1, commits[2], commits[3]));
  }
  if (!holds(eqs[0])) throw new ProofError("range: the bits' alpha do not recombine to the ciphertext's alpha");
  if (!holds(eqs[1])) throw new ProofError("range: the bits' beta do not recombine to the ciphertext's beta - a·G");
  const bitName = branchName((j) => `bit ${j >> 1}, branch ${j % 2}`);
  requireAll("range", eqs.slice(2), bitName);
}

// src/ballot.js
var KINDS = ["approval", "knapsack", "cumulative", "quadratic"];
var MAX_PROJECTS = 1024;
var MAX_STYLE_ID = 128;
var MAX_BALLOT_ID = 64;
var MAX_ONE_OF_POINTS = 5;
var MAX_VOTES_UNSIGNED = MAX_ONE_OF - 1;
var MAX_VOTES_SIGNED = MAX_ONE_OF - 1 >> 1;
var BALLOT_KEYS = [
  "election",
  "style",
  "ballot_id",
  "selections",
  "squares",
  "proofs",
  "count",
  "total"
];
var big = (x) => BigInt(x);
var sumBig = (xs) => xs.reduce((s, x) => s + big(x), 0n);
function req(cond, style, msg) {
  if (!cond) throw new InputError(`ballot style '${style.id}' (${style.kind}): ${msg}`);
}
function checkStyle(s) {
  const style = {
    id: s.id,
    kind: s.kind,
    projects: s.projects,
    costs: s.costs ?? [],
    budget: s.budget ?? 0,
    min_count: s.min_count ?? 0,
    max_count: s.max_count ?? null,
    points: s.points ?? 0,
    max_votes: s.max_votes ?? 0,
    signed: s.signed ?? false,
    credits: s.credits ?? 0
  };
  const sid = utf8(String(style.id));
  req(sid.length >= 1 && sid.length <= MAX_STYLE_ID, style, "id must be 1 to 128 bytes");
  req(KINDS.includes(style.kind), style, `kind must be one of ${KINDS.join(", ")}`);
  req(
    Number.isInteger(style.projects) && style.projects >= 1 && style.projects <= MAX_PROJECTS,
    style,
    "projects must be 1 to 1024"
  );
  const n = style.projects;
  const used = /* @__PURE__ */ new Set();
  if (style.kind === "approval" || style.kind === "knapsack") {
    used.add("min_count");
    used.add("max_count");
    const hi = style.max_count ?? n;
    req(
      style.min_count >= 0 && style.min_count <= hi && hi <= n,
      style,
      "need 0 <= min_count <= max_count <= projects"
    );
  }
  if (style.kind === "knapsack") {
    used.add("costs");
    used.add("budget");
    req(style.costs.length === n, style, `costs must list ${n} costs`);
    req(style.costs.every((c) => big(c) >= 0n), style, "costs must be >= 0");
    req(sumBig(style.costs) <= MAX_VALUE, style, "the costs' sum must be at most 2^62");
    req(big(style.budget) >= 1n && big(style.budget) <= MAX_VALUE, style, "budget 1 to 2^62");
  } else if (style.kind === "cumulative") {
    used.add("points");
    req(
      big(style.points) >= 1n && big(style.points) <= MAX_VALUE / big(n),
      style,
      "points must be 1 to 2^62/projects"
    );
  } else if (style.kind === "quadratic") {
    used.add("max_votes");
    used.add("signed");
    used.add("credits");
    const top = style.signed ? MAX_VOTES_SIGNED : MAX_VOTES_UNSIGNED;
    req(style.max_votes >= 1 && style.max_votes <= top, style, `max_votes must be 1 to ${top}`);
    req(big(style.credits) >= 1n && big(style.credits) <= MAX_VALUE, style, "credits 1 to 2^62");
  }
  const unused = {
    costs: style.costs.length !== 0,
    budget: big(style.budget) !== 0n,
    min_count: style.min_count !== 0,
    max_count: style.max_count !== null,
    points: big(style.points) !== 0n,
    max_votes: style.max_votes !== 0,
    signed: !!style.signed,
    credits: big(style.credits) !== 0n
  };
  for (const [name, isSet] of Object.entries(unused)) {
    req(used.has(name) || !isSet, style, `${name} is not used by this kind`);
  }
  return style;
}
function countBounds(style) {
  if (style.kind !== "approval" && style.kind !== "knapsack") return null;
  const n = style.projects;
  const hi = style.max_count ?? n;
  return style.min_count === 0 && hi === n ? null : [big(style.min_count), big(hi)];
}
function totalBounds(style) {
  const n = style.projects;
  if (style.kind === "knapsack") {
    return sumBig(style.costs) <= big(style.budget) ? null : [0n, big(style.budget)];
  }
  if (style.kind === "cumulative") return n === 1 ? null : [0n, big(style.points)];
  if (style.kind === "quadratic") {
    return big(n) * big(style.max_votes) ** 2n <= big(style.credits) ? null : [0n, big(style.credits)];
  }
  return null;
}
function selectionScales(style) {
  if (style.kind === "knapsack") return style.costs.map((c) => big(c) > 0n ? big(c) : 1n);
  return Array(style.projects).fill(1n);
}
function totalWeights(style) {
  if (style.kind === "knapsack") return style.costs.map((c) => big(c) > 0n ? 1n : 0n);
  return Array(style.projects).fill(1n);
}
function selectionValues(style) {
  if (style.kind === "approval" || style.kind === "knapsack") {
    return selectionScales(style).map((s) => [0n, s]);
  }
  if (style.kind === "cumulative" && big(style.points) <= BigInt(MAX_ONE_OF_POINTS)) {
    const vals = [];
    for (let v = 0n; v <= big(style.points); v++) vals.push(v);
    return Array(style.projects).fill(vals);
  }
  return Array(style.projects).fill(null);
}
var quadraticOffset = (style) => style.signed ? big(style.max_votes) : 0n;
function quadraticRows(style) {
  const vmax = style.max_votes;
  const off = quadraticOffset(style);
  const rows = [];
  for (let v = style.signed ? -vmax : 0; v <= vmax; v++) rows.push([big(v) + off, big(v) * big(v)]);
  return rows;
}
function checkChoices(style, choices) {
  const n = style.projects;
  if (choices.length !== n) {
    throw new InputError(`expected ${n} choices (one per project), got ${choices.length}`);
  }
  choices.forEach((x, j) => {
    if (!Number.isInteger(x)) throw new InputError(`project ${j}: a choice is an integer`);
  });
  if (style.kind === "approval" || style.kind === "knapsack") {
    choices.forEach((x, j) => {
      if (x !== 0 && x !== 1) throw new InputError(`project ${j}: a ${style.kind} choice is 0 or 1, got ${x}`);
    });
    const count = choices.reduce((a, b) => a + b, 0);
    const hi = style.max_count ?? n;
    if (count < style.min_count) {
      throw new InputError(`${count} projects selected, the ballot needs at least ${style.min_count}`);
    }
    if (count > hi) throw new InputError(`${count} projects selected, the ballot allows at most ${hi}`);
    if (style.kind === "knapsack") {
      const spent = style.costs.reduce((s, c, j) => s + big(c) * big(choices[j]), 0n);
      if (spent > big(style.budget)) {
        throw new InputError(`the selection costs ${spent}, over the budget of ${style.budget}`);
      }
    }
  } else if (style.kind === "cumulative") {
    choices.forEach((x, j) => {
      if (x < 0 || big(x) > big(style.points)) {
        throw new InputError(`project ${j}: points must be in [0, ${style.points}], got ${x}`);
      }
    });
    const total = sumBig(choices);
    if (total > big(style.points)) throw new InputError(`${total} points given, the ballot allows ${style.points}`);
  } else {
    const vmax = style.max_votes;
    const low = style.signed ? -vmax : 0;
    choices.forEach((v, j) => {
      if (v < low || v > vmax) throw new InputError(`project ${j}: votes must be in [${low}, ${vmax}], got ${v}`);
    });
    const cost = choices.reduce((s, v) => s + big(v) * big(v), 0n);
    if (cost > big(style.credits)) {
      throw new InputError(`the votes cost ${cost} credits, the ballot allows ${style.credits}`);
    }
  }
}
function ballotLabel(styleId, ballotId, credential, role, index) {
  return concat(
    lp(utf8("oylama/ballot/v2")),
    lp(utf8(styleId)),
    lp(ballotId),
    lp(credential),
    lp(utf8(role)),
    u32be(index)
  );
}
function newBallotId(rng) {
  return rng.tokenBytes(16);
}
function checkIds(context, ballotId, credential) {
  if (!(context instanceof Uint8Array) || context.length !== 32) {
    throw new CryptoError("context must be 32 bytes (the election base hash)");
  }
  if (!(ballotId instanceof Uint8Array) || ballotId.length < 1 || ballotId.length > MAX_BALLOT_ID) {
    throw new CryptoError(`a ballot id is 1 to ${MAX_BALLOT_ID} bytes`);
  }
  if (!(credential instanceof Uint8Array) || credential.length !== 32) {
    throw new CryptoError("a credential is 32 bytes (the voter's public key)");
  }
}
var countWeights = (style) => selectionScales(style).map((s) => s !== 1n ? Point.Fn.inv(s) : 1n);
function combine(points, weights) {
  let alpha = O;
  let beta = O;
  points.forEach(([a, b], j) => {
    const k = weights[j];
    if (k === 1n) {
      alpha = alpha.add(a);
      beta = beta.add(b);
    } else if (k) {
      alpha = alpha.add(mul(a, k));
      beta = beta.add(mul(b, k));
    }
  });
  return [alpha, beta];
}
function proveBound(H, ct, m, r, [a, b], opts) {
  if (a < b) return { range: proveRange(H, ct, m, r, { a, b, ...opts }), exact: null };
  if (m !== a) throw new CryptoError(`bound: ${m} is not ${a}`);
  const [alpha, beta] = ct;
  return { range: null, exact: proveDleq(r, G, alpha, H, beta.subtract(baseMul(a)), opts) };
}
function verifyBound(H, ct, proof, [a, b], what, opts) {
  if (proof === null) throw new ProofError(`${what}: the proof that it lies in [${a}, ${b}] is missing`);
  try {
    checkKeys(proof, ["range", "exact"], "BoundProof");
    if (a < b) {
      if (proof.range === null || proof.exact !== null) throw new ProofError("expected a range proof only");
      verifyRange(H, ct, proof.range, { a, b, ...opts });
    } else {
      if (proof.exact === null || proof.range !== null) throw new ProofError("expected an exact (DLEQ) proof only");
      const [alpha, beta] = ct;
      verifyDleq(G, alpha, H, beta.subtract(baseMul(a)), proof.exact, opts);
    }
  } catch (e) {
    if (e instanceof CryptoError) {
      const E = e.constructor;
      throw new E(`${what} in [${a}, ${b}]: ${e.message}`);
    }
    throw e;
  }
}
function plaintexts(style, choices) {
  if (style.kind === "quadratic") {
    const off = quadraticOffset(style);
    return [choices.map((v) => big(v) + off), choices.map((v) => big(v) * big(v))];
  }
  const scales = selectionScales(style);
  return [choices.map((x, j) => scales[j] * big(x)), []];
}
function encryptBallot(styleIn, H, choices, options) {
  const steps = encryptSteps(styleIn, H, choices, options);
  for (; ; ) {
    const { value, done } = steps.next();
    if (done) return value;
    if (options.onProgress) options.onProgress(value);
  }
}
async function encryptBallotAsync(styleIn, H, choices, options) {
  const steps = encryptSteps(styleIn, H, choices, options);
  for (; ; ) {
    const { value, done } = steps.next();
    if (done) return value;
    if (options.onProgress) options.onProgress(value);
    await new Promise((r) => setTimeout(r, 0));
  }
}
function* encryptSteps(styleIn, H, choices, { context, ballotId, credential, rng }) {
  const style = checkStyle(styleIn);
  if (H.is0()) throw new CryptoError("the public key must not be the identity");
  withTable(H);
  checkIds(context, ballotId, credential);
  choices = [...choices];
  checkChoices(style, choices);
  const sid = style.id;
  const n = style.projects;
  const [selM, sqM] = plaintexts(style, choices);
  const sel = selM.map((m) => encryptRandom(H, m, rng));
  const sq = sqM.map((m) => encryptRandom(H, m, rng));
  const values = selectionValues(style);
  const proofs = [];
  const steps = n + 2;
  for (let j = 0; j < n; j++) {
    const label = ballotLabel(sid, ballotId, credential, "selection", j);
    const opts = { context, label, rng };
    const [ct, r] = sel[j];
    if (style.kind === "quadratic") {
      const table = proveTable(
        H,
        [ct, sq[j][0]],
        quadraticRows(style),
        [selM[j], sqM[j]],
        [r, sq[j][1]],
        opts
      );
      proofs.push({ one_of: null, range: null, table });
    } else if (values[j] !== null) {
      proofs.push({ one_of: proveOneOf(H, ct, values[j], selM[j], r, opts), range: null, table: null });
    } else {
      proofs.push({ one_of: null, range: proveRange(H, ct, selM[j], r, { a: 0n, b: big(style.points), ...opts }), table: null });
    }
    yield (j + 1) / steps;
  }
  let count = null;
  const cb = countBounds(style);
  if (cb !== null) {
    const cw = countWeights(style);
    const agg = combine(sel.map(([ct]) => ct), cw);
    const r = mod2(sel.reduce((s, [, rj], j) => s + cw[j] * rj, 0n));
    count = proveBound(
      H,
      agg,
      sumBig(choices),
      r,
      cb,
      { context, label: ballotLabel(sid, ballotId, credential, "count", 0), rng }
    );
  }
  yield (n + 1) / steps;
  let total = null;
  const tb = totalBounds(style);
  if (tb !== null) {
    const w = totalWeights(style);
    const pairs = style.kind === "quadratic" ? sq : sel;
    const plain = style.kind === "quadratic" ? sqM : selM;
    const agg = combine(pairs.map(([ct]) => ct), w);
    const r = mod2(pairs.reduce((s, [, rj], j) => s + w[j] * rj, 0n));
    const m = plain.reduce((s, x, j) => s + w[j] * x, 0n);
    total = proveBound(
      H,
      agg,
      m,
      r,
      tb,
      { context, label: ballotLabel(sid, ballotId, credential, "total", 0), rng }
    );
  }
  yield 1;
  const ballot = {
    election: toBase64(context),
    style: sid,
    ballot_id: toBase64(ballotId),
    selections: sel.map(([ct]) => ciphertextToWire(ct)),
    squares: sq.map(([ct]) => ciphertextToWire(ct)),
    proofs,
    count,
    total
  };
  const secrets = {
    choices,
    randomness: sel.map(([, r]) => r),
    square_randomness: sq.map(([, r]) => r)
  };
  return { ballot, secrets };
}
function ballotBytes(ballot) {
  return utf8(JSON.stringify(ballot));
}
function parseBallot(text) {
  let obj;
  try {
    obj = JSON.parse(text);
  } catch (e) {
    throw new EncodingError(`malformed EncryptedBallot JSON: ${e.message}`);
  }
  checkKeys(obj, BALLOT_KEYS, "EncryptedBallot");
  if (JSON.stringify(obj) !== text) throw new EncodingError("non-canonical EncryptedBallot JSON");
  return obj;
}
var TRACKING_TAG = utf8("oylama/ballot/v1/tracking-code");
function trackingCode(ballot) {
  const bytes = ballot instanceof Uint8Array ? ballot : ballotBytes(ballot);
  return sha256(concat(lp(TRACKING_TAG), bytes));
}
var B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
function base32(bytes) {
  let out = "";
  let acc = 0;
  let bits = 0;
  for (const b of bytes) {
    acc = acc << 8 | b;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += B32[acc >> bits & 31];
    }
    acc &= (1 << bits) - 1;
  }
  if (bits > 0) out += B32[acc << 5 - bits & 31];
  return out;
}
function formatTrackingCode(code) {
  const t = base32(code);
  return t.match(/.{1,4}/g).join("-");
}
function normalizeTrackingCode(text) {
  const t = String(text).replace(/[\s-]/g, "").toUpperCase();
  if (!/^[A-Z2-7]{52}$/.test(t)) throw new InputError("a tracking code is 52 letters A–Z and digits 2–7");
  return t.match(/.{1,4}/g).join("-");
}
function decodeFresh(ct, what) {
  return ciphertextFromWire(ct, { fresh: true });
}
function verifyBallot(styleIn, H, ballot, { context, credential }) {
  const { style, ballotId } = checkBallotShape(styleIn, H, ballot, { context, credential });
  const n = style.projects;
  const quad = style.kind === "quadratic";
  const cb = countBounds(style);
  const tb = totalBounds(style);
  const values = selectionValues(style);
  const sel = [];
  const sq = [];
  for (let j = 0; j < n; j++) {
    const opts = { context, label: ballotLabel(style.id, ballotId, credential, "selection", j) };
    try {
      const p = ballot.proofs[j];
      checkKeys(p, ["one_of", "range", "table"], "SelectionProof");
      const ct = decodeFresh(ballot.selections[j]);
      sel.push(ct);
      if (quad) {
        const q = decodeFresh(ballot.squares[j]);
        sq.push(q);
        if (p.table === null || p.one_of !== null || p.range !== null) throw new ProofError("table: expected a table proof only");
        verifyTable(H, [ct, q], quadraticRows(style), p.table, opts);
      } else if (values[j] !== null) {
        if (p.one_of === null || p.range !== null || p.table !== null) throw new ProofError("one-of: expected a one-of proof only");
        verifyOneOf(H, ct, values[j], p.one_of, opts);
      } else {
        if (p.range === null || p.one_of !== null || p.table !== null) throw new ProofError("range: expected a range proof only");
        verifyRange(H, ct, p.range, { a: 0n, b: big(style.points), ...opts });
      }
    } catch (e) {
      if (e instanceof CryptoError) {
        const E = e.constructor;
        throw new E(`project ${j}: ${e.message}`);
      }
      throw e;
    }
  }
  if (cb !== null) {
    verifyBound(
      H,
      combine(sel, countWeights(style)),
      ballot.count,
      cb,
      "count of selected projects",
      { context, label: ballotLabel(style.id, ballotId, credential, "count", 0) }
    );
  }
  if (tb !== null) {
    const what = { knapsack: "cost of the selection", cumulative: "points given", quadratic: "credits spent" }[style.kind];
    verifyBound(
      H,
      combine(quad ? sq : sel, totalWeights(style)),
      ballot.total,
      tb,
      what,
      { context, label: ballotLabel(style.id, ballotId, credential, "total", 0) }
    );
  }
}
function checkBallotShape(styleIn, H, ballot, { context, credential }) {
  const style = checkStyle(styleIn);
  if (H.is0()) throw new CryptoError("the public key must not be the identity");
  withTable(H);
  checkKeys(ballot, BALLOT_KEYS, "EncryptedBallot");
  const ballotId = fromBase64(ballot.ballot_id);
  checkIds(context, ballotId, credential);
  const election = fromBase64(ballot.election);
  if (toBase64(election) !== toBase64(context)) throw new CryptoError("the ballot is for another election (context)");
  if (ballot.style !== style.id) throw new CryptoError(`the ballot is of style '${ballot.style}', not '${style.id}'`);
  const n = style.projects;
  const quad = style.kind === "quadratic";
  if (!Array.isArray(ballot.selections) || !Array.isArray(ballot.proofs) || !Array.isArray(ballot.squares) || ballot.selections.length !== n || ballot.proofs.length !== n || ballot.squares.length !== (quad ? n : 0)) {
    throw new EncodingError(`expected ${n} selections and proofs${quad ? " and squares" : ", no squares"}`);
  }
  const cb = countBounds(style);
  const tb = totalBounds(style);
  if (ballot.count === null !== (cb === null)) {
    throw new ProofError(cb === null ? "unexpected count proof" : "the count proof is missing");
  }
  if (ballot.total === null !== (tb === null)) {
    throw new ProofError(tb === null ? "unexpected total proof" : "the total proof is missing");
  }
  return { style, ballotId };
}
function spoil(ballot, secrets) {
  return {
    ballot,
    choices: secrets.choices,
    randomness: secrets.randomness.map((r) => toBase64(encodeScalar(r))),
    square_randomness: secrets.square_randomness.map((r) => toBase64(encodeScalar(r)))
  };
}
function reveal(text, what) {
  let r;
  try {
    r = decodeScalar(fromBase64(text, 32));
  } catch (e) {
    throw new ProofError(`${what}: ${e.message}`);
  }
  if (r === 0n) throw new ProofError(`${what}: zero randomness`);
  return r;
}
function verifySpoiled(styleIn, H, spoiled, { context, credential }) {
  const style = checkStyle(styleIn);
  checkKeys(spoiled, ["ballot", "choices", "randomness", "square_randomness"], "SpoiledBallot");
  if (credential === null) checkBallotShape(style, H, spoiled.ballot, { context, credential: new Uint8Array(32) });
  else verifyBallot(style, H, spoiled.ballot, { context, credential });
  checkChoices(style, spoiled.choices);
  const n = style.projects;
  const quad = style.kind === "quadratic";
  if (spoiled.randomness.length !== n || spoiled.square_randomness.length !== (quad ? n : 0)) {
    throw new ProofError("wrong number of revealed randomness values");
  }
  const [selM, sqM] = plaintexts(style, spoiled.choices);
  for (let j = 0; j < n; j++) {
    const r = reveal(spoiled.randomness[j], `project ${j}`);
    const ct = encryptPoints(H, selM[j], r);
    const want = ciphertextToWire(ct);
    const got = spoiled.ballot.selections[j];
    if (want.alpha !== got.alpha || want.beta !== got.beta) {
      throw new ProofError(`project ${j}: the selection is not the encryption of the revealed choice`);
    }
    if (quad) {
      const q = reveal(spoiled.square_randomness[j], `project ${j} square`);
      const w2 = ciphertextToWire(encryptPoints(H, sqM[j], q));
      const g2 = spoiled.ballot.squares[j];
      if (w2.alpha !== g2.alpha || w2.beta !== g2.beta) {
        throw new ProofError(`project ${j}: the square is not the encryption of the revealed vote`);
      }
    }
  }
  return { choices: spoiled.choices, trackingCode: formatTrackingCode(trackingCode(spoiled.ballot)) };
}

// node_modules/@noble/hashes/hmac.js
var _HMAC = class {
  constructor(hash, key) {
    __publicField(this, "oHash");
    __publicField(this, "iHash");
    __publicField(this, "blockLen");
    __publicField(this, "outputLen");
    __publicField(this, "canXOF", false);
    __publicField(this, "finished", false);
    __publicField(this, "destroyed", false);
    ahash(hash);
    abytes(key, void 0, "key");
    this.iHash = hash.create();
    if (typeof this.iHash.update !== "function")
      throw new Error("expected Hash instance");
    this.blockLen = this.iHash.blockLen;
    this.outputLen = this.iHash.outputLen;
    const blockLen = this.blockLen;
    const pad = new Uint8Array(blockLen);
    pad.set(key.length > blockLen ? hash.create().update(key).digest() : key);
    for (let i = 0; i < pad.length; i++)
      pad[i] ^= 54;
    this.iHash.update(pad);
    this.oHash = hash.create();
    for (let i = 0; i < pad.length; i++)
      pad[i] ^= 54 ^ 92;
    this.oHash.update(pad);
    clean(pad);
  }
  update(buf) {
    aexists(this);
    this.iHash.update(buf);
    return this;
  }
  digestInto(out) {
    aexists(this);
    aoutput(out, this);
    this.finished = true;
    const buf = out.subarray(0, this.outputLen);
    this.iHash.digestInto(buf);
    this.oHash.update(buf);
    this.oHash.digestInto(buf);
    this.destroy();
  }
  digest() {
    const out = new Uint8Array(this.oHash.outputLen);
    this.digestInto(out);
    return out;
  }
  _cloneInto(to) {
    to || (to = Object.create(Object.getPrototypeOf(this), {}));
    const { oHash, iHash, finished, destroyed, blockLen, outputLen, canXOF } = this;
    to = to;
    to.finished = finished;
    to.destroyed = destroyed;
    to.blockLen = blockLen;
    to.outputLen = outputLen;
    to.canXOF = canXOF;
    to.oHash = oHash._cloneInto(to.oHash);
    to.iHash = iHash._cloneInto(to.iHash);
    return to;
  }
  clone() {
    return this._cloneInto();
  }
  destroy() {
    this.destroyed = true;
    this.oHash.destroy();
    this.iHash.destroy();
  }
};
var hmac = /* @__PURE__ */ (() => {
  const hmac_ = ((hash, key, message) => new _HMAC(hash, key).update(message).digest());
  hmac_.create = (hash, key) => new _HMAC(hash, key);
  return hmac_;
})();

// node_modules/@noble/hashes/hkdf.js
var HKDF_COUNTER = /* @__PURE__ */ Uint8Array.of(0);
var EMPTY_BUFFER = /* @__PURE__ */ Uint8Array.of();
function expand(hash, prk, info, length = 32, _recycled) {
  ahash(hash);
  anumber(length, "length");
  abytes(prk, void 0, "prk");
  const olen = hash.outputLen;
  if (prk.length < olen)
    throw new Error('"prk" must be at least HashLen octets');
  if (length > 255 * olen)
    throw new Error("Length must be <= 255*HashLen");
  const blocks = Math.ceil(length / olen);
  if (info === void 0)
    info = EMPTY_BUFFER;
  else
    abytes(info, void 0, "info");
  if (!blocks) {
    if (_recycled)
      clean(prk);
    return new Uint8Array();
  }
  const okm = _recycled && blocks === 1 ? prk : new Uint8Array(blocks * olen);
  const { iHash, oHash } = hmac.create(hash, prk);
  const T = _recycled ? prk : new Uint8Array(olen);
  const worker = blocks > 1 ? _recycled?.iHash || hash.create() : void 0;
  for (let counter = 0; counter < blocks - 1; counter++) {
    HKDF_COUNTER[0] = counter + 1;
    const iWork = iHash._cloneInto(worker);
    if (counter)
      iWork.update(T);
    iWork.update(info).update(HKDF_COUNTER).digestInto(T);
    oHash._cloneInto(worker).update(T).digestInto(T);
    okm.set(T, olen * counter);
  }
  HKDF_COUNTER[0] = blocks;
  if (blocks > 1)
    iHash.update(T);
  iHash.update(info).update(HKDF_COUNTER).digestInto(T);
  oHash.update(T).digestInto(T);
  okm.set(T, olen * (blocks - 1));
  iHash.destroy();
  oHash.destroy();
  worker?.destroy();
  if (T !== okm)
    clean(T);
  clean(HKDF_COUNTER);
  if (length === okm.length)
    return okm;
  const res = okm.slice(0, length);
  clean(okm);
  return res;
}
var hkdf = (hash, ikm, salt, info, length) => {
  ahash(hash);
  if (salt === void 0)
    salt = new Uint8Array(hash.outputLen);
  const HMAC = hmac.create(hash, salt).update(ikm);
  return expand(hash, HMAC.digest(), info, length, HMAC);
};

// src/credentials.js
function decodeEd25519Key(bytes) {
  if (!(bytes instanceof Uint8Array) || bytes.length !== 32) {
    throw new EncodingError("an Ed25519 key is 32 bytes");
  }
  let P;
  try {
    P = ed25519.Point.fromBytes(bytes, false);
  } catch (e) {
    throw new EncodingError(`not an Ed25519 point: ${e.message}`);
  }
  const same = P.toBytes().every((b, i) => b === bytes[i]);
  if (P.is0() || !same || P.isSmallOrder() || !P.isTorsionFree()) {
    throw new EncodingError("not the canonical encoding of a point of prime order");
  }
  return P;
}
var ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
var VALUE = new Map([...ALPHABET].map((c, i) => [c, i]));
function gfMul(a, b) {
  let r = 0;
  for (let i = 0; i < 5; i++) {
    if (b >> i & 1) r ^= a << i;
  }
  for (let i = 8; i >= 5; i--) {
    if (r >> i & 1) r ^= 37 << i - 5;
  }
  return r;
}
var WEIGHTS = (() => {
  const w = new Array(24);
  let p = 1;
  for (let i = 23; i >= 0; i--) {
    w[i] = p;
    p = gfMul(p, 2);
  }
  return w;
})();
function checksum(values) {
  let s = 0;
  values.forEach((v, i) => {
    s ^= gfMul(WEIGHTS[i], v);
  });
  return s;
}
function parseCode(text) {
  let t = String(text).replace(/[ \t-]/g, "");
  t = t.replace(/[a-z]/g, (c) => c.toUpperCase());
  t = t.replace(/O/g, "0").replace(/[IL]/g, "1");
  if (![...t].every((c) => VALUE.has(c))) throw new InputError("the code has a character that is not a code symbol");
  if (t.length !== 24) throw new InputError(`a code has 24 symbols, got ${t.length}`);
  if (checksum([...t].map((c) => VALUE.get(c))) !== 0) {
    throw new InputError("the code is not valid (check symbol): a symbol was mistyped");
  }
  return t;
}
function formatCode(code) {
  return code.match(/.{6}/g).join("-");
}
function credentialSeed(code, electionId) {
  const canonical = parseCode(code);
  if (!electionId) throw new InputError("an election id is non-empty text");
  const salt = concat(lp(utf8("oylama/credential/v1")), lp(utf8(electionId)));
  return hkdf(sha512, utf8(canonical), salt, utf8("oylama/credential/v1/ed25519-seed"), 32);
}
function credentialKeys(code, electionId) {
  const seed = credentialSeed(code, electionId);
  return { seed, publicKey: ed25519.getPublicKey(seed) };
}
function signedMessage(ballotBytes2, electionId) {
  return concat(utf8("oylama/ballot-signature/v1"), lp(utf8(electionId)), ballotBytes2);
}
function signBallot(seed, ballotBytes2, electionId) {
  return ed25519.sign(signedMessage(ballotBytes2, electionId), seed);
}
function spoiledSignedMessage(spoiledBytes, electionId) {
  return concat(utf8("oylama/spoiled-ballot-signature/v1"), lp(utf8(electionId)), spoiledBytes);
}
function signSpoiled(seed, spoiledBytes, electionId) {
  return ed25519.sign(spoiledSignedMessage(spoiledBytes, electionId), seed);
}
function statementMessage(kind, contentBytes, electionId) {
  return concat(utf8("oylama/cycle-statement/v1"), lp(utf8(electionId)), lp(utf8(kind)), sha256(contentBytes));
}
function signStatement(seed, kind, contentBytes, electionId) {
  return ed25519.sign(statementMessage(kind, contentBytes, electionId), seed);
}
function verifyBallotSignature(publicKey, ballotBytes2, signature, electionId) {
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== 32) throw new SignatureError("a public credential is 32 bytes");
  try {
    decodeEd25519Key(publicKey);
  } catch (e) {
    throw new SignatureError(`public credential: ${e.message}`);
  }
  if (!(signature instanceof Uint8Array) || signature.length !== 64) throw new SignatureError("a signature is 64 bytes");
  let ok = false;
  try {
    ok = ed25519.verify(signature, signedMessage(ballotBytes2, electionId), publicKey, { zip215: false });
  } catch {
    ok = false;
  }
  if (!ok) throw new SignatureError("the ballot signature does not verify");
}
var LETTER_DIGITS = 20;
function letterFingerprint(fingerprintHex) {
  const head = fingerprintHex.slice(0, LETTER_DIGITS);
  return head.match(/.{5}/g).join("-");
}
function parsePinnedFingerprint(text) {
  const value = String(text).replace(/[- ]/g, "").toLowerCase();
  if (!/^[0-9a-f]{20,64}$/.test(value)) throw new InputError("a list fingerprint is 20 to 64 hex digits");
  return value;
}

// src/board.js
var leafHash = (data) => sha256(concat(new Uint8Array([0]), data));
var nodeHash = (l, r) => sha256(concat(new Uint8Array([1]), l, r));
var MAX_SIZE = 2n ** 63n - 1n;
function badName(name) {
  return name.length === 0 || /[\s+\u0000-\u001f\u007f-\u009f\ufeff]/u.test(name);
}
function parseCheckpoint(text) {
  if (!text.endsWith("\n")) throw new BoardError("checkpoint: must end in a newline");
  const lines = text.slice(0, -1).split("\n");
  if (lines.length !== 3) throw new BoardError("checkpoint: exactly three lines (no extensions)");
  const [origin, sizeText, rootText] = lines;
  if (badName(origin)) throw new BoardError("checkpoint: bad origin");
  if (!/^(0|[1-9][0-9]*)$/.test(sizeText) || BigInt(sizeText) > MAX_SIZE) throw new BoardError("checkpoint: bad size");
  let root;
  try {
    root = fromBase64(rootText, 32);
  } catch (e) {
    throw new BoardError(`checkpoint: root: ${e.message}`);
  }
  const size = BigInt(sizeText);
  if (size === 0n && !equalBytes(root, sha256(new Uint8Array(0)))) throw new BoardError("checkpoint: empty tree root");
  return { origin, size, root };
}
function keyId(name, publicKey) {
  return sha256(concat(utf8(name), new Uint8Array([10, 1]), publicKey)).slice(0, 4);
}
function verifierKey(name, publicKey) {
  return `${name}+${toHex(keyId(name, publicKey))}+${toBase64(concat(new Uint8Array([1]), publicKey))}`;
}
function verifyCheckpoint(note, keyName, publicKey, expectedOrigin = void 0) {
  if (typeof note !== "string" || !note.endsWith("\n")) throw new BoardError("note: must end in a newline");
  for (const ch of note) {
    const cp2 = ch.codePointAt(0);
    if (cp2 < 32 && ch !== "\n") throw new BoardError("note: control character");
  }
  const split2 = note.lastIndexOf("\n\n");
  if (split2 < 0) throw new BoardError("note: no signature block");
  const text = note.slice(0, split2 + 1);
  const block = note.slice(split2 + 2);
  const lines = block.slice(0, -1).split("\n");
  if (lines.length < 1 || lines.length > 100 || block === "") throw new BoardError("note: 1 to 100 signature lines");
  const id = keyId(keyName, publicKey);
  let found = 0;
  for (const line of lines) {
    const m = /^\u2014 (\S+) (\S+)$/u.exec(line);
    if (!m || badName(m[1])) throw new BoardError("note: malformed signature line");
    let sig;
    try {
      sig = fromBase64(m[2]);
    } catch {
      throw new BoardError("note: signature is not canonical base64");
    }
    if (sig.length < 5) throw new BoardError("note: signature too short");
    if (m[1] !== keyName || !equalBytes(sig.slice(0, 4), id)) continue;
    found += 1;
    if (sig.length !== 68) throw new BoardError("note: the board signature is not 64 bytes");
    let ok = false;
    try {
      ok = ed25519.verify(sig.slice(4), utf8(text), publicKey, { zip215: false });
    } catch {
      ok = false;
    }
    if (!ok) throw new BoardError("note: the board signature does not verify");
  }
  if (found !== 1) throw new BoardError("note: exactly one signature by the board key is required");
  const cp = parseCheckpoint(text);
  if (expectedOrigin !== void 0 && cp.origin !== expectedOrigin) throw new BoardError("checkpoint: unexpected origin");
  return cp;
}
function pathLength(m, n) {
  let len = 0;
  while (n > 1n) {
    let k = 1n;
    while (k * 2n < n) k *= 2n;
    if (m < k) {
      n = k;
    } else {
      m -= k;
      n -= k;
    }
    len += 1;
  }
  return len;
}
function verifyInclusion(leaf, index, size, proof, root) {
  const m = BigInt(index);
  const n = BigInt(size);
  if (leaf.length !== 32 || root.length !== 32 || proof.some((p) => p.length !== 32)) {
    throw new BoardError("inclusion: hashes are 32 bytes");
  }
  if (!(m >= 0n && m < n && n <= MAX_SIZE)) throw new BoardError("inclusion: index out of range");
  if (proof.length !== pathLength(m, n)) throw new BoardError("inclusion: wrong proof length");
  let fn = m;
  let sn = n - 1n;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0n) throw new BoardError("inclusion: proof too long");
    if ((fn & 1n) === 1n || fn === sn) {
      r = nodeHash(p, r);
      while ((fn & 1n) === 0n && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      r = nodeHash(r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  if (sn !== 0n || !equalBytes(r, root)) throw new BoardError("inclusion: the proof does not lead to the root");
}
function treeHash(leaves) {
  if (leaves.length === 0) return sha256(new Uint8Array(0));
  if (leaves.length === 1) return leaves[0];
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return nodeHash(treeHash(leaves.slice(0, k)), treeHash(leaves.slice(k)));
}
function decodeEntry(data) {
  let o = 0;
  const need = (k) => {
    if (o + k > data.length) throw new BoardError("entry: truncated");
  };
  const byte = () => {
    need(1);
    return data[o++];
  };
  const be = (k) => {
    need(k);
    let v = 0n;
    for (let i = 0; i < k; i++) v = v << 8n | BigInt(data[o++]);
    return v;
  };
  const uint = () => {
    const b = byte();
    let v;
    if (b <= 127) return BigInt(b);
    if (b === 204) {
      v = be(1);
      if (v <= 0x7fn) throw new BoardError("entry: integer not shortest");
      return v;
    }
    if (b === 205) {
      v = be(2);
      if (v <= 0xffn) throw new BoardError("entry: integer not shortest");
      return v;
    }
    if (b === 206) {
      v = be(4);
      if (v <= 0xffffn) throw new BoardError("entry: integer not shortest");
      return v;
    }
    if (b === 207) {
      v = be(8);
      if (v <= 0xffffffffn) throw new BoardError("entry: integer not shortest");
      return v;
    }
    throw new BoardError("entry: expected an unsigned integer");
  };
  const str = () => {
    const b = byte();
    let n;
    if ((b & 224) === 160) n = b & 31;
    else if (b === 217) {
      n = Number(be(1));
      if (n <= 31) throw new BoardError("entry: string not shortest");
    } else throw new BoardError("entry: expected a string");
    need(n);
    const s = fromUtf8(data.slice(o, o + n));
    o += n;
    return s;
  };
  const bin = () => {
    const b = byte();
    let n;
    if (b === 196) n = Number(be(1));
    else if (b === 197) {
      n = Number(be(2));
      if (n <= 255) throw new BoardError("entry: binary not shortest");
    } else if (b === 198) {
      n = Number(be(4));
      if (n <= 65535) throw new BoardError("entry: binary not shortest");
    } else throw new BoardError("entry: expected binary");
    need(n);
    const v = data.slice(o, o + n);
    o += n;
    return v;
  };
  if (byte() !== 151) throw new BoardError("entry: expected an array of 7");
  const version = uint();
  if (version !== 1n) throw new BoardError("entry: version must be 1");
  const electionId = str();
  if (!/^[\x21-\x7e]{1,128}$/.test(electionId)) throw new BoardError("entry: bad election id");
  const index = uint();
  const kind = str();
  const KINDS2 = [
    "manifest",
    "trustee-key",
    "trustee-commitment",
    "credentials",
    "opened",
    "ballot",
    "ballot-superseded",
    "ballot-spoiled",
    "closed",
    "tally",
    "partial-decryption",
    "result",
    "allocation",
    "staff",
    "paper-keyer",
    "paper-ballot"
  ];
  if (!KINDS2.includes(kind)) throw new BoardError("entry: unknown kind");
  const prevHash = bin();
  if (prevHash.length !== 32) throw new BoardError("entry: prev_hash is 32 bytes");
  const timestamp = uint();
  const payload = bin();
  if (payload.length > 16777216) throw new BoardError("entry: payload too large");
  if (o !== data.length) throw new BoardError("entry: trailing bytes");
  if (index > MAX_SIZE || timestamp > MAX_SIZE) throw new BoardError("entry: integer out of range");
  return { version: 1, electionId, index, kind, prevHash, timestamp, payload };
}

// src/trustees.js
var tagHash = (tag, ...fields) => sha256(concat(lp(utf8(tag)), ...fields.map(lp)));
var manifestHash = (manifestBytes) => tagHash("oylama/election/v1/manifest", manifestBytes);
var ceremonyContext = (mh) => tagHash("oylama/election/v1/ceremony-context", mh);
var baseHash = (mh, jointKey2) => tagHash("oylama/election/v1/base-hash", mh, jointKey2);
function coefficientLabel(n, t, i, j, boxPublic) {
  return concat(utf8("trustee-coefficient"), u32be(n), u32be(t), u32be(i), u32be(j), boxPublic);
}
var RECORD_KEYS = ["index", "trustees", "threshold", "commitments", "proofs", "box_public"];
function verifyTrusteePublic(rec, { n, t, context }) {
  checkKeys(rec, RECORD_KEYS, "TrusteePublic");
  const i = rec.index;
  if (!Number.isInteger(i) || i < 1 || i > n || rec.trustees !== n || rec.threshold !== t) {
    throw new CryptoError(`trustee ${i}: index or (n, t) does not match the ceremony`);
  }
  if (!Array.isArray(rec.commitments) || !Array.isArray(rec.proofs) || rec.commitments.length !== t || rec.proofs.length !== t) {
    throw new CryptoError(`trustee ${i}: expected ${t} commitments and proofs`);
  }
  const box = fromBase64(rec.box_public, 32);
  const k = new Uint8Array(32);
  k[0] = 8;
  let shared;
  try {
    shared = x25519.scalarMult(k, box);
  } catch {
    shared = new Uint8Array(32);
  }
  if (shared.every((b) => b === 0)) throw new CryptoError(`trustee ${i}: box key of small order`);
  return rec.commitments.map((c, j) => {
    const K = decodePoint(fromBase64(c, 32));
    try {
      verifySchnorr(K, rec.proofs[j], { context, label: coefficientLabel(n, t, i, j, box) });
    } catch (e) {
      throw new CryptoError(`trustee ${i}: coefficient ${j}: ${e.message}`);
    }
    return K;
  });
}
function verifyRecordSignature(recordText, index, signature, keys, context) {
  if (!Number.isInteger(index) || index < 1 || index > keys.length) {
    throw new CryptoError(`no identity key for trustee ${index}`);
  }
  const key = keys[index - 1];
  try {
    decodeEd25519Key(key);
  } catch (e) {
    throw new CryptoError(`trustee ${index}'s identity key: ${e.message}`);
  }
  if (!(signature instanceof Uint8Array) || signature.length !== 64) {
    throw new CryptoError(`trustee ${index}'s record: a signature is 64 bytes`);
  }
  const message = concat(utf8("oylama/trustee-record/v1"), lp(context), utf8(recordText));
  let ok = false;
  try {
    ok = ed25519.verify(signature, message, key, { zip215: false });
  } catch {
    ok = false;
  }
  if (!ok) throw new CryptoError(`trustee ${index}'s record: not signed by the trustee's identity key`);
}
function jointKey(records, { n, t, context }) {
  if (records.length !== n) throw new CryptoError(`expected ${n} trustee records, got ${records.length}`);
  const seen = /* @__PURE__ */ new Set();
  let K = O;
  for (const rec of records) {
    const points = verifyTrusteePublic(rec, { n, t, context });
    if (seen.has(rec.index)) throw new CryptoError(`two records for trustee ${rec.index}`);
    seen.add(rec.index);
    K = K.add(points[0]);
  }
  if (K.is0()) throw new CryptoError("the joint key is the identity");
  return K;
}
export {
  ALPHABET,
  BoardError,
  CryptoError,
  DeterministicRng,
  EncodingError,
  G,
  IDENTITY_BYTES,
  InputError,
  KINDS,
  L,
  LETTER_DIGITS,
  MAX_BALLOT_ID,
  MAX_ONE_OF,
  MAX_ONE_OF_POINTS,
  MAX_PROJECTS,
  MAX_STYLE_ID,
  MAX_TABLE_CELLS,
  MAX_VALUE,
  O,
  Point,
  ProofError,
  SignatureError,
  WEIGHTS,
  addCt,
  ballotBytes,
  ballotLabel,
  base32,
  baseHash,
  baseMul,
  bytesToIntLE,
  ceremonyContext,
  challenge,
  checkChoices,
  checkStyle,
  ciphertextFromWire,
  ciphertextToWire,
  coefficientLabel,
  concat,
  countBounds,
  credentialKeys,
  credentialSeed,
  decodeEd25519Key,
  decodeEntry,
  decodePoint,
  decodePublicKey,
  decodeScalar,
  encodeInt,
  encodePoint,
  encodeScalar,
  encryptBallot,
  encryptBallotAsync,
  encryptPoints,
  encryptRandom,
  equalBytes,
  formatCode,
  formatTrackingCode,
  fromBase64,
  fromHex,
  fromUtf8,
  hashToPoint,
  intToBytesLE,
  jointKey,
  keyId,
  leafHash,
  letterFingerprint,
  lp,
  manifestHash,
  mod2 as mod,
  mul,
  newBallotId,
  nodeHash,
  normalizeTrackingCode,
  parseBallot,
  parseCheckpoint,
  parseCode,
  parsePinnedFingerprint,
  proveDleq,
  proveOneOf,
  proveRange,
  proveSchnorr,
  proveTable,
  quadraticOffset,
  quadraticRows,
  randomScalar,
  rangeWeights,
  scaleCt,
  secureRng,
  selectionScales,
  selectionValues,
  sha256,
  sha512,
  signBallot,
  signSpoiled,
  signStatement,
  signedMessage,
  spoil,
  spoiledSignedMessage,
  statementMessage,
  toBase64,
  toHex,
  totalBounds,
  totalWeights,
  trackingCode,
  transcript,
  treeHash,
  u32be,
  u64be,
  utf8,
  verifierKey,
  verifyBallot,
  verifyBallotSignature,
  verifyCheckpoint,
  verifyDleq,
  verifyInclusion,
  verifyOneOf,
  verifyRange,
  verifyRecordSignature,
  verifySchnorr,
  verifySpoiled,
  verifyTable,
  verifyTrusteePublic,
  withTable
};
