#!/usr/bin/env bash
# Regenerates the render goldens from real Helm: for every case of
# testdata/render/cases.txt, runs `helm template <arguments>` with Helm 4
# ($HELM4, v4.3.1) and Helm 3 ($HELM3, v3.22.0 built with Kubernetes 1.37 as
# the release does), and records stdout, stderr and the exit status in
# testdata/render/<case>/helm{4,3}.{stdout,stderr,rc}. For a case with
# --output-dir @OUT@, the directory helm wrote is kept as
# testdata/render/<case>/helm{4,3}.tree/ and its path reads @OUT@ in stdout;
# the repository root reads @ROOT@. An output over 8 KiB is abbreviated to
# its ends, with its size and SHA-256 in a .sha256 file next to it.
#
#   HELM4=/root/go/bin/helm HELM3=/tmp/helm3bin/helm scripts/helm-goldens.sh [CASE...]
#
# With case names, only those cases are regenerated. With GOLDENS=helmlint,
# the cases of testdata/helmlint/cases.txt are run with `helm lint` instead,
# for `chartwright lint --format helm`. The tests
# (cmd/chartwright/helm_goldens_test.go) never run helm: review the diff of
# the goldens like code and commit it.
set -euo pipefail
set -f # arguments such as templates/*.yaml are patterns for helm, not the shell
cd "$(dirname "$0")/.."
export GOTOOLCHAIN=go1.26.11 # see go.mod's toolchain line
goldens=${GOLDENS:-render}
command=template
[ "$goldens" = helmlint ] && command=lint

: "${HELM4:?set HELM4 to a helm v4.3.1 binary}"
: "${HELM3:?set HELM3 to a helm v3.22.0 binary}"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A private, empty Helm home: no repositories, plugins or cache of the user.
export HELM_CACHE_HOME=$work/home/cache HELM_CONFIG_HOME=$work/home/config HELM_DATA_HOME=$work/home/data

# abbreviate keeps a long output (the include recursion error is 120 KB)
# small: its first and last 1000 bytes, and the size and hash of the whole
# in FILE.sha256. The test abbreviates chartwright's output the same way.
abbreviate() {
	local f=$1 size
	rm -f "$f.sha256"
	size=$(wc -c <"$f")
	if [ "$size" -gt 8192 ]; then
		echo "$size $(sha256sum <"$f" | cut -d' ' -f1)" >"$f.sha256"
		{ head -c 1000 "$f"; printf '\n[...]\n'; tail -c 1000 "$f"; } >"$f.short"
		mv "$f.short" "$f"
	fi
}

wanted=" $* "
while read -r name rest; do
	case "$name" in '' | '#'*) continue ;; esac
	if [ $# -gt 0 ] && [[ $wanted != *" $name "* ]]; then
		continue
	fi
	dir=testdata/$goldens/$name
	mkdir -p "$dir"
	for mode in 4 3; do
		helm=$HELM4
		[ "$mode" = 3 ] && helm=$HELM3
		out=$work/out
		rm -rf "$out" "$dir/helm$mode.tree"
		# shellcheck disable=SC2206 # word splitting is the case format
		args=(${rest//@OUT@/$out})
		rc=0
		"$helm" "$command" "${args[@]}" >"$dir/helm$mode.stdout" 2>"$dir/helm$mode.stderr" || rc=$?
		echo "$rc" >"$dir/helm$mode.rc"
		# Absolute paths helm prints depend on the checkout: they read @ROOT@.
		sed -i "s|$PWD|@ROOT@|g" "$dir/helm$mode.stdout" "$dir/helm$mode.stderr"
		abbreviate "$dir/helm$mode.stderr"
		if [ -d "$out" ]; then
			sed -i "s|$out|@OUT@|g" "$dir/helm$mode.stdout"
			cp -r "$out" "$dir/helm$mode.tree"
		fi
	done
	echo "$name: helm4 exit $(cat "$dir/helm4.rc"), helm3 exit $(cat "$dir/helm3.rc")"
done <"testdata/$goldens/cases.txt"
