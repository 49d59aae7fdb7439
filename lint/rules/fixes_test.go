package rules_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chartwright/chartwright/lint"
	"github.com/chartwright/chartwright/lint/rules"
)

// lintDir lints the chart folder dir with every rule.
func lintDir(t *testing.T, dir string, helm3 bool) []lint.Finding {
	t.Helper()
	res, err := lint.Run(context.Background(), dir, lint.Options{Rules: rules.All(), Helm3: helm3})
	if err != nil {
		t.Fatal(err)
	}
	return res.Findings
}

// copyChart copies testdata/charts/<name> to a temporary folder.
func copyChart(t *testing.T, name string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), name)
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("..", "..", "testdata", "charts", name))); err != nil {
		t.Fatal(err)
	}
	return dir
}

// applyFix applies a fix's edits to the files of the chart folder dir, as
// an editor would, from the last edit of each file to the first.
func applyFix(t *testing.T, dir string, fix lint.Fix) {
	t.Helper()
	edits := slices.Clone(fix.Edits)
	slices.SortStableFunc(edits, func(a, b lint.Edit) int { return b.Span.Start - a.Span.Start })
	for _, e := range edits {
		path := filepath.Join(dir, filepath.FromSlash(e.Span.File.Path))
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		data = append(append(data[:e.Span.Start:e.Span.Start], e.NewText...), data[e.Span.End:]...)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestFixesResolveFindings lints the fixes chart, checks that each finding
// there has the fixes it should, then applies each fix to a fresh copy,
// lints again and checks that the finding is gone and that no finding of
// a warning or worse appeared (one may change: removing image.tag takes
// the did-you-mean from the image.tga finding; one may move: adding a key
// to values.yaml shifts the unused keys below it).
func TestFixesResolveFindings(t *testing.T) {
	for _, helm3 := range []bool{false, true} {
		findings := lintDir(t, copyChart(t, "fixes"), helm3)
		want := map[string][]string{
			"charts/sub-folder/templates/configmap.yaml values-undefined": {"add settings.level to charts/sub-folder/values.yaml"},
			"templates/cronjob.yaml manifest-deprecated-api":              {"use apiVersion batch/v1"},
			"templates/deployment.yaml template-unknown-include":          {`use "fixes.name"`},
			"templates/deployment.yaml values-undefined":                  {"use .Values.image.tag", "add image.tga to values.yaml", "add image.pullPolicy to values.yaml"},
			"values.yaml values-unused":                                   {"remove image.tag from values.yaml", "remove legacy from values.yaml"},
		}
		got := map[string][]string{}
		for _, f := range findings {
			key := f.Path + " " + string(f.Rule)
			for _, fix := range f.Fixes {
				got[key] = append(got[key], fix.Title)
			}
		}
		for key, titles := range want {
			if !slices.Equal(got[key], titles) {
				t.Errorf("helm3=%v: fixes of %s are %q, want %q", helm3, key, got[key], titles)
			}
		}
		for _, f := range findings {
			for _, fix := range f.Fixes {
				t.Run(fix.Title, func(t *testing.T) {
					dir := copyChart(t, "fixes")
					applyFix(t, dir, fix)
					after := lintDir(t, dir, helm3)
					for _, g := range after {
						if g.Rule == f.Rule && g.Path == f.Path && g.Message == f.Message {
							t.Errorf("the finding is still there: %s", g.Message)
						}
						if g.Severity >= lint.Warning && !slices.ContainsFunc(findings, func(o lint.Finding) bool {
							// the same finding, perhaps moved by an edit above it, or with its text changed
							return o.Rule == g.Rule && o.Path == g.Path && (o.Position() == g.Position() || o.Message == g.Message)
						}) {
							t.Errorf("the fix brought a new finding: %s %s %s", g.Path, g.Rule, g.Message)
						}
					}
				})
			}
		}
	}
}

// The fixed files read as a person would write them.
func TestFixedText(t *testing.T) {
	findings := lintDir(t, copyChart(t, "fixes"), false)
	fix := func(title string) lint.Fix {
		for _, f := range findings {
			for _, x := range f.Fixes {
				if x.Title == title {
					return x
				}
			}
		}
		t.Fatalf("no fix %q", title)
		return lint.Fix{}
	}
	tests := []struct {
		fix, file, want string
	}{
		{"remove legacy from values.yaml", "values.yaml",
			"# Replicas of the app.\nreplicaCount: 1\n\nimage:\n  # Image repository.\n  repository: nginx\n  tag: \"1.27\"\n\nservice:\n  port: 80\n"},
		{"add image.pullPolicy to values.yaml", "values.yaml",
			"# Replicas of the app.\nreplicaCount: 1\n\nimage:\n  # Image repository.\n  repository: nginx\n  tag: \"1.27\"\n  pullPolicy: null\n\n# Left over from an old version.\nlegacy:\n  enabled: true\n\nservice:\n  port: 80\n"},
		{"add settings.level to charts/sub-folder/values.yaml", "charts/sub-folder/values.yaml", "settings:\n  mode: fast\n  level: null\n"},
	}
	for _, tt := range tests {
		dir := copyChart(t, "fixes")
		applyFix(t, dir, fix(tt.fix))
		data, err := os.ReadFile(filepath.Join(dir, tt.file))
		if err != nil {
			t.Fatal(err)
		}
		if string(data) != tt.want {
			t.Errorf("%s: %s is\n%s\nwant\n%s", tt.fix, tt.file, data, tt.want)
		}
	}
	if got := fix("use .Values.image.tag").Edits[0]; !strings.HasPrefix(string(got.Span.File.Data[got.Span.Start:]), "tga }}") {
		t.Errorf("the did-you-mean fix replaces %q", got.Span.File.Data[got.Span.Start:got.Span.End])
	}
}
