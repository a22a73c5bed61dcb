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

tap="$(mktemp)"
trap 'rm -f "$tap"' EXIT
timeout 1800 node --import tsx --test --test-concurrency=1 \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$tap" \
  test/docs/*.test.ts
status=$?

passed="$(sed -n 's/^# pass \([0-9]\+\)$/\1/p' "$tap" | tail -1)"
failed="$(sed -n 's/^# fail \([0-9]\+\)$/\1/p' "$tap" | tail -1)"
cancelled="$(sed -n 's/^# cancelled \([0-9]\+\)$/\1/p' "$tap" | tail -1)"
passed="${passed:-0}"
failed=$(( ${failed:-0} + ${cancelled:-0} ))
# A run that died or ran nothing is a failure, whatever the counts say.
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed $failed" > "$RESULTS/docs"
echo "docs: $passed passed, $failed failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
