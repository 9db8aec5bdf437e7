# Kith: the two commands (see README.md).
#   make demo   install what is missing, build, generate the demo council, serve it on 127.0.0.1:8080
#   make test   install what is missing, build, run every test
BUILD ?= build
JOBS ?= 2
DEMO_DB ?= demo/kith.db
PORT ?= 8080
SEED ?= 42

.PHONY: demo test build deps bench clean

deps:
	bash scripts/install-deps.sh

build: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	cmake --build $(BUILD) -j$(JOBS)

$(DEMO_DB):
	mkdir -p $(dir $(DEMO_DB))
	$(BUILD)/tools/kith synth --seed $(SEED) --db $(DEMO_DB)

demo: build $(DEMO_DB)
	@bash scripts/print-sign-ins.sh $(PORT)
	$(BUILD)/tools/kith serve --db $(DEMO_DB) --port $(PORT)

test: build
	cd $(BUILD) && ctest --output-on-failure -j$(JOBS) --timeout 900

bench: build
	bash bench/run.sh

clean:
	rm -rf $(BUILD)
