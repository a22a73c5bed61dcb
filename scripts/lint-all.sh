#!/usr/bin/env bash
# Every static check: the service's type check and its OpenAPI document (Redocly's recommended
# rules), the plugin's (types + Discourse's lint configs), then the preview's type checks (its
# Node side with tsc, its Ember app with ember-tsc).
set -uo pipefail
cd "$(dirname "$0")/.."
status=0
echo "━━ directory-service: tsc"
(cd directory-service && pnpm exec tsc --noEmit -p .) || status=1
echo "━━ directory-service: openapi.json (Redocly, recommended rules)"
bash scripts/lint-openapi.sh || status=1
if [ -f scripts/lint-plugin.sh ]; then
  echo "━━ plugin: ember-tsc + eslint + prettier + stylelint + template-lint"
  bash scripts/lint-plugin.sh || status=1
fi
echo "━━ preview: tsc (server, proxy, tests) + ember-tsc (app)"
pnpm exec tsc -p preview/tsconfig.json || status=1
pnpm exec ember-tsc -p preview/tsconfig.app.json || status=1
echo "━━ dev servers: tsc"
pnpm exec tsc -p dev/tsconfig.json || status=1
exit $status
