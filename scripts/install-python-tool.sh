#!/usr/bin/env bash
# Installs a Python tool from PyPI, pinned, into its own virtualenv at .platform/tools/<package>-<version>.
#   install-python-tool.sh <package> <version> <command> <what it is for>
# Used for schemathesis (the API fuzzer behind `npm run fuzz`) and kubernetes-validate (the
# offline Kubernetes schema check in `npm run test:charts`).
source "$(dirname "$0")/lib.sh"

package=$1 version=$2 command=$3 purpose=$4
dest="$TOOLS/$package-$version"
if [[ -x "$dest/bin/$command" && -f "$dest/.complete" ]]; then
  ok "$package $version already installed ($dest)"
  exit 0
fi
command -v python3 >/dev/null || die "Python 3.9+ is needed for $purpose (for example: apt-get install python3 python3-venv)."
if ! python3 -m venv --help >/dev/null 2>&1; then
  sudo=""; [[ $(id -u) -eq 0 ]] || sudo="sudo"
  step "Installing python3-venv from Debian's packages"
  run_logged "apt-get install python3-venv" "$LOGS/apt.log" env DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends python3-venv
fi
need_registry "PyPI" "https://pypi.org/simple/$package/"

step "Installing $package $version from PyPI, for $purpose (first time only)"
rm -rf "$dest"
run_logged "create virtualenv" "$LOGS/$package-install.log" python3 -m venv "$dest"
run_logged "pip install $package==$version" "$LOGS/$package-install.log" \
  "$dest/bin/pip" install --disable-pip-version-check --no-input "$package==$version"
touch "$dest/.complete"
ok "$package $version in $dest"
