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
#   4. A build from the pinned release's source archive (with Fabric's vendor/):
#      $FABRIC_SRC_ARCHIVE, else ../shared/fabric/<archive> beside the checkout,
#      checked against the pinned SHA-256 first. No download at all.
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

check_go() {
  command -v go >/dev/null 2>&1 ||
    die "Go >= $FABRIC_GO_MIN is needed to build Fabric $FABRIC_VERSION: install Go, or set FABRIC_BIN to a directory of Fabric $FABRIC_VERSION release binaries"
  local v
  v=$(go env GOVERSION | sed 's/^go//')
  version_ge "$v" "$FABRIC_GO_MIN" ||
    die "Go $v is too old to build Fabric $FABRIC_VERSION (needs >= $FABRIC_GO_MIN): upgrade Go, or set FABRIC_BIN to a directory of Fabric $FABRIC_VERSION release binaries"
}

# go_build DIR OUT [GOFLAGS]: builds the six tools of the Fabric source tree DIR into OUT.
go_build() {
  local dir=$1 out=$2 goflags=$3 pkgs=() t
  local ldflags="-X $module/common/metadata.Version=$FABRIC_VERSION -X $module/common/metadata.CommitSHA=$FABRIC_COMMIT"
  for t in "${tools[@]}"; do pkgs+=("./cmd/$t"); done
  (cd "$dir" && CGO_ENABLED=0 GOFLAGS=$goflags go build -trimpath -ldflags "$ldflags" -o "$out/" "${pkgs[@]}") >&2
}

# copy_config DIR DEST: Fabric's sample core/orderer/configtx yaml of source tree DIR.
copy_config() {
  mkdir -p "$2"
  cp "$1/sampleconfig/core.yaml" "$1/sampleconfig/orderer.yaml" "$1/sampleconfig/configtx.yaml" "$2/"
  chmod u+w "$2"/*.yaml
}

# from_proxy TMP: builds from the Go module proxy; prints why not on failure (returns 1).
from_proxy() {
  local tmp=$1 json dir
  # `go install module/cmd/x@version` also asks the proxy for the module's
  # version list (deprecation check), which some proxies refuse; downloading the
  # exact version and building inside it asks only for what go.sum pins.
  if ! json=$(go mod download -json "$module@$FABRIC_MODULE_VERSION" 2>&1); then
    # The first line of go's error, e.g. "… .info: 403 Forbidden".
    proxy_error=$(printf '%s' "$json" | sed -n 's/^[[:space:]]*"Error": "\(.*\)",*$/\1/p' | head -n 1 | sed 's/\\n.*//; s/^.*: \([0-9][0-9][0-9] \)/\1/')
    [ -n "$proxy_error" ] || proxy_error=$(printf '%s' "$json" | tr '\n' ' ')
    return 1
  fi
  dir=$(printf '%s\n' "$json" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",*$/\1/p')
  [ -d "$dir" ] || { proxy_error="go mod download gave no module directory"; return 1; }
  log "building Fabric $FABRIC_VERSION ($FABRIC_COMMIT) from the Go module proxy"
  go_build "$dir" "$tmp/bin" -mod=mod || die "building Fabric $FABRIC_VERSION from the module failed (see the go output above)"
  copy_config "$dir" "$tmp/config"
}

# from_archive TMP: builds from the pinned source archive, checked first.
from_archive() {
  local tmp=$1 archive sum
  archive=${FABRIC_SRC_ARCHIVE:-$root/../shared/fabric/$FABRIC_SRC_NAME}
  [ -f "$archive" ] ||
    die "no way to get Fabric $FABRIC_VERSION: the Go module proxy refused $module@$FABRIC_MODULE_VERSION ($proxy_error), and there is no source archive at $archive (set FABRIC_SRC_ARCHIVE, or FABRIC_BIN to release binaries)"
  sum=$(sha256sum "$archive" | cut -d' ' -f1)
  [ "$sum" = "$FABRIC_SRC_SHA256" ] ||
    die "checksum mismatch: $archive has SHA-256 $sum, network/fabric.env pins $FABRIC_SRC_SHA256"
  log "the Go module proxy refused Fabric $FABRIC_VERSION ($proxy_error); building from $archive (checksum verified)"
  mkdir -p "$tmp/src"
  tar -xzf "$archive" -C "$tmp/src" --strip-components=1 || die "cannot unpack $archive"
  go_build "$tmp/src" "$tmp/bin" -mod=vendor || die "building Fabric $FABRIC_VERSION from $archive failed (see the go output above)"
  copy_config "$tmp/src" "$tmp/config"
  rm -rf "$tmp/src"
}

build() {
  check_go
  local tmp
  tmp=$(mktemp -d "$root/.fabric/build.XXXXXX")
  trap 'rm -rf "$tmp"' EXIT
  proxy_error=''
  from_proxy "$tmp" || GOPROXY=off from_archive "$tmp"
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
    have_config "$cache/config" || { mkdir -p "$root/.fabric"; build; }
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
