// Error classes of crypto.md §11 (and the credential / board failures), so a caller can tell
// a malformed encoding from a failed proof. Verifiers throw; they never return false.

export class CryptoError extends Error {
  constructor(message) { super(message); this.name = 'CryptoError'; }
}
export class EncodingError extends CryptoError {
  constructor(message) { super(message); this.name = 'EncodingError'; }
}
export class ProofError extends CryptoError {
  constructor(message) { super(message); this.name = 'ProofError'; }
}
export class InputError extends Error {
  constructor(message) { super(message); this.name = 'InputError'; }
}
export class SignatureError extends InputError {
  constructor(message) { super(message); this.name = 'SignatureError'; }
}
export class BoardError extends Error {
  constructor(message) { super(message); this.name = 'BoardError'; }
}
