# The two commands (see README.md):
#   make run    set up, then serve the app on http://127.0.0.1:8000
#   make test   set up, then run every check and the whole test suite
HOST ?= 127.0.0.1
PORT ?= 8000
VENV := .venv/bin

.PHONY: run test lint strings

run:
	scripts/setup.sh
	# Workers, threads, timeouts and recycling: gunicorn.conf.py.
	$(VENV)/gunicorn --bind $(HOST):$(PORT) wsgi:app

test:
	scripts/setup.sh test
	$(VENV)/ruff check .
	$(VENV)/ruff format --check .
	$(VENV)/flask --app wsgi content check
	# One worker per core; each test file stays on one worker, so its fixtures are made once.
	$(VENV)/python -m pytest -n auto --dist loadfile

# Re-extract translations/messages.pot after changing any text (tests fail if it is stale).
strings:
	$(VENV)/python -m decisionaid.catalog extract
