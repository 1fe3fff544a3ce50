#!/usr/bin/env bash
# Builds Helm $HELM_VERSION from the Go module proxy into .platform/tools/bin, unless a helm of
# that version is already there or on the PATH. The chart tests (npm run test:charts) need it.
source "$(dirname "$0")/lib.sh"

target="$TOOLS/bin/helm"
version_of() { "$1" version --template '{{.Version}}' 2>/dev/null | sed 's/^v//'; }

if [[ -x "$target" && "$(version_of "$target")" == "$HELM_VERSION" ]]; then
  ok "Helm $HELM_VERSION already built ($target)"
  exit 0
fi
if command -v helm >/dev/null && [[ "$(version_of "$(command -v helm)")" == "$HELM_VERSION" ]]; then
  mkdir -p "$TOOLS/bin" && ln -sf "$(command -v helm)" "$target"
  ok "using Helm $HELM_VERSION from $(command -v helm)"
  exit 0
fi

command -v go >/dev/null || die "Go is needed to build Helm $HELM_VERSION (https://go.dev/doc/install)."
need_registry "the Go module proxy" "$(go env GOPROXY | cut -d, -f1 | sed 's#^direct$#https://proxy.golang.org#')/helm.sh/helm/v4/@v/v$HELM_VERSION.info"

step "Building Helm $HELM_VERSION from the Go module proxy (first time only; a few minutes)"
mkdir -p "$TOOLS/bin"
# GOBIN puts the binary straight into the tools folder; the version is stamped as Helm's own
# Makefile does, so `helm version` tells the truth.
run_logged "go install helm" "$LOGS/helm-build.log" \
  env GOBIN="$PLATFORM_HOME/build/helm-bin" GOFLAGS=-mod=mod go install -trimpath \
  -ldflags "-s -w -X helm.sh/helm/v4/internal/version.version=v$HELM_VERSION" \
  "helm.sh/helm/v4/cmd/helm@v$HELM_VERSION"
mv "$PLATFORM_HOME/build/helm-bin/helm" "$target"
[[ "$(version_of "$target")" == "$HELM_VERSION" ]] || die "built helm reports '$(version_of "$target")', expected $HELM_VERSION"
ok "Helm $HELM_VERSION at $target"
