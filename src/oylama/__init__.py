"""oylama: a secure e-voting and participatory-budgeting engine.

The engine is cut into small packages, each named for what it holds:

* :mod:`oylama.pabulib` reads and writes the open Pabulib ``.pb`` data format;
* :mod:`oylama.tally` holds the allocation rules and their fast integer core;
* :mod:`oylama.crypto` holds the ballot cryptography: exponential ElGamal on ristretto255
  and its zero-knowledge proofs;
* :mod:`oylama.board` holds the bulletin board's pure core: hash-chained entries, RFC 9162
  Merkle proofs, signed checkpoints;
* :mod:`oylama.store` keeps the board (and later the election) in SQLite or PostgreSQL.
"""

__version__ = "0.1.0.dev0"
