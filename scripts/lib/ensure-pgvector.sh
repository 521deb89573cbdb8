#!/usr/bin/env bash
# pgvector for PostgreSQL 15 (the biometric service's gallery index). Debian bookworm does not
# package it for PostgreSQL 15, so it is built from the Debian trixie source package: the source
# is fetched with a private sources list (the system's apt configuration is not touched), the
# server headers come from postgresql-server-dev-15 unpacked with dpkg -x (installing it would
# upgrade PostgreSQL), and `make install` puts vector.so and its SQL into PostgreSQL 15.
# Sourced by ensure-dependencies.sh; does nothing when the extension is already installed.

cz_ensure_pgvector() {
  [ -f /usr/share/postgresql/15/extension/vector.control ] && return 0
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  command -v make >/dev/null 2>&1 && command -v gcc >/dev/null 2>&1 || {
    cz_log "installing Debian packages: make gcc (to build pgvector)"
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends make gcc libc6-dev >/dev/null
  }
  local work
  work="$(mktemp -d)"
  cz_log "building pgvector for PostgreSQL 15 from the Debian trixie source package"
  (
    set -e
    cd "$work"
    mkdir -p lists cache/archives/partial
    echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie main" > sources.list
    local apt=(-o "Dir::Etc::SourceList=$work/sources.list" -o Dir::Etc::SourceParts=/dev/null -o "Dir::State::Lists=$work/lists" -o "Dir::Cache=$work/cache")
    apt-get "${apt[@]}" update -qq >/dev/null 2>&1
    apt-get "${apt[@]}" source --download-only pgvector >/dev/null 2>&1
    apt-cache show postgresql-server-dev-15 >/dev/null 2>&1 || $sudo apt-get update -qq
    apt-get download postgresql-server-dev-15 >/dev/null 2>&1
    dpkg -x postgresql-server-dev-15_*.deb headers
    tar xzf pgvector_*.orig.tar.gz
    cd pgvector-*/
    local vars=(PG_CONFIG=/usr/lib/postgresql/15/bin/pg_config with_llvm=no OPTFLAGS= "includedir_server=$work/headers/usr/include/postgresql/15/server")
    make "${vars[@]}" >/dev/null
    $sudo make "${vars[@]}" install >/dev/null
  ) || { cz_log "could not build pgvector (see above); the biometric gallery needs it"; rm -rf "$work"; return 1; }
  rm -rf "$work"
}
