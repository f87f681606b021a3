#!/usr/bin/env bash
# Makes the pinned Fabric CA binaries (fabric-ca-server, fabric-ca-client)
# available, then prints where they are as one line on stdout:
#   FABRIC_CA_BIN=/abs/dir/with/binaries
# Progress and errors go to stderr; a failure is one `install-fabric-ca: …`
# line and a non-zero exit.
#
# Where the binaries come from, first match wins:
#   1. $FABRIC_CA_BIN, when set (e.g. release binaries).
#   2. The project-local cache .fabric/ca-<version>/bin from an earlier run.
#   3. A build with Go (cgo: the server's SQLite needs a C compiler) from the
#      Go module proxy at the pinned tag github.com/hyperledger/fabric-ca@v<version>.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=../network/fabric.env
source "$root/network/fabric.env"
tools=(fabric-ca-server fabric-ca-client)
cache="$root/.fabric/ca-${FABRIC_CA_VERSION}"
module=github.com/hyperledger/fabric-ca

die() { printf 'install-fabric-ca: %s\n' "$*" >&2; exit 1; }
log() { printf 'install-fabric-ca: %s\n' "$*" >&2; }

have_all() {
  local dir=$1 t
  for t in "${tools[@]}"; do [ -x "$dir/$t" ] || return 1; done
}

# version_of DIR: the Version line of DIR/fabric-ca-client version, or nothing.
version_of() { "$1/fabric-ca-client" version 2>/dev/null | sed -n 's/^ *Version: *//p' | head -n 1; }

build() {
  command -v go >/dev/null 2>&1 ||
    die "Go is needed to build Fabric CA $FABRIC_CA_VERSION: install Go, or set FABRIC_CA_BIN to a directory of Fabric CA $FABRIC_CA_VERSION binaries"
  command -v "$(go env CC 2>/dev/null || echo gcc)" >/dev/null 2>&1 ||
    die "a C compiler ($(go env CC 2>/dev/null || echo gcc)) is needed to build Fabric CA $FABRIC_CA_VERSION (cgo, for SQLite): install gcc, or set FABRIC_CA_BIN"
  local json dir tmp err
  # Downloading the exact version and building inside it asks the proxy only for what go.sum pins.
  if ! json=$(go mod download -json "$module@v$FABRIC_CA_VERSION" 2>&1); then
    err=$(printf '%s' "$json" | sed -n 's/^[[:space:]]*"Error": "\(.*\)",*$/\1/p' | head -n 1 | sed 's/\\n.*//')
    [ -n "$err" ] || err=$(printf '%s' "$json" | tr '\n' ' ')
    die "the Go module proxy refused $module@v$FABRIC_CA_VERSION: $err (set FABRIC_CA_BIN to a directory of Fabric CA binaries)"
  fi
  dir=$(printf '%s\n' "$json" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",*$/\1/p')
  [ -d "$dir" ] || die "go mod download gave no module directory for $module@v$FABRIC_CA_VERSION"
  mkdir -p "$root/.fabric"
  tmp=$(mktemp -d "$root/.fabric/build-ca.XXXXXX")
  trap 'rm -rf "$tmp"' EXIT
  log "building Fabric CA $FABRIC_CA_VERSION from the Go module proxy"
  local ldflags="-X $module/lib/metadata.Version=$FABRIC_CA_VERSION"
  (cd "$dir" && CGO_ENABLED=1 GOFLAGS=-mod=mod go build -trimpath -ldflags "$ldflags" -o "$tmp/bin/" \
    ./cmd/fabric-ca-server ./cmd/fabric-ca-client) >&2 ||
    die "building Fabric CA $FABRIC_CA_VERSION from the module failed (see the go output above)"
  printf 'FABRIC_CA_VERSION=%s\n' "$FABRIC_CA_VERSION" >"$tmp/BUILT"
  rm -rf "$cache"
  mv "$tmp" "$cache"
  trap - EXIT
  log "built into ${cache#"$root"/}"
}

if [ -n "${FABRIC_CA_BIN:-}" ]; then
  bin=$(cd "$FABRIC_CA_BIN" 2>/dev/null && pwd) || die "FABRIC_CA_BIN=$FABRIC_CA_BIN is not a directory"
  have_all "$bin" || die "FABRIC_CA_BIN=$bin lacks one of: ${tools[*]}"
  v=$(version_of "$bin" || true)
  [ -n "$v" ] || die "$bin/fabric-ca-client does not run or report a version"
  [ "$v" = "$FABRIC_CA_VERSION" ] || log "note: FABRIC_CA_BIN holds Fabric CA $v, pinned is $FABRIC_CA_VERSION"
else
  if ! have_all "$cache/bin" || [ "$(version_of "$cache/bin")" != "$FABRIC_CA_VERSION" ]; then
    build
  fi
  bin="$cache/bin"
fi

printf 'FABRIC_CA_BIN=%s\n' "$bin"
