# Mosaic — the two commands on a fresh machine are `make run` and `make test`.
SWIFT ?= swift
BIN := .build/debug/mosaic
NODES ?= 4

.PHONY: setup build run test soak soak-crash bench format lint clean-demo help

help:
	@echo "make run     set up, build and start the local demo federation"
	@echo "make test    set up, build and run the whole test suite"
	@echo "make build   debug build"
	@echo "make soak    the long runs (make soak-crash: 1,000 random SIGKILLs of real pulls and the full crash-point sweep; MOSAIC_CRASH_KILLS=N)"
	@echo "make bench   release build, then the benchmarks (figures in docs/BENCHMARKS.md)"
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

# The long runs; each part adds its own target as a prerequisite.
soak: soak-crash

MOSAIC_CRASH_KILLS ?= 1000
soak-crash: setup
	$(SWIFT) build --build-tests
	MOSAIC_CRASH_KILLS=$(MOSAIC_CRASH_KILLS) MOSAIC_CRASH_FULL_SWEEP=1 $(SWIFT) test --skip-build --filter 'RandomKillTests|CrashPointSweepTests'

bench: setup
	$(SWIFT) build -c release --product mosaic-bench
	.build/release/mosaic-bench

format:
	$(SWIFT) format --in-place --recursive --configuration .swift-format Package.swift Sources Tests

lint:
	$(SWIFT) format lint --recursive --configuration .swift-format Package.swift Sources Tests

clean-demo:
	rm -rf .demo
