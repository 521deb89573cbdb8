#!/usr/bin/env bash
# Installs what Citizen Zero needs on a fresh Debian bookworm machine with Node 20 (run as root,
# or with sudo available): Debian packages and the npm workspace. Safe to run again: it only
# installs what is missing. Sourced by scripts/start.sh and scripts/test.sh.
set -euo pipefail

CZ_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export CZ_ROOT

cz_log() { printf '\033[1m[cz]\033[0m %s\n' "$*" >&2; }

cz_ensure_debian_packages() {
  local missing=()
  command -v softhsm2-util >/dev/null 2>&1 && [ -f /usr/lib/softhsm/libsofthsm2.so ] || missing+=(softhsm2)
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  command -v openssl >/dev/null 2>&1 || missing+=(openssl)
  [ -x /usr/lib/postgresql/15/bin/initdb ] || missing+=(postgresql-15)
  # The admin portal's end-to-end test drives Debian's Chromium with playwright-core.
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  cz_log "installing Debian packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # The packages start system instances; Citizen Zero runs its own on their own ports.
  $sudo systemctl disable --now redis-server >/dev/null 2>&1 || true
  $sudo systemctl disable --now postgresql >/dev/null 2>&1 || true
}

cz_ensure_node_modules() {
  cd "$CZ_ROOT"
  local node_major
  node_major="$(node -p 'process.versions.node.split(".")[0]')"
  if [ "$node_major" -lt 20 ]; then
    cz_log "Node.js 20 or newer is required (found $(node -v))"; exit 2
  fi
  # `npm ci` rejects lockfiles made on this machine kind (optional native packages are left
  # out of them), so the workspace is installed with `npm install` against the same lockfile.
  if [ ! -d node_modules ] || [ package.json -nt node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    cz_log "installing npm packages"
    npm install --no-audit --no-fund --loglevel=error
  fi
}

source "$(dirname "${BASH_SOURCE[0]}")/ensure-pgvector.sh"

cz_ensure_dependencies() {
  cz_ensure_debian_packages
  cz_ensure_pgvector
  cz_ensure_node_modules
}
