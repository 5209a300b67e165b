import sys

from oylama_audit.cli import main

sys.exit(main())
