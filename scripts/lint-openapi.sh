#!/usr/bin/env bash
# The service's OpenAPI document under Redocly's recommended rules
# (directory-service/redocly.yaml): fails on any error and, unlike `redocly lint` alone, on
# any warning too.
set -uo pipefail
cd "$(dirname "$0")/../directory-service"
source ../scripts/env.sh
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
node --import tsx src/cli.ts openapi > "$out/openapi.json" || exit 1
pnpm exec redocly lint "$out/openapi.json" --config redocly.yaml --format json > "$out/report.json" 2> "$out/stderr"
node -e '
  const report = JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8"));
  for (const p of report.problems)
    console.log(`${p.severity} ${p.ruleId}: ${p.message} (${p.location.map((l) => l.pointer).join(", ")})`);
  const { errors, warnings } = report.totals;
  console.log(`openapi.json: ${errors} errors, ${warnings} warnings (Redocly recommended rules)`);
  process.exit(errors + warnings === 0 ? 0 : 1);
' "$out/report.json" || { cat "$out/stderr" >&2; exit 1; }
