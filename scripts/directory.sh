#!/usr/bin/env bash
# The directory service's command line, from any directory and any shell
# (docs/operations.md): import <file.json|file.csv>, export [--format json|csv],
# backup <file.sqlite>, openapi. File paths are read from the current directory; the
# database is DIRECTORY_DB, as for the service.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/env.sh"
ensure_deps
exec "$ROOT/directory-service/node_modules/.bin/tsx" "$ROOT/directory-service/src/cli.ts" "$@"
