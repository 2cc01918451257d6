# isomorphiq-tui — every target sets up what it needs on a fresh Debian machine (as root).
SHELL := /bin/bash
SWIFT ?= swift
APT_PACKAGES := libncurses-dev libsqlite3-dev tmux sqlite3 curl chromium postgresql
PIP_PACKAGES := websockets schemathesis
BENCH_APT_PACKAGES := nodejs node-ws linux-perf gcc libsqlite3-dev
CONFIG ?= debug

.PHONY: deps test-deps build run test bench format clean

## Installs the system packages the build and the tests need, if any is missing.
deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
		else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; fi; \
	fi

build: deps
	$(SWIFT) build -c $(CONFIG)

## Runs the terminal UI (server in the background on 127.0.0.1:3002). Pass flags with ARGS="...".
run: build
	$(SWIFT) run -c $(CONFIG) isomorphiq-tui $(ARGS)

## Runs every test: unit, live server and terminal end-to-end (see Tests/run-all.sh).
test: deps test-deps
	$(SWIFT) build --build-tests 2>&1 | tee .build-log.txt; exit $${PIPESTATUS[0]}
	bash Tests/support/check-warnings.sh .build-log.txt
	bash Tests/run-all.sh

## What the end-to-end tests need beyond the build: Python clients (websockets, schemathesis).
test-deps:
	@python3 -c "import websockets, schemathesis" 2>/dev/null || python3 -m pip install --quiet --disable-pip-version-check $(PIP_PACKAGES)

## Runs the benchmarks in release mode and rewrites BENCHMARKS.md (needs Node's ws for the baseline).
bench: deps
	@missing=""; for p in $(BENCH_APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; fi
	bash Benchmarks/run.sh

format:
	$(SWIFT) format --in-place --recursive Sources Tests Benchmarks

clean:
	rm -rf .build
