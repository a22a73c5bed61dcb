#!/usr/bin/env bash
# Runs every suite, even after a failure, then prints one "N passed, N failed" line.
# Each suite script writes "<passed> <failed>" to $RESULTS/<suite>; a suite that dies
# without writing its result counts as one failure.
set -uo pipefail
cd "$(dirname "$0")/.."
export RESULTS="$PWD/tmp/test-results"
rm -rf "$RESULTS" && mkdir -p "$RESULTS"

suites=(service ruby plugin e2e docs)
for suite in "${suites[@]}"; do
  script="scripts/test-$suite.sh"
  [ -f "$script" ] || continue
  echo "━━ $suite"
  bash "$script"
  status=$?
  if [ ! -s "$RESULTS/$suite" ]; then
    echo "0 1" > "$RESULTS/$suite"
  elif [ "$status" -ne 0 ] && [ "$(cut -d' ' -f2 "$RESULTS/$suite")" = "0" ]; then
    # A suite that exits non-zero never counts as all green.
    read -r p _ < "$RESULTS/$suite"; echo "$p 1" > "$RESULTS/$suite"
  fi
  read -r p f < "$RESULTS/$suite"
  echo "   $suite: $p passed, $f failed"
done

passed=0; failed=0
for file in "$RESULTS"/*; do
  read -r p f < "$file"
  passed=$((passed + p)); failed=$((failed + f))
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
