//go:build !unix

package repo

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"
)

// lockWait bounds how long lockFile waits for another process.
const lockWait = 2 * time.Minute

// lockFile takes an exclusive lock by creating name with O_EXCL, polling
// while another process holds it, and removes it on unlock. A lock left by
// a crashed process must be removed by hand; the error says where.
func lockFile(name string) (unlock func(), err error) {
	deadline := time.Now().Add(lockWait)
	for {
		f, err := os.OpenFile(name, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
		if err == nil {
			f.Close()
			return func() { os.Remove(name) }, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return nil, err
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("timed out waiting for lock %s (remove it if no chartwright is running)", name)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
