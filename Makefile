# The two commands: `make run` and `make test`. See README.md. `make security` runs the scanners.
BUILD      ?= build
TEST_BUILD ?= build-test
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
FUZZ_SECONDS ?= 60
FUZZ_MERGE   ?= 0

.PHONY: all deps build run test bench security fuzz clean

all: build

deps:
	@bash scripts/deps.sh

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j$(JOBS) --target anshin

run: build
	@bash scripts/run.sh $(BUILD)/anshin

test: deps
	@bash scripts/test.sh

# Every fuzz target for FUZZ_SECONDS each, one at a time (tests/fuzz/README.md); FUZZ_MERGE=1
# adds the new corpus entries to tests/fuzz/corpus.
fuzz: deps
	@FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_MERGE=$(FUZZ_MERGE) bash scripts/fuzz.sh

bench: build
	@bash bench/bench.sh $(BUILD)/anshin
	@bash bench/writes.sh $(BUILD)/anshin both
	@bash bench/audit.sh $(BUILD)/anshin both
	@bash bench/backup.sh $(BUILD)/anshin
	@bash bench/cluster.sh $(BUILD)/anshin

security: build
	@bash scripts/deps.sh --security
	@bash scripts/security.sh $(BUILD)/anshin

clean:
	rm -rf $(BUILD) $(TEST_BUILD) build-fuzz tests/out
