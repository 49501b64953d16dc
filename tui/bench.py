"""Entry point only: `python -m tui.bench` runs the bench, which lives in `tui.tools.bench`."""

from tui.tools.bench.run import main

if __name__ == "__main__":
    raise SystemExit(main())
