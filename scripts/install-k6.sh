#!/usr/bin/env bash
# Builds Grafana k6 $K6_VERSION from the Go module proxy into .platform/tools/bin, unless a k6 of
# that version is already there or on the PATH. The benchmark and the fault runs drive orders
# with it: its arrival-rate executors are an open model (requests start on schedule whether or
# not earlier ones have finished), so a slow platform shows up as latency, not as a lower rate.
source "$(dirname "$0")/lib.sh"

target="$TOOLS/bin/k6"
version_of() { "$1" version 2>/dev/null | sed -n 's/^k6 v\([0-9.]*\).*/\1/p' | head -n 1; }

if [[ -x "$target" && "$(version_of "$target")" == "$K6_VERSION" ]]; then
  ok "k6 $K6_VERSION already built ($target)"
  exit 0
fi
if command -v k6 >/dev/null && [[ "$(version_of "$(command -v k6)")" == "$K6_VERSION" ]]; then
  mkdir -p "$TOOLS/bin" && ln -sf "$(command -v k6)" "$target"
  ok "using k6 $K6_VERSION from $(command -v k6)"
  exit 0
fi

command -v go >/dev/null || die "Go is needed to build k6 $K6_VERSION (https://go.dev/doc/install)."
need_registry "the Go module proxy" "$(go env GOPROXY | cut -d, -f1 | sed 's#^direct$#https://proxy.golang.org#')/go.k6.io/k6/@v/v$K6_VERSION.info"

step "Building k6 $K6_VERSION from the Go module proxy (first time only; a few minutes)"
mkdir -p "$TOOLS/bin"
run_logged "go install k6" "$LOGS/k6-build.log" \
  env GOBIN="$PLATFORM_HOME/build/k6-bin" GOFLAGS=-mod=mod go install -trimpath -ldflags "-s -w" \
  "go.k6.io/k6@v$K6_VERSION"
mv "$PLATFORM_HOME/build/k6-bin/k6" "$target"
[[ "$(version_of "$target")" == "$K6_VERSION" ]] || die "built k6 reports '$(version_of "$target")', expected $K6_VERSION"
ok "k6 $K6_VERSION at $target"
