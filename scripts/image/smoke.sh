#!/usr/bin/env bash
# npm run image:smoke [service]: builds one service's image from the Dockerfile with podman and
# smoke-tests it (scripts/image/smoke-test.sh). The base image is BASE_IMAGE if set, else the
# Dockerfile's default when a registry can be reached, else one made here from Debian's packages
# (scripts/image/make-base-image.sh). Installs podman, buildah and debootstrap with apt if missing.
source "$(dirname "$0")/../lib.sh"
cd "$ROOT"
service=${1:-psp}

missing=()
for tool in podman buildah debootstrap; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if ((${#missing[@]})); then
  command -v apt-get >/dev/null || die "install ${missing[*]} first"
  sudo=""; [[ $(id -u) -eq 0 ]] || sudo="sudo"
  run_logged "apt-get install ${missing[*]}" "$LOGS/apt.log" env DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${missing[@]}"
fi

if [[ -z "${BASE_IMAGE:-}" ]]; then
  default=$(sed -n 's/^ARG BASE_IMAGE=//p' Dockerfile)
  if podman image exists "$default" || timeout 60 podman pull -q "$default" >/dev/null 2>&1; then
    BASE_IMAGE=$default
    ok "base image $BASE_IMAGE"
  else
    warn "cannot pull $default (no registry reachable): making a base image from Debian's packages"
    BASE_IMAGE=$(bash scripts/image/make-base-image.sh | tail -1)
  fi
fi
export BASE_IMAGE
bash scripts/image/build-image.sh "$service"
bash scripts/image/smoke-test.sh "$service"
