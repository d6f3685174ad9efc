# PayLinks — the commands a newcomer runs. Every target installs what it needs on Debian 12.
SHELL := /bin/bash
.DEFAULT_GOAL := help
SWIFT_BUILD_FLAGS ?=
PRODUCTS := paylinks auth catalog payments messaging gateway stripe-sandbox
FUZZ_SECONDS ?= 60

.PHONY: help deps build test unit-tests fuzz fuzz-build run bench lint clean

help:
	@echo "make run    build in release mode and start PayLinks locally"
	@echo "make test   everything CI runs: lint, unit and integration tests (real PostgreSQL), fuzzing"
	@echo "make fuzz   run the HTTP parser fuzzer (FUZZ_SECONDS=$(FUZZ_SECONDS))"
	@echo "make bench  benchmarks against reference servers, written to BENCHMARKS.md"

deps:
	@scripts/install-deps.sh

build: deps
	swift build $(SWIFT_BUILD_FLAGS)

test: deps
	@scripts/check-package.sh
	swift format lint --strict --recursive Package.swift Libraries Services Tools Tests
	scripts/python-env.sh >/dev/null
	scripts/with-postgres.sh scripts/run-tests.sh
	$(MAKE) fuzz FUZZ_SECONDS=$(FUZZ_SECONDS)

fuzz-build: deps
	@scripts/fuzz.sh build

fuzz: deps
	@scripts/fuzz.sh run $(FUZZ_SECONDS)

run: deps
	@for product in $(PRODUCTS); do swift build -c release --product $$product || exit 1; done
	.build/release/paylinks up

bench: deps
	@for product in $(PRODUCTS); do swift build -c release --product $$product || exit 1; done
	scripts/bench.sh

clean:
	rm -rf .build .build-fuzz
