#!/bin/sh
# bench-lint.sh: time `helm lint` against `chartwright lint` on every chart of
# the shared corpus, in the same run, as whole processes (wall time).
#   HELM=/root/go/bin/helm scripts/bench-lint.sh [CORPUS]   (helm v4.3.1)
# Prints per-chart seconds and the totals; chartwright runs with every rule
# enabled (the default), once per chart and once for all charts together.
set -eu
export GOTOOLCHAIN=go1.26.11 # see go.mod's toolchain line
CORPUS=${1:-../shared/corpus}
HELM=${HELM:-helm}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export HELM_CACHE_HOME="$TMP/c" HELM_CONFIG_HOME="$TMP/cf" HELM_DATA_HOME="$TMP/d"
(cd "$ROOT" && go build -o "$TMP/chartwright" ./cmd/chartwright)
CW="$TMP/chartwright"
C=$(cd "$CORPUS/charts" && pwd)

now() { date +%s.%N; }
elapsed() { echo "$2 - $1" | bc; }

cd "$C"
# warm the file cache and both binaries
for c in *; do "$HELM" lint "$c" >/dev/null 2>&1 || true; "$CW" lint "$c" >/dev/null 2>&1 || true; done

printf '%-55s %8s %8s %6s\n' chart helm chartwright ratio
H=0; W=0
for c in *; do
  t0=$(now); "$HELM" lint "$c" >/dev/null 2>&1 || true; t1=$(now)
  "$CW" lint "$c" >/dev/null 2>&1 || true; t2=$(now)
  h=$(elapsed "$t0" "$t1"); w=$(elapsed "$t1" "$t2")
  H=$(echo "$H + $h" | bc); W=$(echo "$W + $w" | bc)
  printf '%-55s %8.3f %8.3f %6.1f\n' "$c" "$h" "$w" "$(echo "$h / $w" | bc -l)"
done
t0=$(now); "$CW" lint * >/dev/null 2>&1 || true; t1=$(now)
A=$(elapsed "$t0" "$t1")
printf '\nhelm lint, one process per chart:        %7.2f s\n' "$H"
printf 'chartwright lint, one process per chart: %7.2f s  (%.1fx faster)\n' "$W" "$(echo "$H / $W" | bc -l)"
printf 'chartwright lint, all charts at once:    %7.2f s  (%.1fx faster)\n' "$A" "$(echo "$H / $A" | bc -l)"
