package repo

import (
	"context"
	"slices"
	"sync"
)

// budget admits work while the sum of its sizes stays within a capacity,
// in arrival order: many small uploads are validated at once, a near-limit
// one waits until it fits, and later ones wait behind it, so none
// starves. A size above the capacity is taken as the capacity.
type budget struct {
	capacity int64

	mu      sync.Mutex
	free    int64
	waiters []*budgetWaiter // in arrival order
}

type budgetWaiter struct {
	n     int64
	ready chan struct{} // closed once n is granted
}

func newBudget(capacity int64) *budget {
	return &budget{capacity: capacity, free: capacity}
}

// acquire waits until n fits, or ctx ends; it returns the amount granted,
// to be given back with release.
func (b *budget) acquire(ctx context.Context, n int64) (int64, error) {
	n = min(n, b.capacity)
	b.mu.Lock()
	if len(b.waiters) == 0 && n <= b.free {
		b.free -= n
		b.mu.Unlock()
		return n, nil
	}
	w := &budgetWaiter{n: n, ready: make(chan struct{})}
	b.waiters = append(b.waiters, w)
	b.mu.Unlock()
	select {
	case <-w.ready:
		return n, nil
	case <-ctx.Done():
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	select {
	case <-w.ready: // granted meanwhile: give it back
		b.free += n
	default:
		b.waiters = slices.DeleteFunc(b.waiters, func(x *budgetWaiter) bool { return x == w })
	}
	b.wakeLocked()
	return 0, ctx.Err()
}

// release gives back what acquire granted.
func (b *budget) release(n int64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.free += n
	b.wakeLocked()
}

// wakeLocked grants the waiters at the head of the queue that fit.
func (b *budget) wakeLocked() {
	for len(b.waiters) > 0 && b.waiters[0].n <= b.free {
		w := b.waiters[0]
		b.free -= w.n
		close(w.ready)
		b.waiters = b.waiters[1:]
	}
}
