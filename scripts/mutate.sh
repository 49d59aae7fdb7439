#!/usr/bin/env bash
# Mutation check: applies each one-line mutation of scripts/mutations.txt to
# a scratch copy of the repository, runs `go test` on the mutated file's
# package and on the package of the test expected to catch it (with
# MUTATE_WIDE=1, on every package whose tests depend on the mutated one),
# and reports whether a test caught it. The copy sits in a fresh
# temporary directory, where no ../shared exists: the corpus tests skip, so
# only tests that run in any clone can catch a mutation. CI does not run
# this; run it after a refactor of the code the mutations touch.
#
#   scripts/mutate.sh [NAME...]          # all mutations, or only those named
#   scripts/mutate.sh --check [NAME...]  # only that each applies (make test runs it)
#
# MUTATIONS names another list; MUTATE_TIMEOUT bounds each go test (5m).
#
# For each mutation it prints one of:
#   caught          the expected test failed
#   caught-by       only other tests failed (update caught-by in the list)
#   SURVIVED        every test passed: a test is missing
#   NOT-APPLICABLE  the original text is not in the file (update the entry)
#   AMBIGUOUS       the original text occurs more than once in the file
#   BROKEN          the mutated code does not compile (fix the entry)
# (with --check, "applies" for an entry whose text occurs once, and no test
# is run).
# and exits 1 unless every mutation run was caught by its expected test.
set -euo pipefail
shopt -u patsub_replacement 2>/dev/null || true # "&" in a replacement is literal
export LC_ALL=C
export GOTOOLCHAIN=go1.26.11 # see go.mod's toolchain line
root=$(cd "$(dirname "$0")/.." && pwd)
list=${MUTATIONS:-$root/scripts/mutations.txt}
check_only=false
if [ "${1:-}" = --check ]; then
	check_only=true
	shift
fi

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
repo=$scratch/repo
mkdir "$repo"
# The working tree as it is (tracked and new files, nothing ignored).
(cd "$root" && git ls-files -z --cached --others --exclude-standard |
	xargs -0 sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' sh |
	tar --null -T - -cf -) | tar -C "$repo" -xf -
if [ -e "$scratch/shared" ]; then
	echo "mutate: $scratch/shared exists; the corpus must be out of reach" >&2
	exit 2
fi
cd "$repo"
unset CI # corpus tests skip instead of failing: only in-repo tests count

module=$(go list -m)
# Each package with the packages its tests (in-package and external) use.
if [ -n "${MUTATE_WIDE:-}" ]; then
	go list -test -f '{{.ImportPath}} {{join .Deps " "}}' ./... >"$scratch/deps"
fi

# affected prints the packages whose tests may notice a change in pkg.
affected() {
	local pkg=$1
	awk -v pkg="$pkg" '{
		base = $1; sub(/ .*/, "", base); sub(/_test$/, "", base); sub(/\.test$/, "", base)
		for (i = 1; i <= NF; i++) if ($i == pkg) { print base; break }
	}' "$scratch/deps" | grep "^$module" | sort -u
}

# read_file sets content to the exact bytes of a file.
read_file() {
	content=$(cat "$1"; printf x)
	content=${content%x}
}

declare -a names files finds replaces expects
parse_list() {
	local line key value n=-1
	while IFS= read -r line || [ -n "$line" ]; do
		case "$line" in '' | '#'*) continue ;; esac
		key=${line%%:*}
		value=${line#"$key:"}
		value=${value# }
		case "$key" in
		mutation) n=$((n + 1)); names[n]=$value; files[n]=; finds[n]=; replaces[n]=; expects[n]= ;;
		file) files[n]=$value ;;
		find) finds[n]=$value ;;
		replace) replaces[n]=$value ;;
		caught-by) expects[n]=$value ;;
		*) echo "mutate: $list: unknown key in: $line" >&2; exit 2 ;;
		esac
	done <"$list"
}
parse_list

# Unmutated, every test must pass, or a failure would count as a catch.
if ! $check_only && ! go test -count=1 ./... >"$scratch/baseline.log" 2>&1; then
	grep -E -- '--- FAIL|^FAIL' "$scratch/baseline.log" >&2 || true
	echo "mutate: tests fail without any mutation; fix them first" >&2
	exit 2
fi

wanted=" $* "
failures=0 ran=0
report() { # name status detail
	printf '%-36s %-15s %s\n' "$1" "$2" "$3"
	case "$2" in caught | applies) ;; *) failures=$((failures + 1)) ;; esac
}
for i in "${!names[@]}"; do
	name=${names[i]} file=${files[i]} find=${finds[i]} replace=${replaces[i]}
	if [ $# -gt 0 ] && [[ $wanted != *" $name "* ]]; then
		continue
	fi
	ran=$((ran + 1))
	read -r expect_pkg expect_test <<<"${expects[i]}"
	if [ -z "$file" ] || [ -z "$find" ] || [ -z "${expect_test:-}" ]; then
		report "$name" BROKEN "needs file, find and caught-by (package and test)"
		continue
	fi
	if [ ! -f "$file" ]; then
		report "$name" NOT-APPLICABLE "$file does not exist"
		continue
	fi
	read_file "$file"
	original=$content
	rest=${original//"$find"/}
	count=$(((${#original} - ${#rest}) / ${#find}))
	if [ "$count" -eq 0 ]; then
		report "$name" NOT-APPLICABLE "$file no longer holds: $find"
		continue
	elif [ "$count" -gt 1 ]; then
		report "$name" AMBIGUOUS "$file holds $count times: $find"
		continue
	fi
	if $check_only; then
		report "$name" applies "$file"
		continue
	fi
	printf '%s' "${original/"$find"/"$replace"}" >"$file"
	pkg=$module/$(dirname "$file")
	mapfile -t pkgs < <({
		echo "$pkg" "$module/${expect_pkg#./}"
		[ -n "${MUTATE_WIDE:-}" ] && affected "$pkg"
	} | tr ' ' '\n' | sort -u)
	log=$scratch/$name.log
	go test -count=1 -timeout "${MUTATE_TIMEOUT:-5m}" "${pkgs[@]}" >"$log" 2>&1 || true
	printf '%s' "$original" >"$file"

	failed=$({ grep -oE -- '--- FAIL: [^ ]+' "$log" || true; } | sed 's/--- FAIL: //; s|/.*||' | sort -u | tr '\n' ' ')
	if grep -qE '\[(build|setup) failed\]|^# ' "$log"; then
		report "$name" BROKEN "does not compile: $(grep -m1 -E '\.go:[0-9]+' "$log" || true)"
	elif [ -z "$failed" ] && grep -qE '^FAIL' "$log"; then
		report "$name" caught-by "a package failed without a failing test (a panic or timeout?), see go test"
	elif [ -z "$failed" ]; then
		report "$name" SURVIVED "no test of ${#pkgs[@]} packages failed"
	elif [[ " $failed" == *" $expect_test "* ]]; then
		report "$name" caught "$expect_test"
	else
		report "$name" caught-by "$failed(expected $expect_test)"
	fi
done
if $check_only; then
	echo "mutate --check: $ran mutations, $((ran - failures)) apply"
else
	echo "mutate: $ran mutations, $((ran - failures)) caught by their expected test"
fi
[ "$failures" -eq 0 ]
