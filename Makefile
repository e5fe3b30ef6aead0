# Two commands do all set-up on a fresh clone:
#   make demo   install, build the example corpus, write out/graph.trig and out/network.html
#   make test   install, then the whole test suite (browser and notebooks included)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
STORE  ?= .kg/store
KG     := $(BIN)/kg

.PHONY: install demo test bench clean screenshot notebook model

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,cluster]'
	touch $(STAMP)

demo: $(STAMP)
	$(KG) build examples --store $(STORE) --force
	$(KG) export --store $(STORE) --format trig --output out/graph.trig
	$(KG) render --store $(STORE) --output out/network.html
	@echo; echo "== Who fights whom (top 25)"
	$(KG) query who-fights-whom --store $(STORE) --limit 25
	@echo; echo "== Who recruits from where"
	$(KG) query recruitment --store $(STORE)

test: $(STAMP)
	scripts/ensure-chromium
	$(BIN)/python -m pytest -q

# the shipped relation model, from the training data in kg/data/train (fixed seed: reproducible)
model: $(STAMP)
	$(KG) train --output kg/data/model

bench: $(STAMP)
	scripts/ensure-chromium
	$(BIN)/python bench/throughput.py
	$(BIN)/python bench/doc_length.py
	$(BIN)/python bench/cluster.py
	$(BIN)/python bench/queries.py
	$(BIN)/python bench/render_large.py
	$(BIN)/python bench/relation_model.py

screenshot: $(STAMP)
	scripts/ensure-chromium
	$(BIN)/python scripts/screenshot.py out/network.html docs/network.png

notebook: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,notebook]'
	$(BIN)/jupyter lab notebooks/

clean:
	rm -rf out .kg .pytest_cache
