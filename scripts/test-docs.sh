#!/usr/bin/env bash
# The README's commands, each in a clean login shell as a newcomer runs them
# (test/docs/readme-commands.test.ts; docs/testing.md). Writes "<passed> <failed>" to
# $RESULTS/docs and exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
RESULTS="${RESULTS:-$PWD/tmp/test-results}"
mkdir -p "$RESULTS" tmp
ensure_deps || { echo "0 1" > "$RESULTS/docs"; exit 1; }
# The screenshots and make bench's plugin part drive Chromium.
ensure_apt chromium || { echo "0 1" > "$RESULTS/docs"; exit 1; }

source scripts/node-test-suite.sh
run_node_test_suite docs 1800 test/docs/*.test.ts
