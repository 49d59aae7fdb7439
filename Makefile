# The commands of the README: `make build` builds bin/chartwright, `make demo`
# runs the main job on a chart in testdata/, `make test` runs every test (what
# CI runs) and ends with a summary of what ran and what was skipped.
.PHONY: build demo test

# The Go release the project is built and tested with (go.mod's toolchain
# line): the go command fetches it from the module proxy when it is not the
# local one.
export GOTOOLCHAIN=go1.26.11

# Static: a short-lived process spends no time in the dynamic loader.
build:
	CGO_ENABLED=0 go build -o bin/chartwright ./cmd/chartwright

demo:
	go run ./cmd/chartwright template demo testdata/charts/webapp

test:
	./scripts/test.sh
