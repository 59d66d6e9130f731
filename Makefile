# Målbot — the two set-up commands are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
RUNTIME_STAMP := $(VENV)/.installed-runtime
NODE_STAMP := node_modules/.package-lock.json

.PHONY: run test lint playground package install node clean bench

# Runtime only (make run); the dev/test tools come on top (make test, make lint).
$(RUNTIME_STAMP): requirements.txt
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.txt
	touch $(RUNTIME_STAMP)

$(STAMP): $(RUNTIME_STAMP) requirements-dev.txt
	$(PIP) install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

node: $(NODE_STAMP)

## Start Målbot on HOST:PORT (default 127.0.0.1:3978): migrates, seeds the demo kommun, runs.
run: $(RUNTIME_STAMP)
	$(PY) bot.py

## Run the whole test suite (SQLite; PostgreSQL too when TEST_POSTGRES_URL is set).
test: $(STAMP) $(NODE_STAMP)
	$(PY) -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy .
	$(VENV)/bin/lint-imports

## The Microsoft 365 Agents Playground against the running bot (web UI on 127.0.0.1:56150),
## as one of the demo users: make playground USER=alex|megan|adele (default alex; the shell's
## own USER, e.g. your login name, does not count). Fixed chat ids (tools/playground/*.yml).
PLAYGROUND_USERS := alex megan adele
ifeq ($(origin USER),command line)
PLAYGROUND_USER := $(USER)
else
PLAYGROUND_USER := $(or $(PLAYGROUND_USER),alex)
endif

playground: $(NODE_STAMP)
	@test -n "$(filter $(PLAYGROUND_USER),$(PLAYGROUND_USERS))" || \
		{ echo "USER=$(PLAYGROUND_USER) is not a demo user; use one of: $(PLAYGROUND_USERS)"; exit 2; }
	mkdir -p build
	@echo "Agents Playground as $(PLAYGROUND_USER): http://127.0.0.1:56150"
	TEAMSAPPTESTER_BROWSER=none NODE_OPTIONS="--require $(CURDIR)/tools/loopback-only.cjs" \
		M365_AGENTS_PLAYGROUND_CONFIG_PATH=$(CURDIR)/tools/playground/$(PLAYGROUND_USER).yml \
		M365_AGENTS_PLAYGROUND_LOGFILE=$(CURDIR)/build/playground-$(PLAYGROUND_USER).log \
		node_modules/.bin/agentsplayground -e http://127.0.0.1:$${PORT:-3978}/api/messages \
		-c msteams --disable-telemetry

## build/malbot.zip, the Teams app package (needs BOT_ID).
package: $(RUNTIME_STAMP) $(NODE_STAMP)
	$(PY) -m admin package --output build/malbot.zip

clean:
	rm -rf build .pytest_cache .mypy_cache .ruff_cache
