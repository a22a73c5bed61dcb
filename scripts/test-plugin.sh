#!/usr/bin/env bash
# The plugin suite: its static checks (scripts/lint-plugin.sh: one count each) and its QUnit
# tests in headless Chromium (one count per test). Writes "<passed> <failed>" to
# $RESULTS/plugin and exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh && ensure_deps
ensure_apt chromium

RESULTS="${RESULTS:-$PWD/tmp/test-results}"
mkdir -p "$RESULTS" tmp
lint_result="tmp/plugin-lint.result"
qunit_result="tmp/plugin-qunit.result"
rm -f "$lint_result" "$qunit_result"

LINT_RESULT_FILE="$lint_result" bash scripts/lint-plugin.sh
lint_status=$?
echo "── QUnit (Chromium)"
QUNIT_RESULT_FILE="$qunit_result" timeout 300 node test/harness/run-tests.mjs
qunit_status=$?

# A step that died without writing its counts counts as one failure.
read -r lint_passed lint_failed < "$lint_result" 2>/dev/null || { lint_passed=0; lint_failed=1; }
read -r qunit_passed qunit_failed < "$qunit_result" 2>/dev/null || { qunit_passed=0; qunit_failed=1; }
[ "$lint_status" -ne 0 ] && [ "$lint_failed" -eq 0 ] && lint_failed=1
[ "$qunit_status" -ne 0 ] && [ "$qunit_failed" -eq 0 ] && qunit_failed=1

passed=$((lint_passed + qunit_passed))
failed=$((lint_failed + qunit_failed))
echo "$passed $failed" > "$RESULTS/plugin"
echo "plugin: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
