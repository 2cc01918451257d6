# isomorphiq-tui — every target sets up what it needs on a fresh Debian machine (as root).
SWIFT ?= swift
APT_PACKAGES := libncurses-dev tmux sqlite3
CONFIG ?= debug

.PHONY: deps build run test bench format clean

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

## Runs every test: unit, live server and terminal end-to-end.
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --parallel --num-workers 2

## Runs the benchmarks in release mode and rewrites BENCHMARKS.md.
bench: deps
	bash Benchmarks/run.sh

format:
	$(SWIFT) format --in-place --recursive Sources Tests Benchmarks

clean:
	rm -rf .build
