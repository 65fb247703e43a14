"""``python -m ablacem`` runs the command line."""

import sys

from ablacem.cli import main

sys.exit(main())
