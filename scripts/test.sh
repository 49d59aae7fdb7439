#!/usr/bin/env bash
# Runs every check and test of the repository: formatting, vet, staticcheck,
# govulncheck, the product's tests (with the corpus parity tallies visible),
# the tests of the separate modules and the VS Code extension's tests. CI
# runs exactly this, through `make test`. It installs the npm packages the
# tests need when they are missing, and ends with a SUMMARY of what ran and
# what was skipped and why, so that a green run without the corpus, Neovim
# or npm cannot be mistaken for a full one.
set -euo pipefail
cd "$(dirname "$0")/.."
export GOTOOLCHAIN=go1.26.11 # see go.mod's toolchain line

ran=()     # the steps started, in order
not_run=() # steps left out, each with its reason
log=$(mktemp) # the go tests' output, read by the summary for skip messages

summary() {
	local status=$1
	echo
	echo "==================== SUMMARY ===================="
	printf 'ran:     %s\n' "${ran[@]}"
	if [ ${#not_run[@]} -gt 0 ]; then
		printf 'NOT RUN: %s\n' "${not_run[@]}"
	fi
	local skips
	skips=$(grep -cE '^\s*--- SKIP' "$log" || true)
	echo "skipped Go tests: $skips"
	# Tests that need data or tools say what is missing with a loud word
	# (CORPUS MISSING, NVIM MISSING, SKIPPED: ...); each reason once.
	grep -E 'MISSING|SKIPPED' "$log" | sed -E 's/^\s*[A-Za-z0-9_]+\.go:[0-9]+: //' | sort | uniq -c |
		sed 's/^/  /' || true
	if [ "$status" -ne 0 ]; then
		echo "FAILED (exit $status) in: ${ran[${#ran[@]}-1]}"
	elif [ ${#not_run[@]} -gt 0 ] || [ "$skips" -gt 0 ]; then
		echo "PASSED, but NOT a full run: see NOT RUN and skipped above"
	else
		echo "PASSED: full run, nothing skipped"
	fi
	rm -f "$log"
}
trap 'summary $?' EXIT

step() { echo "== $1"; ran+=("$1"); }

# go test -v, without the lines of passing tests (the corpus tests' tallies
# and every skip and failure stay), also written to the summary's log.
go_test() {
	go test -count=1 -v "$@" 2>&1 | grep -vE '^\s*(=== (RUN|PAUSE|CONT|NAME)|--- PASS)' | tee -a "$log"
}

step "toolchain: every GOTOOLCHAIN pin matches go.mod's toolchain line"
want=$(sed -n 's/^toolchain //p' go.mod)
stale=$(git grep -n 'GOTOOLCHAIN=go[0-9]' | grep -v "GOTOOLCHAIN=$want\b" || true)
if [ -n "$stale" ]; then
	echo "these GOTOOLCHAIN pins differ from go.mod's toolchain $want:"; echo "$stale"; exit 1
fi

step "gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go' | grep -v '^testdata/'))
if [ -n "$unformatted" ]; then
	echo "gofmt: these files are not formatted:"; echo "$unformatted"; exit 1
fi
step "go vet"
go vet ./...
step "staticcheck v0.8.2"
# From the module proxy at a pinned version (built once, then cached).
go run honnef.co/go/tools/cmd/staticcheck@v0.8.2 ./...
step "govulncheck (offline database, scripts/vulncheck.sh)"
scripts/vulncheck.sh
step "mutations: each entry of scripts/mutations.txt still applies (scripts/mutate.sh --check)"
if ! mutations=$(scripts/mutate.sh --check); then
	echo "$mutations" | grep -v ' applies '; exit 1
fi
echo "$mutations" | tail -1

# Test-only npm packages: the SARIF 2.1.0 schema of lint/report's SARIF test
# and the VS Code extension's tools. CI must have npm; elsewhere a missing
# npm is said loudly and in the summary.
have_npm=false
# A registry that stops answering fails a fetch after a minute and retries,
# instead of npm's five minutes a try.
npm_flags="--no-audit --no-fund --fetch-timeout=60000 --fetch-retries=5"
if command -v npm >/dev/null; then
	have_npm=true
	if [ ! -d tools/sarif-schema/node_modules ]; then
		(cd tools/sarif-schema && npm ci $npm_flags --ignore-scripts)
	fi
elif [ "${CI:-}" = true ]; then
	echo "npm is not installed, and CI=true needs the SARIF schema and the extension's tests" >&2
	exit 1
else
	echo "!!! npm is not installed (install Node.js 20 with npm): SARIF schema validation and the VS Code extension's tests will NOT RUN !!!" >&2
	not_run+=("vscode-extension tests and SARIF schema validation: npm is not installed")
fi

step "go test ./... (the product)"
go_test ./...

# Modules with their own go.mod (generators, interop tests against Helm, the
# comparison of third_party copies with their upstream releases).
for mod in $(git ls-files '*/go.mod' | xargs -r -n1 dirname); do
	step "module $mod: go vet, go test"
	(cd "$mod" && go vet ./... && go_test ./...)
done

# The VS Code extension: type check, unit and grammar tests, and the .vsix
# contents.
if $have_npm; then
	step "vscode-extension: npm test"
	(cd vscode-extension && { [ -d node_modules ] || npm ci $npm_flags; } && npm test)
fi
