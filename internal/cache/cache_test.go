package cache

import (
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
