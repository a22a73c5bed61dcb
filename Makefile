# Entry points. Each target first makes sure of what it needs (Node 24, pnpm,
# dependencies, Debian packages), so on a fresh Debian machine these are the whole set-up.
SHELL := /bin/bash
ENV := source scripts/env.sh

.PHONY: start service test lint bench deps

deps:
	@$(ENV) && ensure_deps

start:
	@bash scripts/start.sh

# The service alone (PORT, DIRECTORY_DB, DIRECTORY_SEED=demo… from the environment).
service:
	@bash scripts/service.sh

test:
	@$(ENV) && ensure_deps && bash scripts/test-all.sh

lint:
	@$(ENV) && ensure_deps && bash scripts/lint-all.sh

bench:
	@$(ENV) && ensure_deps && bash scripts/bench.sh
