package lsp_test

import (
	"debug/elf"
	"testing"
)

// TestBinaryDoesNotSampleAllocations checks that nothing in chartwright
// can write a heap profile: only then does the linker switch off the
// allocation sampling that otherwise costs every one-shot command (lint,
// template) about a dozen page faults (see cmd/chartwright's profile). The
// linker's test is whether runtime.memProfileInternal is reachable.
func TestBinaryDoesNotSampleAllocations(t *testing.T) {
	f, err := elf.Open(binary)
	if err != nil {
		t.Skipf("not an ELF binary on this system: %v", err)
	}
	defer f.Close()
	symbols, err := f.Symbols()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range symbols {
		if s.Name == "runtime.memProfileInternal" {
			t.Fatal("the binary links runtime.memProfileInternal (a heap profile, e.g. pprof.Lookup(\"heap\")): every process samples its allocations")
		}
	}
}
