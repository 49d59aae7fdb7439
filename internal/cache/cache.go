// Package cache keeps what is costly to compute from a file's content, such
// as a compiled JSON schema, so that the linter's rules, the renderer and
// the validators compute it once however many of them ask.
package cache

import "sync"

// Cache maps content to what was computed from it. Each value is computed
// once, by the first caller, while later callers of the same key wait for
// it. A Cache holds at most Max entries: past that, it starts afresh, which
// bounds the memory of long-running processes whose files keep changing.
// The zero value is not usable; use New.
type Cache[V any] struct {
	mu      sync.Mutex
	max     int
	entries map[string]*entry[V]
}

type entry[V any] struct {
	once  sync.Once
	value V
}

// New returns an empty cache of at most max entries.
func New[V any](max int) *Cache[V] {
	return &Cache[V]{max: max, entries: map[string]*entry[V]{}}
}

// Get returns the value for key, calling compute for it the first time.
// compute must depend on key only.
func (c *Cache[V]) Get(key string, compute func() V) V {
	c.mu.Lock()
	e, ok := c.entries[key]
	if !ok {
		if len(c.entries) >= c.max {
			c.entries = map[string]*entry[V]{}
		}
		e = &entry[V]{}
		c.entries[key] = e
	}
	c.mu.Unlock()
	e.once.Do(func() { e.value = compute() })
	return e.value
}
