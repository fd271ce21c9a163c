# wattflop — two commands on a fresh machine with python3 and make:
#   make demo   set up .venv, run the headline study, write out/report.html
#   make test   set up .venv, run lint, type checks and the tests
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: demo test lint bench lock clean browser

$(STAMP): pyproject.toml requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[all,dev]'
	@touch $(STAMP)

# the headline study in one process (wattflop demo: run, compare, breakeven, learning,
# montecarlo, what-it-takes, reproduce, claims, constellations, a sweep, index); it prints
# a line per step and where the time went
demo: $(STAMP)
	$(BIN)/wattflop demo --out out

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

# Headless Chromium for the browser tests (Debian package); optional: those tests skip without it.
browser:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
	  (apt-get update -qq && apt-get install -y -qq chromium) >/dev/null 2>&1 \
	  || echo "note: chromium not installed; browser tests will be skipped"; }

test: $(STAMP) lint browser
	$(BIN)/pytest -q -n 2

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[all,dev,bench]'
	$(BIN)/python benchmarks/orbit_year.py
	$(BIN)/python benchmarks/swings.py
	$(BIN)/python benchmarks/ground_year.py
	$(BIN)/python benchmarks/monte_carlo.py
	$(BIN)/python benchmarks/constellation.py
	$(BIN)/python benchmarks/sweep_scaling.py
	$(BIN)/python benchmarks/reoptimise_ground.py
	$(BIN)/python benchmarks/web_load.py

# Re-pin every dependency (run after changing pyproject.toml dependencies).
lock: $(STAMP)
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^-e' > requirements.lock

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
