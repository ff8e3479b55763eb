# Mosaic — the two commands on a fresh machine are `make run` and `make test`.
SWIFT ?= swift
BIN := .build/debug/mosaic
NODES ?= 4

.PHONY: setup build run test bench fuzz format lint clean-demo help

help:
	@echo "make run     set up, build and start the local demo federation"
	@echo "make test    set up, build and run the whole test suite"
	@echo "make build   debug build"
	@echo "make bench   release build, then the benchmarks (figures in docs/BENCHMARKS.md)"
	@echo "make fuzz    libFuzzer on every input for FUZZ_SECONDS each (default 60); crashers go to Tests/Fuzz/regressions"
	@echo "make format  format the sources with swift-format (.swift-format)"
	@echo "make clean-demo  forget the demo federation's keys and databases (.demo/)"

setup:
	@bash scripts/setup.sh

build: setup
	$(SWIFT) build

run: build
	$(BIN) demo --nodes $(NODES)

test: setup
	$(SWIFT) build --build-tests
	$(SWIFT) test

bench: setup
	$(SWIFT) build -c release --product mosaic-bench
	.build/release/mosaic-bench

FUZZ_SECONDS ?= 60
fuzz: setup
	FUZZ_SECONDS=$(FUZZ_SECONDS) bash scripts/fuzz.sh

format:
	$(SWIFT) format --in-place --recursive --configuration .swift-format Package.swift Sources Tests

lint:
	$(SWIFT) format lint --recursive --configuration .swift-format Package.swift Sources Tests

clean-demo:
	rm -rf .demo
