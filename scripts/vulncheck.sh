#!/usr/bin/env bash
# Runs govulncheck on the product module against an offline copy of the Go
# vulnerability database. The online database (vuln.go.dev) is not reachable
# from every machine that runs the tests, but the Go module proxy serves
# golang.org/x/vulndb: its data/osv folder holds every OSV entry and its
# cmd/indexdb turns such a folder into the database layout govulncheck reads
# with -db file://. The database is built once per vulndb version, into a
# cache folder outside the repository, and reused by later runs.
#
#   scripts/vulncheck.sh              # exit 0 clean, 3 when a vulnerability is reachable
#
# CHARTWRIGHT_VULNDB_CACHE overrides the cache folder (default: a
# chartwright-vulndb folder beside the Go build cache). To take in new
# advisories, move VULNDB_VERSION to a newer pseudo-version of
# golang.org/x/vulndb (go list -m golang.org/x/vulndb@latest).
set -euo pipefail
cd "$(dirname "$0")/.."
export GOTOOLCHAIN=go1.26.11 # see go.mod's toolchain line

VULNDB_VERSION=v0.0.0-20261105234957-e22db6528018
GOVULNCHECK_VERSION=v1.10.0

cache=${CHARTWRIGHT_VULNDB_CACHE:-$(dirname "$(go env GOCACHE)")/chartwright-vulndb}
db=$cache/$VULNDB_VERSION

if [ ! -f "$db/index/db.json" ]; then
	echo "vulncheck: building the offline vulnerability database from golang.org/x/vulndb@$VULNDB_VERSION"
	src=$(go mod download -json "golang.org/x/vulndb@$VULNDB_VERSION" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
	[ -d "$src/data/osv" ] || { echo "vulncheck: no data/osv in golang.org/x/vulndb@$VULNDB_VERSION" >&2; exit 1; }
	mkdir -p "$cache"
	tmp=$(mktemp -d "$cache/.build-XXXXXX")
	trap 'rm -rf "$tmp"' EXIT
	go run "golang.org/x/vulndb/cmd/indexdb@$VULNDB_VERSION" -vulns "$src/data/osv" -out "$tmp/db"
	# A concurrent run may have finished first; its database is the same.
	mv -T "$tmp/db" "$db" 2>/dev/null || [ -f "$db/index/db.json" ]
fi

go run "golang.org/x/vuln/cmd/govulncheck@$GOVULNCHECK_VERSION" -db "file://$db" ./...
