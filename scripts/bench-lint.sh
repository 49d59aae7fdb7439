#!/bin/sh
# bench-lint.sh: `helm lint` against `chartwright lint` on every chart of the
# shared corpus, as whole processes run alternately in the same run (so that
# machine load affects both alike), with median CPU (user and system) time,
# minor page faults and peak RSS per chart (scripts/timecmd), their sums, and
# chartwright linting all charts in one process against helm once per chart.
#   HELM=/work/tools/h4/helm scripts/bench-lint.sh [CORPUS] [RUNS]   (helm v4.3.1)
# CPU time is the figure to compare on a busy machine; wall time is printed
# too. chartwright runs with every rule enabled (the default), built static
# (CGO_ENABLED=0, as Helm's releases are): the dynamic loader and libc cost
# a short-lived process about 1.4 ms and 60 page faults.
set -eu
export GOTOOLCHAIN=go1.26.11 # see go.mod's toolchain line
CORPUS=${1:-../shared/corpus}
RUNS=${2:-5}
HELM=${HELM:-helm}
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
# (milliseconds, faults, KiB), then the wall medians
for c in *; do
  "$TMP/timecmd" "$RUNS" -- "$HELM" lint "$c" -- "$CW" lint "$c" | awk -v c="$c" '
    NR == 1 { for (i = 1; i <= NF; i++) { split($i, kv, "="); m[kv[1]] = kv[2] } }
    NR == 2 || NR == 3 { s = ""; for (i = 2; i <= NF; i++) { split($i, kv, "="); s = s " " kv[2] }; l[NR] = s }
    END { print c, l[2], l[3], m["peer_wall_ms"], m["ours_wall_ms"] }'
done >"$TMP/per-chart"
awk '
  BEGIN { printf "%-46s %8s %8s %7s %8s %8s %7s %5s\n", "chart (median ms, faults)", "helm usr", "sys", "minflt", "cw usr", "sys", "minflt", "cpu x" }
  { printf "%-46s %8.1f %8.1f %7d %8.1f %8.1f %7d %5.1f\n", $1, $2, $3, $4, $6, $7, $8, ($2+$3)/($6+$7)
    hu += $2; hs += $3; hf += $4; ou += $6; os += $7; of += $8; hw += $10; ow += $11
    if ($5 > hr) hr = $5; if ($9 > orr) orr = $9 }
  END {
    printf "\nhelm lint, one process per chart:        user %7.1f ms  sys %7.1f ms  minflt %7d  max RSS %6d KiB  wall %7.1f ms\n", hu, hs, hf, hr, hw
    printf "chartwright lint, one process per chart: user %7.1f ms  sys %7.1f ms  minflt %7d  max RSS %6d KiB  wall %7.1f ms\n", ou, os, of, orr, ow
    printf "per process: CPU %.1fx faster than helm (user %.1fx, sys %.1fx), wall %.1fx\n", (hu+hs)/(ou+os), hu/ou, hs/os, hw/ow
  }' "$TMP/per-chart"

# all charts in one chartwright process, against helm once per chart
printf '#!/bin/sh\nfor c in "$@"; do "%s" lint "$c" >/dev/null 2>&1; done\n' "$HELM" >"$TMP/helm-each"
chmod +x "$TMP/helm-each"
echo
echo "all at once (helm: a shell running helm lint per chart; chartwright: one process):"
"$TMP/timecmd" "$RUNS" -- "$TMP/helm-each" * -- "$CW" lint *
uptime
