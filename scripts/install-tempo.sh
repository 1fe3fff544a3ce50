#!/usr/bin/env bash
# Builds Grafana Tempo $TEMPO_VERSION (single binary) from the Go module proxy into
# .platform/tools/bin, unless a tempo of that version is already there or on the PATH.
#
# Why 1.x: the Go module proxy serves github.com/grafana/tempo only up to v1.5.0. Tempo's
# v2 and v3 tags live under a module path without the /v2 suffix, which the proxy refuses,
# and release binaries cannot be downloaded here. v1.5.0 has what the platform uses: OTLP
# receivers, local block storage, and the trace-by-id HTTP API.
source "$(dirname "$0")/lib.sh"

target="$TOOLS/bin/tempo"
version_of() { "$1" --version 2>/dev/null | sed -n 's/^tempo, version \([^ ]*\).*/\1/p' | head -n 1; }

if [[ -x "$target" && "$(version_of "$target")" == "$TEMPO_VERSION" ]]; then
  ok "Tempo $TEMPO_VERSION already built ($target)"
  exit 0
fi
if command -v tempo >/dev/null && [[ "$(version_of "$(command -v tempo)")" == "$TEMPO_VERSION" ]]; then
  mkdir -p "$TOOLS/bin" && ln -sf "$(command -v tempo)" "$target"
  ok "using Tempo $TEMPO_VERSION from $(command -v tempo)"
  exit 0
fi

command -v go >/dev/null || die "Go is needed to build Tempo $TEMPO_VERSION (https://go.dev/doc/install)."
need_registry "the Go module proxy" "$(go env GOPROXY | cut -d, -f1 | sed 's#^direct$#https://proxy.golang.org#')/github.com/grafana/tempo/@v/v$TEMPO_VERSION.info"

step "Building Tempo $TEMPO_VERSION from the Go module proxy (first time only; a few minutes)"
build="$PLATFORM_HOME/build/tempo"
rm -rf "$build" && mkdir -p "$build" "$TOOLS/bin"
cd "$build"
# Built with the Go toolchain of its day (fetched from the module proxy as golang.org/toolchain):
# built with today's Go, this 2022 release links only with -checklinkname=0 and then panics
# on the first trace it ingests (protobuf: "invalid Go type tempopb.PreallocBytes").
export GOFLAGS=-mod=mod GOTOOLCHAIN="go$TEMPO_GO_VERSION"
go mod init platform.local/tempo >/dev/null 2>&1
go mod edit -go=1.18
go mod edit -require "github.com/grafana/tempo@v$TEMPO_VERSION"
# Tempo's replace directives apply only in the main module: mirror them from its go.mod.
mirror_go_replaces "github.com/grafana/tempo@v$TEMPO_VERSION" >/dev/null
run_logged "go build tempo (Go $TEMPO_GO_VERSION)" "$LOGS/tempo-build.log" \
  go build -trimpath -ldflags "-s -w -X main.Version=$TEMPO_VERSION" \
  -o "$target.new" github.com/grafana/tempo/cmd/tempo
mv "$target.new" "$target"
[[ "$(version_of "$target")" == "$TEMPO_VERSION" ]] || die "built tempo reports '$(version_of "$target")', expected $TEMPO_VERSION"
ok "Tempo $TEMPO_VERSION at $target"
