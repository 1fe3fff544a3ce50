# Shared helpers for the toolchain scripts. Source it; do not run it.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Everything installed or generated locally lives here, git-ignored.
PLATFORM_HOME="${PLATFORM_HOME:-$ROOT/.platform}"
TOOLS="$PLATFORM_HOME/tools"
LOGS="$PLATFORM_HOME/logs"
mkdir -p "$TOOLS/bin" "$LOGS"
# shellcheck source=versions.sh
source "$ROOT/scripts/versions.sh"

step() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }
ok() { printf '    \033[32mok\033[0m %s\n' "$*"; }
warn() { printf '    \033[33m!!\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31mxx\033[0m %s\n' "$*" >&2; exit 1; }

# run_logged LABEL LOGFILE CMD... — runs a long command with its output in a log,
# printing a heartbeat (elapsed time and the log's last line) so a user sees progress.
run_logged() {
  local label=$1 log=$2; shift 2
  local start=$SECONDS
  "$@" >"$log" 2>&1 &
  local pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    sleep 10
    kill -0 "$pid" 2>/dev/null || break
    printf '    ... %s: %ss, %s\n' "$label" $((SECONDS - start)) "$(tail -n 1 "$log" 2>/dev/null | cut -c1-90)"
  done
  if ! wait "$pid"; then
    tail -n 30 "$log" >&2
    die "$label failed after $((SECONDS - start))s (full log: $log)"
  fi
  ok "$label took $((SECONDS - start))s"
}

# need_registry NAME URL — fail fast with a clear message when a registry is unreachable.
need_registry() {
  if ! curl -fsS -o /dev/null --max-time 20 "$2"; then
    die "cannot reach $1 ($2). Check your network or proxy settings and run again."
  fi
}

# mirror_go_replaces MODULE@VERSION — run in a wrapper module: copies that module's replace
# directives (which Go applies only in the main module) into the wrapper's go.mod, so it
# builds with the versions the module's own build uses. Prints the module's go.mod path.
mirror_go_replaces() {
  local mod
  mod="$(go mod download -json "$1" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')"
  [[ -f "$mod" ]] || die "could not download $1"
  while read -r old new; do
    go mod edit -replace "$old=$new"
  done < <(go mod edit -json "$mod" | node -e '
    const m = JSON.parse(require("fs").readFileSync(0, "utf8"));
    for (const r of m.Replace ?? []) {
      const side = (x) => x.Version ? `${x.Path}@${x.Version}` : x.Path;
      if (!r.New.Path.startsWith(".")) console.log(side(r.Old), side(r.New));
    }')
  echo "$mod"
}
