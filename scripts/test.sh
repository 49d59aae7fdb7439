#!/usr/bin/env bash
# Runs every check and test of the repository: formatting, vet, the product's
# tests (with the corpus parity tallies visible), and the tests of the
# separate tool modules. CI runs exactly this, through `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."

unformatted=$(gofmt -l $(git ls-files '*.go' | grep -v '^testdata/'))
if [ -n "$unformatted" ]; then
	echo "gofmt: these files are not formatted:"; echo "$unformatted"; exit 1
fi
go vet ./...
# staticcheck, from the module proxy at a pinned version (built once, then cached).
go run honnef.co/go/tools/cmd/staticcheck@v0.8.2 ./...

# Test-only npm packages: the SARIF 2.1.0 schema of lint/report's SARIF test.
if [ ! -d tools/sarif-schema/node_modules ]; then
	(cd tools/sarif-schema && npm ci --ignore-scripts --no-audit --no-fund)
fi

# -v shows the tallies the corpus tests print; passing subtests are filtered out.
go test -count=1 -v ./... 2>&1 | grep -vE '^\s*(=== (RUN|PAUSE|CONT|NAME)|--- PASS)'

# Modules with their own go.mod (generators, interop tests against Helm).
for mod in $(git ls-files '*/go.mod' | xargs -r -n1 dirname); do
	echo "== module $mod"
	(cd "$mod" && go vet ./... && go test -count=1 ./...)
done

# The VS Code extension: type check, unit and grammar tests, and the .vsix
# contents. CI must run them; elsewhere a missing npm is said loudly.
if command -v npm >/dev/null; then
	echo "== vscode-extension"
	(cd vscode-extension && { [ -d node_modules ] || npm ci --no-audit --no-fund; } && npm test)
elif [ "${CI:-}" = true ]; then
	echo "vscode-extension: npm is not installed, and CI=true needs the extension's tests" >&2
	exit 1
else
	echo "!!! vscode-extension tests NOT RUN: npm is not installed (install Node.js 20 with npm) !!!" >&2
fi
