#!/usr/bin/env bash
# Every static check: the service's type check, then the plugin's (types + Discourse's lint configs).
set -uo pipefail
cd "$(dirname "$0")/.."
status=0
echo "━━ directory-service: tsc"
(cd directory-service && pnpm exec tsc --noEmit -p .) || status=1
if [ -f scripts/lint-plugin.sh ]; then
  echo "━━ plugin: ember-tsc + eslint + prettier + stylelint + template-lint"
  bash scripts/lint-plugin.sh || status=1
fi
exit $status
