"""The ``oylama`` command: the parser of every subcommand, and a dispatch that imports only
the one that runs.

Exit codes are part of the contract other tools rely on: 0 success, 1 the work could not be
done (a solver limit, a server that refused, a check that failed), 2 bad input or usage (the
message names ``file:line``).

Each role's subpackage declares its subcommands with ``set_defaults(run="module:function")``;
the function is imported after parsing, so ``oylama --help`` pays for argparse alone.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Sequence

from oylama import __version__
from oylama.errors import AllocationError, InputError
from oylama_cli import analysts, authority, demo, staff, trustees, voters
from oylama_cli._output import error

# numpy starts a pool of OpenBLAS threads when it is imported (tens of milliseconds, more on a
# busy machine, where they spin for a core). The commands' numpy work is sorting, gathers and
# sums, with no linear algebra beyond MES's short dot products, so one thread is all they
# need; a value the user set is kept. (Set before any command imports numpy: only the
# dispatch below does.)
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def parser() -> argparse.ArgumentParser:
    """The whole ``oylama`` command line."""
    p = argparse.ArgumentParser(
        prog="oylama",
        description="oylama: participatory-budgeting and e-voting engine.",
    )
    p.add_argument("--version", action="version", version=f"oylama {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    analysts.register(sub)
    demo.register(sub)
    staff.register(sub)
    trustees.register(sub)
    voters.register(sub)
    authority.register(sub)
    return p


def _resolve(target: str) -> Callable[[argparse.Namespace], int]:
    module, _, name = target.partition(":")
    fn: Callable[[argparse.Namespace], int] = getattr(importlib.import_module(module), name)
    return fn


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``oylama`` console script; returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == [staff.SERVE]:  # its own parser, so that `oylama serve --help` is its help
        return staff.serve(argv[1:])
    args = parser().parse_args(argv)
    run = _resolve(args.run)
    try:
        return run(args)
    except InputError as exc:
        error(str(exc))
        return 2
    except AllocationError as exc:
        sys.stderr.write(f"oylama: cannot allocate: {exc}\n")
        return 1
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        error(f"{where}{exc.strerror or exc}")
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
