package cache

import (
	"bytes"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
)

func TestGetComputesOnce(t *testing.T) {
	c := New[int](4)
	var calls atomic.Int32
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if v := c.Get("k", func() int { calls.Add(1); return 42 }); v != 42 {
				t.Errorf("got %d, want 42", v)
			}
		}()
	}
	wg.Wait()
	if n := calls.Load(); n != 1 {
		t.Errorf("computed %d times, want once", n)
	}
}

func TestGetIsBounded(t *testing.T) {
	c := New[string](2)
	for _, k := range []string{"a", "b", "c"} {
		c.Get(k, func() string { return k })
	}
	if n := len(c.entries); n > 2 {
		t.Errorf("%d entries, want at most 2", n)
	}
	if v := c.Get("c", func() string { return "again" }); v != "c" {
		t.Errorf("the newest entry was dropped: got %q", v)
	}
}

func TestGetRepanics(t *testing.T) {
	c := New[int](0)
	for i := range 2 {
		func() {
			defer func() {
				if v := recover(); v != "boom" {
					t.Errorf("call %d: recovered %v, want boom", i, v)
				}
			}()
			c.Get("k", func() int { panic("boom") })
		}()
	}
}

// TestGetBytes checks that bytes of the same content are one key, computed
// once, and that a lookup of a key seen does not copy it.
func TestGetBytes(t *testing.T) {
	c := New[int](0)
	calls := 0
	compute := func() int { calls++; return len("schema") }
	key := bytes.Repeat([]byte("schema "), 1000)
	if got := c.GetBytes(key, compute); got != 6 {
		t.Fatalf("GetBytes = %d, want 6", got)
	}
	if got := c.GetBytes(slices.Clone(key), compute); got != 6 || calls != 1 {
		t.Fatalf("GetBytes of a copy = %d after %d computations, want 6 after 1", got, calls)
	}
	if got := c.Get(string(key), compute); got != 6 || calls != 1 {
		t.Fatalf("Get of the same content = %d after %d computations, want 6 after 1", got, calls)
	}
	if allocs := testing.AllocsPerRun(10, func() { c.GetBytes(key, compute) }); allocs != 0 {
		t.Errorf("GetBytes of a key seen allocates %v times", allocs)
	}
}
