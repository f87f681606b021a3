#!/usr/bin/env bash
# Makes the pinned Fabric binaries (peer, orderer, configtxgen, configtxlator,
# cryptogen, osnadmin) and their sample config available, then prints where
# they are as two lines on stdout:
#   FABRIC_BIN=/abs/dir/with/binaries
#   FABRIC_CFG=/abs/dir/with/core.yaml,orderer.yaml,configtx.yaml
# Progress and errors go to stderr.
#
# Where the binaries come from, first match wins:
#   1. $FABRIC_BIN, when set (release binaries; config from $FABRIC_BIN/../config
#      when that exists, else from the cache below).
#   2. The project-local cache .fabric/<version>-<commit>/ from an earlier run.
#   3. A build with Go from the Go module proxy at the pinned module version.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=../network/fabric.env
source "$root/network/fabric.env"
tools=(peer orderer configtxgen configtxlator cryptogen osnadmin)
cache="$root/.fabric/${FABRIC_VERSION}-${FABRIC_COMMIT}"
module=github.com/hyperledger/fabric

die() { printf 'install-fabric: %s\n' "$*" >&2; exit 1; }
log() { printf 'install-fabric: %s\n' "$*" >&2; }

# version_of DIR: the Version line of DIR/peer version, or nothing.
version_of() { "$1/peer" version 2>/dev/null | sed -n 's/^ *Version: *//p' | head -n 1; }

# version_ge A B: A >= B for dotted versions.
version_ge() { [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n 1)" = "$2" ]; }

have_all() {
  local dir=$1 t
  for t in "${tools[@]}"; do [ -x "$dir/$t" ] || return 1; done
}

have_config() { [ -f "$1/core.yaml" ] && [ -f "$1/orderer.yaml" ] && [ -f "$1/configtx.yaml" ]; }

# Copies Fabric's sampleconfig from the module cache (read-only there) to $1.
fetch_config() {
  local dest=$1 dir
  dir=$(go mod download -json "$module@$FABRIC_MODULE_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",*$/\1/p')
  [ -n "$dir" ] && [ -d "$dir/sampleconfig" ] || die "the Go module proxy did not serve $module@$FABRIC_MODULE_VERSION"
  mkdir -p "$dest"
  cp "$dir/sampleconfig/core.yaml" "$dir/sampleconfig/orderer.yaml" "$dir/sampleconfig/configtx.yaml" "$dest/"
  chmod u+w "$dest"/*.yaml
}

check_go() {
  command -v go >/dev/null 2>&1 ||
    die "Go >= $FABRIC_GO_MIN is needed to build Fabric $FABRIC_VERSION: install Go, or set FABRIC_BIN to a directory of Fabric $FABRIC_VERSION release binaries"
  local v
  v=$(go env GOVERSION | sed 's/^go//')
  version_ge "$v" "$FABRIC_GO_MIN" ||
    die "Go $v is too old to build Fabric $FABRIC_VERSION (needs >= $FABRIC_GO_MIN): upgrade Go, or set FABRIC_BIN to a directory of Fabric $FABRIC_VERSION release binaries"
}

build() {
  check_go
  log "building Fabric $FABRIC_VERSION ($FABRIC_COMMIT) from the Go module proxy; this takes a few minutes the first time"
  local tmp dir
  tmp=$(mktemp -d "$root/.fabric/build.XXXXXX")
  trap 'rm -rf "$tmp"' EXIT
  # `go install module/cmd/x@version` also asks the proxy for the module's
  # version list (deprecation check), which the proxy refuses; downloading the
  # exact version and building inside it asks only for what go.sum pins.
  local json
  json=$(go mod download -json "$module@$FABRIC_MODULE_VERSION" 2>&1) ||
    die "go mod download $module@$FABRIC_MODULE_VERSION failed: $(printf '%s' "$json" | tr '\n' ' ')"
  dir=$(printf '%s\n' "$json" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",*$/\1/p')
  [ -d "$dir" ] || die "go mod download gave no module directory for $module@$FABRIC_MODULE_VERSION"
  local ldflags="-X $module/common/metadata.Version=$FABRIC_VERSION -X $module/common/metadata.CommitSHA=$FABRIC_COMMIT"
  local pkgs=() t
  for t in "${tools[@]}"; do pkgs+=("./cmd/$t"); done
  (cd "$dir" && CGO_ENABLED=0 GOFLAGS=-mod=mod go build -trimpath -ldflags "$ldflags" -o "$tmp/bin/" "${pkgs[@]}") >&2 ||
    die "building Fabric $FABRIC_VERSION failed (see the go output above)"
  fetch_config "$tmp/config"
  printf 'FABRIC_VERSION=%s\nFABRIC_COMMIT=%s\nFABRIC_MODULE_VERSION=%s\n' \
    "$FABRIC_VERSION" "$FABRIC_COMMIT" "$FABRIC_MODULE_VERSION" >"$tmp/BUILT"
  rm -rf "$cache"
  mv "$tmp" "$cache"
  trap - EXIT
  log "built into ${cache#"$root"/}"
}

if [ -n "${FABRIC_BIN:-}" ]; then
  bin=$(cd "$FABRIC_BIN" 2>/dev/null && pwd) || die "FABRIC_BIN=$FABRIC_BIN is not a directory"
  have_all "$bin" || die "FABRIC_BIN=$bin lacks one of: ${tools[*]}"
  v=$(version_of "$bin")
  [ -n "$v" ] || die "$bin/peer does not run or report a version"
  # Channel participation, the gateway and chaincode-as-a-service need >= 2.5.
  version_ge "$v" 2.5.0 || die "FABRIC_BIN holds Fabric $v; govchain needs Fabric >= 2.5.0 (pinned: $FABRIC_VERSION)"
  [ "$v" = "$FABRIC_VERSION" ] || log "note: FABRIC_BIN holds Fabric $v, pinned is $FABRIC_VERSION"
  if have_config "$bin/../config"; then
    cfg=$(cd "$bin/../config" && pwd)
  else
    have_config "$cache/config" || { check_go; fetch_config "$cache/config"; }
    cfg="$cache/config"
  fi
else
  mkdir -p "$root/.fabric"
  if ! have_all "$cache/bin" || ! have_config "$cache/config" || [ "$(version_of "$cache/bin")" != "$FABRIC_VERSION" ]; then
    build
  fi
  bin="$cache/bin"
  cfg="$cache/config"
fi

printf 'FABRIC_BIN=%s\nFABRIC_CFG=%s\n' "$bin" "$cfg"
