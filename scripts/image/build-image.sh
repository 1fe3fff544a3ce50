#!/usr/bin/env bash
# Builds one service's image from the Dockerfile with podman (or buildah's engine under it):
#   bash scripts/image/build-image.sh <service>          -> localhost/shop-<service>:dev
# BASE_IMAGE picks the base (default: the Dockerfile's node:20 slim from Docker Hub). Without
# registry access, make one first: BASE_IMAGE=$(bash scripts/image/make-base-image.sh | tail -1).
source "$(dirname "$0")/../lib.sh"
cd "$ROOT"

service=${1:?usage: build-image.sh <gateway|order|inventory|payment|notification|psp>}
[[ -f "services/$service/package.json" ]] || die "no service '$service' under services/"
command -v podman >/dev/null || die "podman is needed (apt-get install podman), or use: docker build --build-arg SERVICE=$service ."
args=(--build-arg "SERVICE=$service" -t "localhost/shop-$service:dev" -f Dockerfile)
[[ -n "${BASE_IMAGE:-}" ]] && args+=(--build-arg "BASE_IMAGE=$BASE_IMAGE")
# RUN steps in a chroot rather than an OCI runtime container: works where the runtime cannot
# set up cgroups (nested containers, CI sandboxes); the result is the same image.
args+=(--isolation "${BUILD_ISOLATION:-chroot}")
# The CA bundle npm should trust, for networks that inspect TLS (BUILD_CA_FILE, else the
# system bundle when SSL_CERT_FILE or NODE_EXTRA_CA_CERTS names one). Passed as a build
# secret: used by npm ci, never written into a layer.
ca=${BUILD_CA_FILE:-${NODE_EXTRA_CA_CERTS:-${SSL_CERT_FILE:-}}}
[[ -n "$ca" && -s "$ca" ]] && args+=(--secret "id=ca,src=$ca")
step "Building localhost/shop-$service:dev${BASE_IMAGE:+ on $BASE_IMAGE}"
run_logged "podman build $service" "$LOGS/image-$service.log" podman build "${args[@]}" .
ok "localhost/shop-$service:dev ($(podman image inspect "localhost/shop-$service:dev" --format '{{.Size}}' | numfmt --to=iec))"
