package main

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// usage is what /proc says of a process: peak and current resident memory
// in bytes, and the CPU time it used.
type usage struct {
	peakRSS, rss int64
	user, system time.Duration
}

// clockTicks is USER_HZ, the unit of /proc/<pid>/stat's times: 100 on
// every Linux the kernel's ABI allows.
const clockTicks = 100

// readUsage reads /proc/<pid>/status and /proc/<pid>/stat.
func readUsage(pid int) (usage, error) {
	var u usage
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return u, err
	}
	for line := range strings.Lines(string(status)) {
		name, value, _ := strings.Cut(line, ":")
		switch name {
		case "VmHWM":
			u.peakRSS = kibibytes(value)
		case "VmRSS":
			u.rss = kibibytes(value)
		}
	}
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return u, err
	}
	// The command name, in parentheses, may hold spaces: fields are
	// counted after its closing parenthesis; utime and stime are the 14th
	// and 15th fields of the line.
	i := bytes.LastIndexByte(stat, ')')
	fields := strings.Fields(string(stat[i+1:]))
	if len(fields) < 13 {
		return u, fmt.Errorf("/proc/%d/stat: too few fields", pid)
	}
	u.user = ticks(fields[11])
	u.system = ticks(fields[12])
	return u, nil
}

func kibibytes(value string) int64 {
	n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(value), " kB"), 10, 64)
	return n << 10
}

func ticks(field string) time.Duration {
	n, _ := strconv.ParseInt(field, 10, 64)
	return time.Duration(n) * time.Second / clockTicks
}

func (u usage) cpu() time.Duration { return u.user + u.system }

// waitIdle waits until the process has used no more than a tick or two of
// CPU for a second — the server is done with what it was given — or until
// limit; it returns when it saw the process go idle.
func waitIdle(pid int, limit time.Duration) (time.Time, error) {
	const quiet = time.Second
	deadline := time.Now().Add(limit)
	last, err := readUsage(pid)
	if err != nil {
		return time.Time{}, err
	}
	lastChange := time.Now()
	for time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
		u, err := readUsage(pid)
		if err != nil {
			return time.Time{}, err
		}
		if u.cpu()-last.cpu() > 2*time.Second/clockTicks {
			last, lastChange = u, time.Now()
			continue
		}
		if time.Since(lastChange) >= quiet {
			return lastChange, nil
		}
	}
	return time.Time{}, fmt.Errorf("the server was still busy after %s", limit)
}

// megabytes formats a size in MB (10⁶ bytes), the unit of the goals.
func megabytes(n int64) string { return fmt.Sprintf("%.0f MB", float64(n)/1e6) }
