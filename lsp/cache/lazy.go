package cache

import (
	"context"
	"errors"
	"fmt"
	"sync"
)

// lazy is a value computed on demand, once, by the first caller; the
// others wait for it. A computation ended by its caller's cancellation is
// not kept: the next caller computes again, with its own context. A panic
// in the computation becomes its error.
type lazy[T any] struct {
	mu      sync.Mutex
	done    bool
	value   T
	err     error
	running chan struct{} // closed when the computation in progress ends
}

// get returns the value, computing it with compute if it is not known.
func (l *lazy[T]) get(ctx context.Context, compute func(context.Context) (T, error)) (T, error) {
	for {
		l.mu.Lock()
		if l.done {
			defer l.mu.Unlock()
			return l.value, l.err
		}
		if wait := l.running; wait != nil {
			l.mu.Unlock()
			select {
			case <-wait:
				continue
			case <-ctx.Done():
				var zero T
				return zero, ctx.Err()
			}
		}
		running := make(chan struct{})
		l.running = running
		l.mu.Unlock()

		value, err := protect(ctx, compute)
		l.mu.Lock()
		l.running = nil
		if cancelled := ctx.Err() != nil && errors.Is(err, ctx.Err()); !cancelled {
			l.done, l.value, l.err = true, value, err
		}
		l.mu.Unlock()
		close(running)
		return value, err
	}
}

// known returns the value if it has been computed, without computing it.
func (l *lazy[T]) known() (T, error, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.value, l.err, l.done
}

// forget drops the value once computed, so that the next caller computes
// it again; a computation in progress is left to finish.
func (l *lazy[T]) forget() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.done {
		var zero T
		l.done, l.value, l.err = false, zero, nil
	}
}

// protect calls compute, turning a panic into an error.
func protect[T any](ctx context.Context, compute func(context.Context) (T, error)) (value T, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("internal error: %v", p)
		}
	}()
	return compute(ctx)
}
