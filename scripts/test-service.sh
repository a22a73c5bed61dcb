#!/usr/bin/env bash
# Directory service suite: vitest against real SQLite files and the real HTTP app.
# Writes "<passed> <failed>" to $RESULTS/service and exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
RESULTS="${RESULTS:-$PWD/tmp/test-results}"
mkdir -p "$RESULTS" tmp
ensure_deps || { echo "0 1" > "$RESULTS/service"; exit 1; }
# The CSV round trip through a real spreadsheet (test/csv-libreoffice.test.ts).
ensure_apt libreoffice-calc-nogui || { echo "0 1" > "$RESULTS/service"; exit 1; }

report="$(mktemp)"
trap 'rm -f "$report"' EXIT
# Two reporters: readable progress on the terminal, JSON in a file for the counts.
(cd directory-service && timeout 600 npx vitest run --reporter=default --reporter=json --outputFile.json="$report")
status=$?

counts="$(node -e '
  const fs = require("node:fs");
  try {
    const r = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
    const failed = r.numFailedTests + (r.numRuntimeErrorTests ?? 0);
    console.log(`${r.numPassedTests} ${failed}`);
  } catch { console.log("0 1"); }
' "$report")"
read -r passed failed <<< "$counts"
# A run that died, crashed a worker or ran nothing is a failure, whatever the counts say.
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed $failed" > "$RESULTS/service"
echo "service: $passed passed, $failed failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
