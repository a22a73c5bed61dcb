#!/usr/bin/env bash
# End-to-end suite: the preview's signer and proxy against the real directory service, and
# the directory page in Debian's headless Chromium through the preview.
# Writes "<passed> <failed>" to $RESULTS/e2e and exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
RESULTS="${RESULTS:-$PWD/tmp/test-results}"
mkdir -p "$RESULTS" tmp
ensure_deps || { echo "0 1" > "$RESULTS/e2e"; exit 1; }
ensure_apt chromium || { echo "0 1" > "$RESULTS/e2e"; exit 1; }

source scripts/node-test-suite.sh
run_node_test_suite e2e 600 test/e2e/*.test.ts
