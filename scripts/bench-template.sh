#!/usr/bin/env bash
# Times whole `template` processes of a real helm binary and of chartwright,
# alternately in the same run, on the corpus's largest charts, and prints
# median wall and CPU times and the ratios, and each side's median user and
# system time, minor page faults and peak RSS (chartwright built static, as
# Helm's releases are). Needs ../shared/corpus and a helm
# v4.3.1 binary (go install helm.sh/helm/v4/cmd/helm@v4.3.1; never in CI):
#
#   HELM=$(go env GOPATH)/bin/helm scripts/bench-template.sh [RUNS]
#
# MODE=3 with HELM naming a helm v3.22.0 binary times `template --helm 3`;
# PAUSE=3s sleeps that long before every process (see scripts/timecmd).
set -euo pipefail
cd "$(dirname "$0")/.."
export GOTOOLCHAIN=go1.26.11 # see go.mod's toolchain line
runs=${1:-21}
helm=${HELM:?set HELM to a helm v4.3.1 binary}
mode=${MODE:-4}
pause=${PAUSE:-0s}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HELM_CACHE_HOME=$work/hc HELM_CONFIG_HOME=$work/hcfg HELM_DATA_HOME=$work/hd

CGO_ENABLED=0 go build -o "$work/chartwright" ./cmd/chartwright
go build -o "$work/timecmd" ./scripts/timecmd
for name in argoproj__argo-cd prometheus-community__kube-prometheus-stack bitnami__airflow helm__hello-world; do
	chart=../shared/corpus/charts/$name
	printf '%-45s ' "$name"
	"$work/timecmd" -pause "$pause" "$runs" -- "$helm" template rel "$chart" --namespace default \
		-- "$work/chartwright" template --helm "$mode" rel "$chart" --namespace default
done
