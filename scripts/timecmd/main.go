// Command timecmd runs two commands alternately, N times each, output
// discarded, and prints for each the median wall, user and system
// milliseconds, minor page faults and peak RSS, and the ratios of wall and
// CPU (user+system) time: a benchmark of whole processes measured in the
// same run, so that machine load affects both alike. System time and page
// faults are shown because on some machines a fault costs ~10 µs, so fresh
// memory can cost as much as the work itself; so is each side's system time
// per fault, a gauge of what faults cost in the run.
//
//	go run ./scripts/timecmd [-pause DURATION] N -- PEER ARGS... -- OURS ARGS...
//
// -pause sleeps before every process. On this project's virtual machines a
// fresh page costs ~1.5 µs when the guest reuses memory a process has just
// freed, and 10-20 µs when the host has taken the memory back, which its
// free page reporting does within seconds of idleness (and, with
// /sys/module/page_reporting/parameters/page_reporting_order set to 0, for
// memory freed in pieces as small as a page): a pause of 3 s puts every
// process in the second case, the one that a lint run in a fresh CI machine
// or after a pause at the keyboard meets.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"syscall"
	"time"
)

// sample is one run of a process.
type sample struct {
	wall, user, sys float64 // milliseconds
	minflt, maxrss  float64 // faults, KiB
}

// samples holds the runs of one command.
type samples []sample

func main() {
	pause := flag.Duration("pause", 0, "sleep this long before every process")
	flag.Parse()
	runs, peer, ours, err := parseArgs(flag.Args())
	if err != nil {
		fmt.Fprintln(os.Stderr, "usage: timecmd [-pause DURATION] N -- PEER ARGS... -- OURS ARGS...:", err)
		os.Exit(2)
	}
	var p, o samples
	for i := 0; i < runs; i++ {
		time.Sleep(*pause)
		s, err := timeOnce(peer)
		if err != nil {
			fail(err)
		}
		p = append(p, s)
		time.Sleep(*pause)
		if s, err = timeOnce(ours); err != nil {
			fail(err)
		}
		o = append(o, s)
	}
	pw, ow := p.median(func(s sample) float64 { return s.wall }), o.median(func(s sample) float64 { return s.wall })
	pc, oc := p.median(cpu), o.median(cpu)
	fmt.Printf("peer_wall_ms=%.1f ours_wall_ms=%.1f wall_ratio=%.1f peer_cpu_ms=%.1f ours_cpu_ms=%.1f cpu_ratio=%.1f\n",
		pw, ow, pw/ow, pc, oc, pc/oc)
	fmt.Printf("  peer: %s\n  ours: %s\n", p.summary(), o.summary())
}

func cpu(s sample) float64 { return s.user + s.sys }

// summary prints the medians of every measure.
func (ss samples) summary() string {
	m := func(f func(sample) float64) float64 { return ss.median(f) }
	return fmt.Sprintf("user_ms=%.1f sys_ms=%.1f minflt=%.0f maxrss_kb=%.0f sys_us_per_fault=%.1f",
		m(func(s sample) float64 { return s.user }), m(func(s sample) float64 { return s.sys }),
		m(func(s sample) float64 { return s.minflt }), m(func(s sample) float64 { return s.maxrss }),
		m(func(s sample) float64 { return 1000 * s.sys / max(s.minflt, 1) }))
}

func (ss samples) median(f func(sample) float64) float64 {
	xs := make([]float64, len(ss))
	for i, s := range ss {
		xs[i] = f(s)
	}
	slices.Sort(xs)
	if len(xs)%2 == 1 {
		return xs[len(xs)/2]
	}
	return (xs[len(xs)/2-1] + xs[len(xs)/2]) / 2
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}

func parseArgs(args []string) (int, []string, []string, error) {
	if len(args) < 5 || args[1] != "--" {
		return 0, nil, nil, fmt.Errorf("too few arguments")
	}
	runs, err := strconv.Atoi(args[0])
	if err != nil || runs < 1 {
		return 0, nil, nil, fmt.Errorf("bad N %q", args[0])
	}
	rest := args[2:]
	sep := slices.Index(rest, "--")
	if sep < 1 || sep == len(rest)-1 {
		return 0, nil, nil, fmt.Errorf("need two commands")
	}
	return runs, rest[:sep], rest[sep+1:], nil
}

// timeOnce runs a command and measures it. A non-zero exit status is not
// an error: linters exit 1 on findings.
func timeOnce(argv []string) (sample, error) {
	cmd := exec.Command(argv[0], argv[1:]...)
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if cmd.ProcessState == nil {
		return sample{}, fmt.Errorf("%v: %w", argv, err)
	}
	st := cmd.ProcessState
	s := sample{
		wall: ms(wall),
		user: ms(st.UserTime()),
		sys:  ms(st.SystemTime()),
	}
	if ru, ok := st.SysUsage().(*syscall.Rusage); ok {
		s.minflt, s.maxrss = float64(ru.Minflt), float64(ru.Maxrss)
	}
	return s, nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
