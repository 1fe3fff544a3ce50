#!/usr/bin/env bash
# Installs what the platform needs and is missing, pinned, into .platform/ (git-ignored).
# A second run only checks, and takes seconds.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

# Redis and PostgreSQL: use them when installed (or when given by URL), else apt.
need_apt=()
if [[ -z "${PLATFORM_REDIS_URL:-}" ]] && ! command -v redis-server >/dev/null; then need_apt+=(redis-server); fi
if [[ -z "${PLATFORM_POSTGRES_URL:-}" ]] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null; then
  need_apt+=(postgresql)
fi
# Prometheus (the local metrics backend): Debian's package unless one is on PATH.
if ! command -v prometheus >/dev/null; then need_apt+=(prometheus); fi
if ((${#need_apt[@]})); then
  step "Installing ${need_apt[*]} from Debian's packages"
  sudo=""; [[ $(id -u) -eq 0 ]] || sudo="sudo"
  command -v apt-get >/dev/null || die "${need_apt[*]} missing and no apt-get here: install them, or give PLATFORM_REDIS_URL / PLATFORM_POSTGRES_URL."
  run_logged "apt-get update" "$LOGS/apt.log" $sudo apt-get update
  run_logged "apt-get install ${need_apt[*]}" "$LOGS/apt.log" env DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${need_apt[@]}"
  # The packages start system-wide servers on the default ports; the platform runs its own.
  $sudo service redis-server stop >/dev/null 2>&1 || true
  $sudo service postgresql stop >/dev/null 2>&1 || true
  $sudo service prometheus stop >/dev/null 2>&1 || true
else
  ok "Redis, PostgreSQL and Prometheus available"
fi

bash "$ROOT/scripts/install-daprd.sh"
if [[ -z "${PLATFORM_KAFKA_BROKERS:-}" ]]; then bash "$ROOT/scripts/install-kafka.sh"; else ok "using Kafka at $PLATFORM_KAFKA_BROKERS"; fi

bash "$ROOT/scripts/install-tempo.sh"
bash "$ROOT/scripts/install-k6.sh"
bash "$ROOT/scripts/install-python-tool.sh" schemathesis "$SCHEMATHESIS_VERSION" st "the API fuzzer"
bash "$ROOT/scripts/install-helm.sh"
bash "$ROOT/scripts/install-dapr-crds.sh"
bash "$ROOT/scripts/install-python-tool.sh" kubernetes-validate "$KUBERNETES_VALIDATE_VERSION" kubernetes-validate \
  "the offline Kubernetes schema check of the chart"

if [[ ! -d node_modules || package-lock.json -nt node_modules/.package-lock.json ]]; then
  step "Installing npm dependencies"
  run_logged "npm install" "$LOGS/npm.log" npm install --no-audit --no-fund
fi
step "Dev signing key for local tokens (npm run token)"
npx tsx scripts/platform/dev-keys.ts
step "Compiling TypeScript"
npx tsc -b
ok "services built"
