"""oylama: a secure e-voting and participatory-budgeting engine.

The engine is cut into small packages, each named for what it holds:

* :mod:`oylama.pabulib` reads and writes the open Pabulib ``.pb`` data format;
* :mod:`oylama.tally` holds the allocation rules and their fast integer core.
"""

__version__ = "0.1.0.dev0"
