# Two commands on a fresh machine with Python 3.11+: `make run` (the dashboard) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench browser-deps

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/reliability dashboard

# The browser test needs Debian's chromium; install it where we can (root, apt), else that test skips.
browser-deps:
	@if [ ! -x /usr/bin/chromium ] && command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
		|| echo "chromium could not be installed: the browser test will skip"; \
	fi

lint: $(STAMP)
	$(BIN)/ruff check .

test: $(STAMP) browser-deps lint
	$(BIN)/python -m pytest -q
