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

ORBIT  := scenarios/orbit-1gw-dawn-dusk-650km.yaml
GROUND := scenarios/ground-1gw-memphis.yaml

demo: $(STAMP)
	$(BIN)/wattflop run $(ORBIT) --out out
	$(BIN)/wattflop run $(GROUND) --out out/ground
	$(BIN)/wattflop compare $(ORBIT) $(GROUND) --boundary full --out out
	$(BIN)/wattflop breakeven $(ORBIT) $(GROUND) --vary launch.price_per_kg --range 10 5000 --out out
	$(BIN)/wattflop learning $(ORBIT) $(GROUND) --out out
	$(BIN)/wattflop montecarlo $(ORBIT) $(GROUND) --out out
	$(BIN)/wattflop what-it-takes $(ORBIT) $(GROUND) --out out
	$(BIN)/wattflop reproduce --out out
	$(BIN)/wattflop claims --out out
	$(BIN)/wattflop constellation scenarios/constellation-81-formation-650km.yaml --out out/constellation-formation
	$(BIN)/wattflop constellation scenarios/constellation-walker-550km.yaml --out out/constellation-walker
	$(BIN)/wattflop sweep sweeps/orbit-design-space.yaml --store out/sweep-orbit --workers 2 --resume --no-progress
	$(BIN)/wattflop sweep-report out/sweep-orbit --versus satellite_kg --out out/sweep.html
	$(BIN)/wattflop index out
	@echo "open out/index.html"

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
