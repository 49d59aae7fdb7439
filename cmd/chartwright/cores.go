package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
)

// smallChart is the most template text, a chart's and its subcharts'
// files together, that a one-chart command works through on one core.
// Below it, measured on the corpus (charts of 5 KB to 400 KB by this
// count), `lint` on two cores took as long as on one, within a
// millisecond, and 5-15% more CPU: handing work between threads, and the
// page faults of memory first touched on one core and then on another,
// cost what the parallel part saves. Above it (1.1 MB and more), two
// cores saved 3-12% of the time.
const smallChart = 1 << 20

// oneCoreForSmallChart makes the process use one core when the chart at
// path is small; a larger chart keeps every core.
func oneCoreForSmallChart(path string) {
	if chartSize(path, smallChart) < smallChart {
		runtime.GOMAXPROCS(1)
	}
}

// archiveRatio is how much larger a chart archive's content is than the
// archive, about.
const archiveRatio = 4

// chartSize is the size of the templates of the chart at path and of its
// subcharts' files, counted up to limit (it stops there): a chart archive
// counts its size archiveRatio times. Unreadable paths count nothing.
func chartSize(path string, limit int64) int64 {
	fi, err := os.Stat(path)
	if err != nil {
		return 0
	}
	if !fi.IsDir() {
		return fi.Size() * archiveRatio
	}
	var total int64
	for _, dir := range []string{"templates", "charts"} {
		total = treeSize(filepath.Join(path, dir), total, limit)
	}
	return total
}

// treeSize adds to total the sizes of the regular files under root,
// archives archiveRatio times, until total reaches limit.
func treeSize(root string, total, limit int64) int64 {
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		fi, err := d.Info()
		if err != nil || !fi.Mode().IsRegular() {
			return nil
		}
		size := fi.Size()
		if filepath.Ext(p) == ".tgz" {
			size *= archiveRatio
		}
		if total += size; total >= limit {
			return filepath.SkipAll
		}
		return nil
	})
	return total
}
