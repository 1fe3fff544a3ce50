#!/usr/bin/env bash
# Starts a built service image the way the chart runs it (user 10001, read-only root
# filesystem) and checks that it answers /healthz, runs as 10001 and cannot write its files:
#   bash scripts/image/smoke-test.sh [service]     (default psp: it needs no database)
#
# With a working container runtime it uses `podman run` (also --cap-drop=ALL and
# no-new-privileges, and the image's HEALTHCHECK). Where the runtime cannot start containers
# (sandboxes that forbid setrlimit or cgroups, as on this project's CI machine) it says so and
# runs the image's own filesystem instead: mounted read-only, entered with chroot as 10001, the
# image's CMD and environment. That checks the image's content, not the runtime.
source "$(dirname "$0")/../lib.sh"

service=${1:-psp}
image="localhost/shop-$service:dev"
podman image exists "$image" || die "no image $image: build it with scripts/image/build-image.sh $service"
port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
# The app only needs to come up: its sidecar is absent, so no Dapr-bound call is made.
env_args=(DAPR_API_TOKEN=smoke-test-token-0123456789 APP_API_TOKEN=smoke-test-token-9876543210 OTEL_SDK_DISABLED=true)
# The gateway's own settings (its JWKS is fetched on the first token, its Redis on the first
# request: neither is needed to answer /healthz). Services with a database need one to start.
case $service in
  gateway) env_args+=(JWT_JWKS_URL=https://issuer.invalid/jwks.json JWT_ISSUER=https://issuer.invalid/ JWT_AUDIENCE=shop-api
                      RATE_LIMIT_REDIS_URL=redis://127.0.0.1:1) ;;
  order | inventory | payment) die "$service needs PostgreSQL to start; smoke-test psp, notification or gateway" ;;
esac
name="shop-smoke-$service-$$"
mnt=""
cleanup() {
  podman rm -f "$name" >/dev/null 2>&1 || true
  if [[ -n "$mnt" ]]; then
    umount "$mnt/proc" "$mnt/dev" "$mnt/etc/resolv.conf" 2>/dev/null || true
    umount "$mnt" 2>/dev/null || true
    rmdir "$mnt" 2>/dev/null || true
    podman image unmount "$image" >/dev/null 2>&1 || true
  fi
}
trap cleanup EXIT

wait_healthz() {
  for _ in $(seq 1 60); do
    curl -fsS "http://127.0.0.1:$port/healthz" 2>/dev/null && return 0
    sleep 0.5
  done
  return 1
}

mode=podman
step "Running $image with podman (read-only, user 10001, no capabilities) on 127.0.0.1:$port"
if ! podman run -d --name "$name" --read-only --user 10001:10001 --cap-drop=ALL --security-opt no-new-privileges \
  -p "127.0.0.1:$port:3000" "${env_args[@]/#/-e}" "$image" >"$LOGS/smoke-$service.log" 2>&1; then
  warn "podman cannot start containers here: $(tail -1 "$LOGS/smoke-$service.log")"
  mode=chroot
fi

if [[ $mode == podman ]]; then
  body=$(wait_healthz) || { podman logs "$name" | tail -20; die "/healthz did not answer"; }
  uid=$(podman exec "$name" node -p 'process.getuid() + ":" + process.getgid()')
  podman exec "$name" node -e 'require("fs").writeFileSync("/app/x", "x")' 2>/dev/null && die "the root filesystem is writable"
  podman healthcheck run "$name" >/dev/null || die "the image's HEALTHCHECK failed"
  ok "HEALTHCHECK passes"
else
  step "Running the image's filesystem read-only with chroot as 10001 (no container runtime)"
  [[ $(id -u) -eq 0 ]] || die "the chroot fallback needs root"
  rootfs=$(podman image mount "$image")
  mnt=$(mktemp -d)
  mount --bind "$rootfs" "$mnt" && mount -o remount,bind,ro "$mnt"
  mount -t proc proc "$mnt/proc"
  mount --bind /dev "$mnt/dev"
  mount --bind /etc/resolv.conf "$mnt/etc/resolv.conf" 2>/dev/null || true
  # The image's own environment and command, as a runtime would apply them.
  mapfile -t image_env < <(podman image inspect "$image" --format '{{range .Config.Env}}{{println .}}{{end}}' | sed '/^$/d')
  mapfile -t cmd < <(podman image inspect "$image" --format '{{range .Config.Cmd}}{{println .}}{{end}}' | sed '/^$/d')
  workdir=$(podman image inspect "$image" --format '{{.Config.WorkingDir}}')
  user=$(podman image inspect "$image" --format '{{.Config.User}}')
  [[ "$user" == "10001:10001" ]] || die "the image's USER is '$user', expected 10001:10001"
  env -i "${image_env[@]}" "${env_args[@]}" APP_PORT="$port" APP_HOST=127.0.0.1 \
    chroot --userspec=10001:10001 "$mnt" sh -c "cd $workdir && exec \"\$@\"" sh "${cmd[@]}" >"$LOGS/smoke-$service.log" 2>&1 &
  app=$!
  body=$(wait_healthz) || { tail -20 "$LOGS/smoke-$service.log"; kill "$app" 2>/dev/null; die "/healthz did not answer"; }
  uid=$(awk '/^Uid:/{u=$2} /^Gid:/{g=$2} END{print u":"g}' "/proc/$app/status")
  env -i PATH=/usr/local/bin:/usr/bin:/bin chroot --userspec=10001:10001 "$mnt" node -e 'require("fs").writeFileSync("/app/x", "x")' 2>/dev/null \
    && { kill "$app"; die "the root filesystem is writable"; }
  kill -TERM "$app" && wait "$app" 2>/dev/null || true
fi
ok "/healthz answered: $body"
[[ "$uid" == "10001:10001" ]] || die "runs as $uid, expected 10001:10001"
ok "runs as $uid; the root filesystem is read-only ($mode)"
ok "image size $(podman image inspect "$image" --format '{{.Size}}' | numfmt --to=iec)"
