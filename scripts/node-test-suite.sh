# Sourced by the suites that run on node's test runner (e2e, docs): runs the given test files
# with a readable report on the terminal and TAP in a file for the counts, then writes
# "<passed> <failed>" to $RESULTS/<suite>. A run that died or ran nothing is a failure,
# whatever the counts say.
run_node_test_suite() {
  local suite="$1" seconds="$2"
  shift 2
  local tap status passed failed cancelled
  tap="$(mktemp)"
  timeout "$seconds" node --import tsx --test --test-concurrency=1 \
    --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination="$tap" \
    "$@"
  status=$?
  passed="$(sed -n 's/^# pass \([0-9]\+\)$/\1/p' "$tap" | tail -1)"
  failed="$(sed -n 's/^# fail \([0-9]\+\)$/\1/p' "$tap" | tail -1)"
  cancelled="$(sed -n 's/^# cancelled \([0-9]\+\)$/\1/p' "$tap" | tail -1)"
  rm -f "$tap"
  passed="${passed:-0}"
  failed=$(( ${failed:-0} + ${cancelled:-0} ))
  if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
  if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
  echo "$passed $failed" > "$RESULTS/$suite"
  echo "$suite: $passed passed, $failed failed"
  [ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
}
