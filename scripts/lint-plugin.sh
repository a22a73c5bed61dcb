#!/usr/bin/env bash
# The plugin's static checks, all on its real files: ember-tsc against Discourse's published
# types, then Discourse's lint configs (eslint, prettier, stylelint, ember-template-lint),
# then the fr/en client strings. Runs every check even after a failure; exits non-zero if
# any failed. With LINT_RESULT_FILE set, writes "<passed> <failed>" (one per check) there.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh && ensure_deps

JS_DIRS=(assets/javascripts test/javascripts)
passed=0
failed=0

check() {
  local name="$1"
  shift
  echo "── $name"
  if "$@"; then
    passed=$((passed + 1))
    echo "   $name: ok"
  else
    failed=$((failed + 1))
    echo "   $name: FAILED"
  fi
}

types() {
  pnpm exec ember-tsc -b &&
    # The fixture recorder runs under Node (type stripping): checked on its own.
    pnpm exec tsc --noEmit --strict --target es2023 --module nodenext \
      --moduleResolution nodenext --types node --skipLibCheck scripts/record-fixtures.ts &&
    pnpm exec tsc --noEmit --strict --target es2023 --module nodenext \
      --moduleResolution nodenext --types node --skipLibCheck --allowImportingTsExtensions \
      scripts/record-review-fixtures.ts scripts/record-members-fixtures.ts
}

check "types (ember-tsc)" types
check "eslint" pnpm exec eslint --max-warnings 0 "${JS_DIRS[@]}"
check "prettier" pnpm exec prettier --check --log-level warn \
  'assets/stylesheets/**/*.scss' \
  '{assets,test}/javascripts/**/*.{js,gjs,ts,gts}'
check "stylelint" pnpm exec stylelint 'assets/stylesheets/**/*.scss'
check "ember-template-lint" pnpm exec ember-template-lint "${JS_DIRS[@]}"
check "locales (fr, en)" node test/harness/check-locales.mjs

echo "plugin checks: $passed passed, $failed failed"
if [ -n "${LINT_RESULT_FILE:-}" ]; then
  echo "$passed $failed" > "$LINT_RESULT_FILE"
fi
[ "$failed" -eq 0 ]
