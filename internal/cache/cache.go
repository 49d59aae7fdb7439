// Package cache keeps what is costly to compute and asked for several times:
// a compiled JSON schema, a decoded document, a lint rule's shared work. A
// value is computed once, however many goroutines ask for it.
package cache

import "sync"

// Cache maps keys to values computed from them. Each value is computed once,
// by the first caller, while later callers of the same key wait for it. A
// Cache with a positive bound holds at most that many entries: past it, it
// starts afresh, which bounds the memory of long-running processes whose
// files keep changing. The zero value is not usable; use New.
type Cache[V any] struct {
	mu      sync.Mutex
	max     int
	entries map[string]*entry[V]
}

type entry[V any] struct {
	once     sync.Once
	value    V
	panicked any // what compute panicked with, if it did
}

// New returns an empty cache of at most max entries; max <= 0 means no bound.
func New[V any](max int) *Cache[V] {
	return &Cache[V]{max: max, entries: map[string]*entry[V]{}}
}

// Get returns the value for key, calling compute for it the first time.
// compute must depend on key only. If compute panics, every caller of the
// key panics with the same value.
func (c *Cache[V]) Get(key string, compute func() V) V {
	c.mu.Lock()
	e, ok := c.entries[key]
	if !ok {
		e = c.add(key)
	}
	c.mu.Unlock()
	return e.get(compute)
}

// GetBytes is Get keyed by the bytes of key, which it copies only the
// first time it sees them: a key as large as a values.schema.json is not
// copied at every call.
func (c *Cache[V]) GetBytes(key []byte, compute func() V) V {
	c.mu.Lock()
	e, ok := c.entries[string(key)] // no copy: the compiler looks up the bytes
	if !ok {
		e = c.add(string(key))
	}
	c.mu.Unlock()
	return e.get(compute)
}

// add adds an entry for key, starting afresh past the bound; c.mu is held.
func (c *Cache[V]) add(key string) *entry[V] {
	if c.max > 0 && len(c.entries) >= c.max {
		c.entries = map[string]*entry[V]{}
	}
	e := &entry[V]{}
	c.entries[key] = e
	return e
}

// get returns the entry's value, computing it the first time.
func (e *entry[V]) get(compute func() V) V {
	e.once.Do(func() {
		defer func() { e.panicked = recover() }()
		e.value = compute()
	})
	if e.panicked != nil {
		panic(e.panicked)
	}
	return e.value
}
