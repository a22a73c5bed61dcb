#!/usr/bin/env bash
# `make service` and `npm run service`: the directory service alone, configured by the
# environment (docs/operations.md): PORT, HOST, DIRECTORY_DB, DIRECTORY_SHARED_SECRET,
# DIRECTORY_SEED=demo for the demo data, LOG_LEVEL. Without a secret it runs in development
# mode, on the development secret. Installs Node 24, pnpm and the dependencies when missing,
# so it works in a fresh shell on a fresh clone.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
ensure_deps
if [ -z "${DIRECTORY_SHARED_SECRET:-}" ]; then
  export NODE_ENV="${NODE_ENV:-development}"
fi
cd directory-service
exec node --import tsx src/cli.ts serve
