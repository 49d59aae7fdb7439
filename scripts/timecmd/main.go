// Command timecmd runs two commands alternately, N times each, output
// discarded, and prints the median wall and CPU (user+system) milliseconds
// of each and their ratios: a benchmark of whole processes measured in the
// same run, so that machine load affects both alike.
//
//	go run ./scripts/timecmd N -- PEER ARGS... -- OURS ARGS...
package main

import (
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"time"
)

func main() {
	runs, peer, ours, err := parseArgs(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, "usage: timecmd N -- PEER ARGS... -- OURS ARGS...:", err)
		os.Exit(2)
	}
	var pw, pc, ow, oc []float64
	for i := 0; i < runs; i++ {
		w, c, err := timeOnce(peer)
		if err != nil {
			fail(err)
		}
		pw, pc = append(pw, w), append(pc, c)
		if w, c, err = timeOnce(ours); err != nil {
			fail(err)
		}
		ow, oc = append(ow, w), append(oc, c)
	}
	fmt.Printf("peer_wall_ms=%.1f ours_wall_ms=%.1f wall_ratio=%.1f peer_cpu_ms=%.1f ours_cpu_ms=%.1f cpu_ratio=%.1f\n",
		median(pw), median(ow), median(pw)/median(ow), median(pc), median(oc), median(pc)/median(oc))
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

// timeOnce runs a command and returns its wall and CPU time in milliseconds.
func timeOnce(argv []string) (wall, cpu float64, err error) {
	cmd := exec.Command(argv[0], argv[1:]...)
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return 0, 0, fmt.Errorf("%v: %w", argv, err)
	}
	wall = float64(time.Since(start).Microseconds()) / 1000
	st := cmd.ProcessState
	cpu = float64((st.UserTime() + st.SystemTime()).Microseconds()) / 1000
	return wall, cpu, nil
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
