#!/usr/bin/env bash
# make bench: the service under load (10,000 providers), then the plugin's size and
# render time. Each prints one JSON object.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
echo "━━ directory service (10,000 providers: cold search mix and hot search, each against its floor)" >&2
(cd directory-service && pnpm exec tsx bench/run.ts)
echo "━━ directory service: searches during a 10 MB import, and bad import files" >&2
(cd directory-service && pnpm exec tsx bench/import-load.ts)
if [ -f scripts/bench-plugin.mjs ]; then
  echo "━━ plugin (bundle size, render time)" >&2
  ensure_apt chromium
  node scripts/bench-plugin.mjs
fi
