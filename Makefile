# The two commands of the README: `make demo` runs the main job on a chart in
# testdata/, `make test` runs every test (what CI runs).
.PHONY: build demo test

# Static: a short-lived process spends no time in the dynamic loader.
build:
	CGO_ENABLED=0 go build -o bin/chartwright ./cmd/chartwright

demo:
	go run ./cmd/chartwright template demo testdata/charts/webapp

test:
	./scripts/test.sh
