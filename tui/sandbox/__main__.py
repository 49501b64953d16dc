"""`python -m tui.sandbox --port 0 --data-dir DIR [--no-traffic] [--seed N] [--org-file F]`."""

from tui.sandbox.cli import main

raise SystemExit(main())
