"""Entry point only: `python -m tui.load` runs the load tool, which lives in `tui.tools.load`."""

from tui.tools.load.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
