#!/usr/bin/env bash
# Regenerates the helm lint goldens from real Helm: for every case of
# testdata/helmlint/cases.txt, runs `helm lint <arguments>` with Helm 4
# ($HELM4, v4.3.1) and Helm 3 ($HELM3, v3.22.0), and records stdout, stderr
# and the exit status in testdata/helmlint/<case>/helm{4,3}.{stdout,stderr,rc};
# the repository root reads @ROOT@.
#
#   HELM4=/work/tools/h4/helm HELM3=/work/tools/h3/helm scripts/helm-lint-goldens.sh [CASE...]
#
# With case names, only those cases are regenerated. The tests
# (cmd/chartwright/helm_lint_goldens_test.go) never run helm: review the diff
# of the goldens like code and commit it.
set -euo pipefail
set -f
cd "$(dirname "$0")/.."

: "${HELM4:?set HELM4 to a helm v4.3.1 binary}"
: "${HELM3:?set HELM3 to a helm v3.22.0 binary}"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A private, empty Helm home: no repositories, plugins or cache of the user.
export HELM_CACHE_HOME=$work/home/cache HELM_CONFIG_HOME=$work/home/config HELM_DATA_HOME=$work/home/data

wanted=" $* "
while read -r name rest; do
	case "$name" in '' | '#'*) continue ;; esac
	if [ $# -gt 0 ] && [[ $wanted != *" $name "* ]]; then
		continue
	fi
	dir=testdata/helmlint/$name
	mkdir -p "$dir"
	for mode in 4 3; do
		helm=$HELM4
		[ "$mode" = 3 ] && helm=$HELM3
		# shellcheck disable=SC2206 # word splitting is the case format
		args=($rest)
		rc=0
		"$helm" lint "${args[@]}" >"$dir/helm$mode.stdout" 2>"$dir/helm$mode.stderr" || rc=$?
		echo "$rc" >"$dir/helm$mode.rc"
		sed -i "s|$PWD|@ROOT@|g" "$dir/helm$mode.stdout" "$dir/helm$mode.stderr"
	done
	echo "$name: helm4 exit $(cat "$dir/helm4.rc"), helm3 exit $(cat "$dir/helm3.rc")"
done <testdata/helmlint/cases.txt
