package cores

import (
	"runtime"
	"slices"
	"sync"
	"testing"
)

func TestEach(t *testing.T) {
	defer Limit(0)
	for _, cap := range []int{0, 1, 3} {
		Limit(cap)
		var mu sync.Mutex
		var order []int
		Each(50, func(i int) {
			mu.Lock()
			order = append(order, i)
			mu.Unlock()
		})
		want := make([]int, 50)
		for i := range want {
			want[i] = i
		}
		if !slices.Equal(slices.Sorted(slices.Values(order)), want) {
			t.Fatalf("cap %d: Each called %v, want each of 0..49 once", cap, order)
		}
		if cap == 1 && !slices.IsSorted(order) {
			t.Errorf("cap 1: Each called %v, want them in order on one goroutine", order)
		}
	}
}

func TestN(t *testing.T) {
	defer Limit(0)
	procs := runtime.GOMAXPROCS(0)
	if got := N(); got != procs {
		t.Errorf("N() with no cap = %d, want GOMAXPROCS %d", got, procs)
	}
	Limit(1)
	if got := N(); got != 1 {
		t.Errorf("N() capped at 1 = %d", got)
	}
	Limit(procs + 5)
	if got := N(); got != procs {
		t.Errorf("N() capped above GOMAXPROCS = %d, want %d", got, procs)
	}
}
