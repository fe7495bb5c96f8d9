"""Run the CLI with `python -m skillgap`."""
import sys

from skillgap.cli import main

sys.exit(main())
