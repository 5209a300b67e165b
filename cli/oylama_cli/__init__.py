"""The programs people run, kept apart from the engine (``src/oylama``).

One subpackage per person who runs it, so that the layout says whose each command is:

* :mod:`oylama_cli.analysts` -- ``oylama allocate``, ``convert``, ``rules``: anyone studying a
  Pabulib election (staff checking a result, researchers);
* :mod:`oylama_cli.staff` -- ``oylama serve``, ``oylama ballot validate``: municipal staff and
  the operators of the service;
* :mod:`oylama_cli.authority` -- ``oylama credentials``: the credential authority, off-line;
* :mod:`oylama_cli.trustees` -- ``oylama trustee``: each trustee, on their own machine;
* :mod:`oylama_cli.voters` -- ``oylama vote``: the reference voter's device;
* :mod:`oylama_cli.demo` -- ``oylama demo``: a whole election on this machine.

Auditors run ``oylama-audit``, which lives in ``audit/`` as its own distribution so that it
shares no code with the engine.

Each subpackage's ``__init__`` only declares its command line (argparse, nothing else); the
work is in its ``_``-prefixed modules, imported when that command runs. ``oylama --help`` and
``oylama allocate --help`` therefore import neither the HTTP stack nor numpy.
"""
