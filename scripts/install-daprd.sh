#!/usr/bin/env bash
# Builds daprd $DAPR_VERSION from the Go module proxy into .platform/tools/bin,
# unless a daprd of exactly that version is already there or in ~/.dapr/bin (dapr init).
source "$(dirname "$0")/lib.sh"

target="$TOOLS/bin/daprd"
version_of() { "$1" --version 2>/dev/null | head -n 1 | tr -d '[:space:]'; }

if [[ -x "$target" && "$(version_of "$target")" == "$DAPR_VERSION" ]]; then
  ok "daprd $DAPR_VERSION already built ($target)"
  exit 0
fi
if [[ -x "$HOME/.dapr/bin/daprd" && "$(version_of "$HOME/.dapr/bin/daprd")" == "$DAPR_VERSION" ]]; then
  ln -sf "$HOME/.dapr/bin/daprd" "$target"
  ok "using daprd $DAPR_VERSION from 'dapr init' ($HOME/.dapr/bin/daprd)"
  exit 0
fi

command -v go >/dev/null || die "Go is needed to build daprd $DAPR_VERSION (https://go.dev/doc/install), or run 'dapr init --runtime-version $DAPR_VERSION'."
need_registry "the Go module proxy" "$(go env GOPROXY | cut -d, -f1 | sed 's#^direct$#https://proxy.golang.org#')/github.com/dapr/dapr/@v/v$DAPR_VERSION.info"

step "Building daprd $DAPR_VERSION from the Go module proxy (first time only; a few minutes)"
build="$PLATFORM_HOME/build/daprd"
rm -rf "$build" && mkdir -p "$build"
cp "$ROOT/scripts/toolchain/daprd/main.go" "$build/"
cd "$build"
export GOFLAGS=-mod=mod GOTOOLCHAIN=auto
go mod init platform.local/daprd >/dev/null 2>&1
go mod edit -require "github.com/dapr/dapr@v$DAPR_VERSION"
# Dapr's go.mod pins some modules with replace directives, which only apply in the main
# module. Mirror them here, read from the go.mod of the exact version we build.
dapr_mod="$(mirror_go_replaces "github.com/dapr/dapr@v$DAPR_VERSION")"
go mod edit -go="$(sed -n 's/^go //p' "$dapr_mod")"
# No `go mod tidy`: it would resolve the modules of every component behind Dapr's build
# tags, some of which the proxy no longer serves. 'go build -mod=mod' resolves only what
# this main imports, at the versions Dapr's own go.mod selects.
# Dapr's component registry package panics unless built with its component tags, which
# would pull in every component (and modules the proxy no longer serves). So build from a
# copy of the module as the proxy served it, with that one guard emptied; main.go
# registers the few components the platform uses.
dapr_dir="$(go list -m -f '{{.Dir}}' github.com/dapr/dapr)"
rm -rf "$build/dapr" && cp -r "$dapr_dir" "$build/dapr" && chmod -R u+w "$build/dapr"
printf "package components\n" >"$build/dapr/cmd/daprd/components/zz_notag.go"
go mod edit -replace "github.com/dapr/dapr=./dapr"
run_logged "go build daprd" "$LOGS/daprd-build.log" \
  go build -v -trimpath -ldflags "-s -w -X github.com/dapr/dapr/pkg/buildinfo.version=$DAPR_VERSION" -o "$target.new" .
mv "$target.new" "$target"
[[ "$(version_of "$target")" == "$DAPR_VERSION" ]] || die "built daprd reports '$(version_of "$target")', expected $DAPR_VERSION"
ok "daprd $("$target" --version) at $target"
