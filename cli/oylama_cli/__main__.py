"""``python -m oylama_cli``: the ``oylama`` command."""

import sys

from oylama_cli.main import main

sys.exit(main())
