#!/bin/sh
# bench-lint.sh: `helm lint` against `chartwright lint` on every chart of the
# shared corpus, as whole processes run alternately in the same run (so that
# machine load affects both alike), with median CPU (user and system) time,
# minor page faults and peak RSS per chart (scripts/timecmd), their sums, and
# chartwright linting all charts in one process against helm once per chart.
#   HELM=/work/tools/h4/helm scripts/bench-lint.sh [CORPUS] [RUNS]   (helm v4.3.1)
#   HELM=/work/tools/h3/helm MODE=3 scripts/bench-lint.sh ...           (helm v3.22.0
#   against `chartwright lint --helm 3`)
# PAUSE=3s sleeps that long before every process, so that each meets memory
# the host has taken back, where a page fault costs 10-20 µs instead of
# ~1.5 µs (see scripts/timecmd; as root, first
# `echo 0 >/sys/module/page_reporting/parameters/page_reporting_order`, and
# set it back to 9 after).
# CPU time is the figure to compare on a busy machine; wall time is printed
# too. chartwright runs with every rule enabled (the default), built static
# (CGO_ENABLED=0, as Helm's releases are): the dynamic loader and libc cost
# a short-lived process about 1.4 ms and 60 page faults.
set -eu
export GOTOOLCHAIN=go1.26.11 # see go.mod's toolchain line
CORPUS=${1:-../shared/corpus}
RUNS=${2:-5}
PAUSE=${PAUSE:-0s}
HELM=${HELM:-helm}
MODE=${MODE:-4}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export HELM_CACHE_HOME="$TMP/c" HELM_CONFIG_HOME="$TMP/cf" HELM_DATA_HOME="$TMP/d"
(cd "$ROOT" && CGO_ENABLED=0 go build -o "$TMP/chartwright" ./cmd/chartwright && go build -o "$TMP/timecmd" ./scripts/timecmd)
CW="$TMP/chartwright"
C=$(cd "$CORPUS/charts" && pwd)
cd "$C"
uptime

# one line per chart: name, then peer and ours as user sys minflt maxrss
# sys-per-fault (milliseconds, faults, KiB, µs), then the wall medians
for c in *; do
  "$TMP/timecmd" -pause "$PAUSE" "$RUNS" -- "$HELM" lint "$c" -- "$CW" lint --helm "$MODE" "$c" | awk -v c="$c" '
    NR == 1 { for (i = 1; i <= NF; i++) { split($i, kv, "="); m[kv[1]] = kv[2] } }
    NR == 2 || NR == 3 { s = ""; for (i = 2; i <= NF; i++) { split($i, kv, "="); s = s " " kv[2] }; l[NR] = s }
    END { print c, l[2], l[3], m["peer_wall_ms"], m["ours_wall_ms"] }'
done >"$TMP/per-chart"
awk '
  BEGIN { printf "%-46s %8s %8s %7s %8s %8s %7s %5s\n", "chart (median ms, faults)", "helm usr", "sys", "minflt", "cw usr", "sys", "minflt", "cpu x" }
  { printf "%-46s %8.1f %8.1f %7d %8.1f %8.1f %7d %5.1f\n", $1, $2, $3, $4, $7, $8, $9, ($2+$3)/($7+$8)
    hu += $2; hs += $3; hf += $4; ou += $7; os += $8; of += $9; hw += $12; ow += $13
    if ($5 > hr) hr = $5; if ($10 > orr) orr = $10 }
  END {
    printf "\nhelm lint, one process per chart:        user %7.1f ms  sys %7.1f ms  minflt %7d  max RSS %6d KiB  wall %7.1f ms  sys/fault %.1f us\n", hu, hs, hf, hr, hw, 1000*hs/hf
    printf "chartwright lint, one process per chart: user %7.1f ms  sys %7.1f ms  minflt %7d  max RSS %6d KiB  wall %7.1f ms  sys/fault %.1f us\n", ou, os, of, orr, ow, 1000*os/of
    printf "per process: CPU %.1fx faster than helm (user %.1fx, sys %.1fx), wall %.1fx\n", (hu+hs)/(ou+os), hu/ou, hs/os, hw/ow
  }' "$TMP/per-chart"

# all charts in one chartwright process, against helm once per chart
printf '#!/bin/sh\nfor c in "$@"; do "%s" lint "$c" >/dev/null 2>&1; done\n' "$HELM" >"$TMP/helm-each"
chmod +x "$TMP/helm-each"
echo
echo "all at once (helm: a shell running helm lint per chart; chartwright: one process):"
"$TMP/timecmd" -pause "$PAUSE" "$RUNS" -- "$TMP/helm-each" * -- "$CW" lint --helm "$MODE" *
uptime
