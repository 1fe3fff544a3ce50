#!/usr/bin/env bash
# Makes a Node.js base image without pulling anything: a Debian bookworm rootfs from Debian's
# packages (debootstrap), with this machine's node and npm copied in, imported into podman as
# localhost/shop-node-base:<node version>. Only for machines that cannot reach a container
# registry; everywhere else the Dockerfile's default BASE_IMAGE (node:20 slim) is the one to use.
#   bash scripts/image/make-base-image.sh     # prints the image name on its last line
source "$(dirname "$0")/../lib.sh"

node_version=$(node -p 'process.versions.node')
image="localhost/shop-node-base:$node_version"
if podman image exists "$image"; then
  ok "base image $image exists"
  echo "$image"
  exit 0
fi
for tool in podman debootstrap; do command -v "$tool" >/dev/null || die "$tool is needed (apt-get install $tool)"; done
[[ $(id -u) -eq 0 ]] || die "debootstrap needs root (run with sudo)"

rootfs="$PLATFORM_HOME/build/base-rootfs"
step "Debian bookworm rootfs (minbase, with CA certificates) from deb.debian.org"
rm -rf "$rootfs"
run_logged "debootstrap bookworm" "$LOGS/base-image.log" \
  debootstrap --variant=minbase --include=ca-certificates bookworm "$rootfs" http://deb.debian.org/debian
step "Node.js $node_version from this machine ($(command -v node))"
npm_dir=$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")
install -m 0755 "$(readlink -f "$(command -v node)")" "$rootfs/usr/local/bin/node"
mkdir -p "$rootfs/usr/local/lib/node_modules"
cp -a "$npm_dir" "$rootfs/usr/local/lib/node_modules/npm"
ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
# Smaller: no package caches, docs or apt lists in the image.
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/*
chroot "$rootfs" /usr/local/bin/node -e 'console.log("node", process.version, "runs in the rootfs")'

step "Importing into podman as $image"
tar -C "$rootfs" -c . | podman import --change 'ENV PATH=/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'CMD ["node"]' - "$image" >/dev/null
ok "base image $image ($(podman image inspect "$image" --format '{{.Size}}' | numfmt --to=iec))"
echo "$image"
