#!/usr/bin/env bash
# Copies the CRDs shipped in Dapr $DAPR_VERSION's own Helm chart (charts/dapr/crds in the
# github.com/dapr/dapr module, which the daprd build has in the Go module cache already) to
# .platform/tools/dapr-crds-$DAPR_VERSION, so the chart tests validate the Dapr resources we
# render against them with no network at test time.
source "$(dirname "$0")/lib.sh"

dest="$TOOLS/dapr-crds-$DAPR_VERSION"
if [[ -f "$dest/.complete" ]]; then
  ok "Dapr $DAPR_VERSION CRDs already in $dest"
  exit 0
fi
command -v go >/dev/null || die "Go is needed to fetch Dapr's CRDs from the Go module proxy (https://go.dev/doc/install)."
step "Copying the CRDs of Dapr $DAPR_VERSION's chart from the Go module cache (or proxy)"
dir=$(cd "$TOOLS" && GOFLAGS=-mod=mod go mod download -json "github.com/dapr/dapr@v$DAPR_VERSION" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
[[ -d "$dir/charts/dapr/crds" ]] || die "no charts/dapr/crds in github.com/dapr/dapr@v$DAPR_VERSION ($dir)"
rm -rf "$dest" && mkdir -p "$dest"
cp "$dir"/charts/dapr/crds/*.yaml "$dest/"
touch "$dest/.complete"
ok "$(ls "$dest"/*.yaml | wc -l) CRDs in $dest"
