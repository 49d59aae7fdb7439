package repo

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chartwright/chartwright/internal/testfs"

	"github.com/chartwright/chartwright/chart"
)

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	testfs.Write(t, dir, files)
}

// Package writes dest/<name>-<version>.tgz and gives its digest, the one
// index.yaml records for it; a broken chart leaves nothing behind.
func TestPackage(t *testing.T) {
	src, dest := t.TempDir(), t.TempDir()
	writeFiles(t, src, map[string]string{
		"Chart.yaml":        "apiVersion: v2\nname: demo\nversion: 1.0.0\n",
		"templates/cm.yaml": "kind: ConfigMap\n",
	})
	p, err := Package(context.Background(), src, dest, PackageOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if p.Path != filepath.Join(dest, "demo-1.0.0.tgz") {
		t.Errorf("path %s", p.Path)
	}
	idx, _, err := chart.IndexDirectory(dest, chart.IndexOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := "sha256:" + idx.Entries["demo"][0].Digest; got != p.Digest {
		t.Errorf("digest %s, index.yaml says %s", p.Digest, got)
	}

	broken, empty := t.TempDir(), t.TempDir()
	writeFiles(t, broken, map[string]string{"Chart.yaml": "apiVersion: v2\nname: demo\nversion: not-semver\n"})
	if _, err := Package(context.Background(), broken, empty, PackageOptions{}); err == nil || !strings.Contains(err.Error(), "not-semver") {
		t.Errorf("broken chart: %v", err)
	}
	if _, err := Package(context.Background(), filepath.Join(src, "missing"), empty, PackageOptions{}); err == nil {
		t.Error("a missing folder was packaged")
	}
	if entries, _ := os.ReadDir(empty); len(entries) != 0 {
		t.Errorf("failures left %v", entries)
	}
}
