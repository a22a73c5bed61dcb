#!/usr/bin/env bash
# Ruby suite: the request signer against the contract's vectors, and the plugin's relay in a
# minimal Rails app (Debian's Rails 6.1 and rspec-rails, no Bundler) through to the real
# directory service on loopback. Writes "<passed> <failed>" to $RESULTS/ruby and exits
# non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
RESULTS="${RESULTS:-$PWD/tmp/test-results}"
mkdir -p "$RESULTS" tmp
ensure_deps || { echo "0 1" > "$RESULTS/ruby"; exit 1; }
ensure_apt ruby ruby-rails ruby-rspec ruby-rspec-rails ruby-webmock || { echo "0 1" > "$RESULTS/ruby"; exit 1; }

report="tmp/rspec-ruby.json"
rm -f "$report"
# Two formatters: progress on the terminal, JSON in a file for the counts.
timeout 300 rspec --require ./spec/rails_helper.rb \
  --format progress --format json --out "$report" spec
status=$?

counts="$(ruby -rjson -e '
  summary = JSON.parse(File.read(ARGV[0])).fetch("summary")
  puts "#{summary.fetch("example_count") - summary.fetch("failure_count") - summary.fetch("pending_count")} #{summary.fetch("failure_count") + summary.fetch("errors_outside_of_examples_count")}"
' "$report" 2>/dev/null)"
read -r passed failed <<< "${counts:-0 0}"
# A run that died or ran nothing is a failure, whatever the counts say.
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed $failed" > "$RESULTS/ruby"
echo "ruby: $passed passed, $failed failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
