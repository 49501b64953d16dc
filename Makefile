# Two commands for a fresh machine (Python 3.11, pip, make, git):
#   make desktop   start the agent desktop on the built-in sandbox
#   make test      lint and run the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: desktop test lint format sandbox screenshots conformance clean browser serve

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

desktop: $(STAMP)
	$(BIN)/agent-desktop

sandbox: $(STAMP)
	$(BIN)/agent-desktop sandbox

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: lint browser
	$(BIN)/python -m pytest -rs

# The vendors' own SDKs against a sandbox (node and npm; each skips, saying why, without them).
conformance: $(STAMP)
	$(BIN)/python -m pytest -q -rs tests/conformance

# The browser tests drive Debian's Chromium; install it when missing and apt is usable
# (they skip, saying why, where it cannot be installed).
browser:
	@test -x /usr/bin/chromium || ! command -v apt-get >/dev/null || \
		{ [ "$$(id -u)" = 0 ] && apt-get install -y chromium; } || \
		echo "chromium is missing and cannot be installed here: the browser tests will skip"

serve: $(STAMP)
	$(BIN)/agent-desktop serve

screenshots: $(STAMP)
	$(BIN)/python -m tui.tools.screenshots

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache
