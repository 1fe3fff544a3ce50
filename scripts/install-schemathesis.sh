#!/usr/bin/env bash
# Installs schemathesis $SCHEMATHESIS_VERSION from PyPI into its own virtualenv under
# .platform/tools/: the independent, OpenAPI-driven fuzzer that `npm run fuzz` and the
# short fuzz run in `npm test` drive against the gateway.
source "$(dirname "$0")/lib.sh"

dest="$TOOLS/schemathesis-$SCHEMATHESIS_VERSION"
if [[ -x "$dest/bin/st" && -f "$dest/.complete" ]]; then
  ok "schemathesis $SCHEMATHESIS_VERSION already installed ($dest)"
  exit 0
fi
command -v python3 >/dev/null || die "Python 3.9+ is needed for the API fuzzer (for example: apt-get install python3 python3-venv)."
if ! python3 -m venv --help >/dev/null 2>&1; then
  sudo=""; [[ $(id -u) -eq 0 ]] || sudo="sudo"
  step "Installing python3-venv from Debian's packages"
  run_logged "apt-get install python3-venv" "$LOGS/apt.log" env DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends python3-venv
fi
need_registry "PyPI" "https://pypi.org/simple/schemathesis/"

step "Installing schemathesis $SCHEMATHESIS_VERSION from PyPI (first time only)"
rm -rf "$dest"
run_logged "create virtualenv" "$LOGS/schemathesis-install.log" python3 -m venv "$dest"
run_logged "pip install schemathesis==$SCHEMATHESIS_VERSION" "$LOGS/schemathesis-install.log" \
  "$dest/bin/pip" install --disable-pip-version-check --no-input "schemathesis==$SCHEMATHESIS_VERSION"
touch "$dest/.complete"
ok "schemathesis $SCHEMATHESIS_VERSION in $dest"
