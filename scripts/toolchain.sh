# Sourced by ./rightsize and ./dev: makes sure Node >= 22.15 and the pinned pnpm are on PATH,
# installing them from the npm registry into .tools/ (git-ignored) when the system lacks them.
# All setup output goes to stderr so that stdout stays the command's own (`--json` parses).
# shellcheck shell=bash

export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1
RIGHTSIZE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RIGHTSIZE_TOOLS="$RIGHTSIZE_ROOT/.tools"
# Exact pnpm version: turbo reads packageManager, and pnpm refuses to switch versions here.
RIGHTSIZE_PNPM_VERSION="$(sed -n 's/.*"packageManager": *"pnpm@\([^"]*\)".*/\1/p' "$RIGHTSIZE_ROOT/package.json")"

rightsize_log() { printf 'rightsize setup: %s\n' "$*" >&2; }

rightsize_node_ok() {
  # true when the given node binary is >= 22.15
  "$1" -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=15)?0:1)' 2>/dev/null
}

rightsize_ensure_node() {
  local local_node="$RIGHTSIZE_TOOLS/node24/node_modules/node/bin/node"
  if [ -x "$local_node" ] && rightsize_node_ok "$local_node"; then
    export PATH="$(dirname "$local_node"):$PATH"; return 0
  fi
  if command -v node >/dev/null 2>&1 && rightsize_node_ok "$(command -v node)"; then return 0; fi
  command -v npm >/dev/null 2>&1 || { rightsize_log "need npm (any Node) to bootstrap Node 24"; return 1; }
  rightsize_log "system Node is $(node --version 2>/dev/null || echo missing); installing node@24 from the npm registry into .tools/node24"
  mkdir -p "$RIGHTSIZE_TOOLS/node24"
  npm install --prefix "$RIGHTSIZE_TOOLS/node24" --no-audit --no-fund --loglevel=error node@24 >&2 || return 1
  rightsize_node_ok "$local_node" || { rightsize_log "node@24 install did not produce a usable node"; return 1; }
  export PATH="$(dirname "$local_node"):$PATH"
}

rightsize_ensure_pnpm() {
  local local_pnpm="$RIGHTSIZE_TOOLS/pnpm/bin/pnpm"
  if [ -x "$local_pnpm" ] && [ "$("$local_pnpm" --version 2>/dev/null)" = "$RIGHTSIZE_PNPM_VERSION" ]; then
    export PATH="$RIGHTSIZE_TOOLS/pnpm/bin:$PATH"; return 0
  fi
  rightsize_log "installing pnpm@$RIGHTSIZE_PNPM_VERSION from the npm registry into .tools/pnpm"
  npm install -g --prefix "$RIGHTSIZE_TOOLS/pnpm" --no-audit --no-fund --loglevel=error "pnpm@$RIGHTSIZE_PNPM_VERSION" >&2 || return 1
  export PATH="$RIGHTSIZE_TOOLS/pnpm/bin:$PATH"
}

rightsize_ensure_deps() {
  # Install when node_modules is missing or older than the lockfile / any package.json.
  local stamp="$RIGHTSIZE_ROOT/node_modules/.modules.yaml"
  if [ -f "$stamp" ] && [ -z "$(find "$RIGHTSIZE_ROOT/pnpm-lock.yaml" "$RIGHTSIZE_ROOT/package.json" \
        "$RIGHTSIZE_ROOT"/packages/*/package.json "$RIGHTSIZE_ROOT"/apps/*/package.json \
        -newer "$stamp" 2>/dev/null | head -n 1)" ]; then
    return 0
  fi
  rightsize_log "installing dependencies (pnpm install)"
  (cd "$RIGHTSIZE_ROOT" && flock "$RIGHTSIZE_TOOLS/.install.lock" pnpm install --frozen-lockfile --reporter=append-only >&2) || return 1
  touch "$stamp"
}

rightsize_ensure_build() {
  # Rebuild when any source, package.json or tsconfig is newer than the last good build.
  local stamp="$RIGHTSIZE_TOOLS/build.stamp"
  if [ -f "$stamp" ] && [ -z "$(find "$RIGHTSIZE_ROOT"/packages "$RIGHTSIZE_ROOT"/apps \
        \( -name node_modules -o -name dist \) -prune -o \
        \( -name '*.ts' -o -name '*.json' -o -name '*.yaml' \) -newer "$stamp" -print 2>/dev/null | head -n 1)" ] \
     && [ ! "$RIGHTSIZE_ROOT/tsconfig.base.json" -nt "$stamp" ]; then
    return 0
  fi
  rightsize_log "building (turbo run build)"
  (cd "$RIGHTSIZE_ROOT" && flock "$RIGHTSIZE_TOOLS/.build.lock" pnpm exec turbo run build --output-logs=errors-only >&2) || return 1
  touch "$stamp"
}

rightsize_ensure_toolchain() {
  mkdir -p "$RIGHTSIZE_TOOLS"
  rightsize_ensure_node && rightsize_ensure_pnpm && rightsize_ensure_deps
}

rightsize_ensure_system_packages() {
  # Tests use real redis-server and poppler (pdftotext, pdftoppm); install them from Debian
  # when missing and we can (root with apt-get). Otherwise say what is missing.
  local missing=()
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    rightsize_log "installing Debian packages: ${missing[*]}"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}") >&2 || return 1
  else
    rightsize_log "missing Debian packages: ${missing[*]} (install them with apt-get)"; return 1
  fi
}
