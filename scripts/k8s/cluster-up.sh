#!/usr/bin/env bash
# One command from nothing to a kind cluster ready for `tilt up`:
#   1. a local registry container (localhost:5001) and the kind cluster `shop` using it;
#   2. the Dapr control plane from Dapr's own chart (pinned: DAPR_VERSION);
#   3. the cluster-wide pieces from k8s/ (namespace, registry hosting);
#   4. the platform's Secrets (random, created once) and the dev JWKS (setup's local signing
#      key), for tokens from `npm run token`;
#   5. the infrastructure releases of k8s/infrastructure.yaml: Strimzi, CloudNativePG, Valkey,
#      kube-prometheus-stack (Prometheus, Grafana), Tempo and the Dapr dashboard.
# Then `tilt up` builds and installs the platform (or `helm install` it with values-kind.yaml).
#
# Needs: docker (or podman with KIND_EXPERIMENTAL_PROVIDER=podman), kind, kubectl, helm.
source "$(dirname "$0")/../lib.sh"
cd "$ROOT"

CLUSTER=${KIND_CLUSTER:-shop}
REGISTRY=kind-registry
REGISTRY_PORT=5001
engine=${CONTAINER_ENGINE:-docker}
for tool in "$engine" kind kubectl helm; do
  command -v "$tool" >/dev/null || die "$tool is needed (see README: Kubernetes with kind and Tilt)."
done

step "Local registry localhost:$REGISTRY_PORT"
if [[ "$("$engine" inspect -f '{{.State.Running}}' "$REGISTRY" 2>/dev/null)" != "true" ]]; then
  "$engine" run -d --restart=always -p "127.0.0.1:$REGISTRY_PORT:5000" --network bridge --name "$REGISTRY" registry:2 >/dev/null
fi
ok "registry running"

step "kind cluster '$CLUSTER'"
if ! kind get clusters 2>/dev/null | grep -qx "$CLUSTER"; then
  kind create cluster --name "$CLUSTER" --config k8s/kind-cluster.yaml --wait 120s
fi
# Each node resolves localhost:5001 to the registry container (kind's documented recipe).
for node in $(kind get nodes --name "$CLUSTER"); do
  "$engine" exec "$node" mkdir -p "/etc/containerd/certs.d/localhost:$REGISTRY_PORT"
  printf '[host."http://%s:5000"]\n' "$REGISTRY" | "$engine" exec -i "$node" cp /dev/stdin "/etc/containerd/certs.d/localhost:$REGISTRY_PORT/hosts.toml"
done
"$engine" network connect kind "$REGISTRY" 2>/dev/null || true
kubectl config use-context "kind-$CLUSTER" >/dev/null
kubectl apply -f k8s/local-registry-hosting.yaml -f k8s/namespace.yaml >/dev/null
ok "cluster ready (context kind-$CLUSTER)"

step "Dapr $DAPR_VERSION control plane (Dapr's own chart)"
helm repo add dapr https://dapr.github.io/helm-charts/ >/dev/null 2>&1 || true
helm repo update dapr >/dev/null
helm upgrade --install dapr dapr/dapr --version "$DAPR_VERSION" --namespace dapr-system --create-namespace \
  --set global.ha.enabled=false --set global.logAsJson=true --wait --timeout 5m
ok "Dapr control plane running in dapr-system"

step "The platform's Secrets"
npx tsx scripts/k8s/secrets.ts shop

step "Dev JWKS for the gateway"
[[ -f "$PLATFORM_HOME/keys/dev-jwks.json" ]] || npx tsx scripts/platform/dev-keys.ts
kubectl -n shop create secret generic shop-dev-jwks --from-file=dev-jwks.json="$PLATFORM_HOME/keys/dev-jwks.json" \
  --dry-run=client -o yaml | kubectl apply -f - >/dev/null
ok "secret shop/shop-dev-jwks"

step "Infrastructure (k8s/infrastructure.yaml, versions from charts/shop/Chart.yaml)"
npx tsx scripts/k8s/infrastructure.ts install
ok "infrastructure installed"

cat <<MSG

Next:  tilt up        (builds the images and installs the chart, with live update)
Then:  http://localhost:10350 (Tilt), the gateway on http://127.0.0.1:8080/api/v1/docs/,
       Grafana on http://127.0.0.1:3000, the Dapr dashboard on http://127.0.0.1:8081.
Remove: kind delete cluster --name $CLUSTER && $engine rm -f $REGISTRY
MSG
