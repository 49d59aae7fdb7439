package chart

import (
	"path"
	"path/filepath"
	"slices"
	"testing"
)

// TestIgnoreRules checks .helmignore rules one path at a time, with Helm's
// semantics: base-name and whole-path patterns, directory-only rules, the
// default rule templates/.?*, and negation, which in Helm ignores every
// path that reaches the rule without matching it.
func TestIgnoreRules(t *testing.T) {
	tests := []struct {
		rules, path string
		dir, want   bool
	}{
		{"", "templates/.hidden.yaml", false, true}, // the default rule
		{"", "templates/.x", false, true},
		{"", "templates/.hidden-dir", true, true},
		{"", "templates/sub/.nested.yaml", false, false}, // only directly under templates/
		{"", "templates/a.yaml", false, false},
		{"", ".helmignore", false, false},
		{"*.bak", "templates/a.yaml.bak", false, true}, // base name, at any depth
		{"*.bak", "a.bak", false, true},
		{"templates/drop-*.yaml", "templates/drop-a.yaml", false, true}, // a slash: the whole path
		{"templates/drop-*.yaml", "templates/sub/drop-a.yaml", false, false},
		{"drop-*.yaml", "templates/sub/drop-a.yaml", false, true},
		{"/templates/skip-*.yaml", "templates/skip-a.yaml", false, true},
		{"/skip-*.yaml", "templates/skip-a.yaml", false, false},
		{"build/", "build", true, true}, // directory-only
		{"build/", "build", false, false},
		{"![^x]*", "templates/xtra.yaml", false, true}, // negation ignores what does not match
		{"![^x]*", "templates/a.yaml", false, false},
		{"![^x]*", "templates", true, false},
		{"!*/", "Chart.yaml", false, true}, // a negated directory rule ignores every file
		{"!*/", "templates", true, false},
		{"# comment\n\n  *.bak  ", "a.bak", false, true},
		{"*.bak", ".", true, false}, // the chart root is never ignored
	}
	for _, tt := range tests {
		ig, err := ParseIgnore([]byte(tt.rules))
		if err != nil {
			t.Fatalf("%q: %v", tt.rules, err)
		}
		if got := ig.Ignored(tt.path, tt.dir); got != tt.want {
			t.Errorf("rules %q: Ignored(%q, dir %v) = %v, want %v", tt.rules, tt.path, tt.dir, got, tt.want)
		}
		if tt.rules == "" {
			if got := DefaultIgnore().Ignored(tt.path, tt.dir); got != tt.want {
				t.Errorf("DefaultIgnore().Ignored(%q, dir %v) = %v, want %v", tt.path, tt.dir, got, tt.want)
			}
		}
	}
}

// TestLoadHelmignore loads the charts that the render goldens compare with
// Helm (the helmignore cases of testdata/render/cases.txt) and checks which
// templates are loaded: every file the rules leave out is a broken
// template there.
func TestLoadHelmignore(t *testing.T) {
	tests := []struct {
		chart     string
		templates []string
		err       string
	}{
		{"charts/rt-hidden", []string{"templates/cm.yaml", "templates/sub/.nested.yaml"}, ""},
		{"charts/rt-ignore", []string{"templates/cm.yaml", "templates/sub-drop-b.yaml"}, ""},
		{"bad/helmignore-negated-dir", nil, "Chart.yaml file is missing"},
	}
	for _, tt := range tests {
		t.Run(tt.chart, func(t *testing.T) {
			c, err := Load(filepath.Join("..", "testdata", filepath.FromSlash(tt.chart)), Options{})
			if tt.err != "" {
				if err == nil || err.Error() != tt.err {
					t.Fatalf("error %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range c.Templates {
				got = append(got, f.Name)
			}
			slices.Sort(got)
			if !slices.Equal(got, tt.templates) {
				t.Errorf("templates %q, want %q", got, tt.templates)
			}
		})
	}
}

// TestSimplePatternsMatchAsPathMatch checks the fast paths for literal and
// one-star patterns against path.Match, on every pattern and name of up to
// four characters over an alphabet holding '/' and '*'.
func TestSimplePatternsMatchAsPathMatch(t *testing.T) {
	var strs func(alphabet string, n int) []string
	strs = func(alphabet string, n int) []string {
		if n == 0 {
			return []string{""}
		}
		out := []string{""}
		for _, s := range strs(alphabet, n-1) {
			for _, c := range alphabet {
				out = append(out, s+string(c))
			}
		}
		return out
	}
	names := strs("ab/.", 4)
	checked := 0
	for _, pattern := range strs("ab/.*", 4) {
		r := ignoreRule{pattern: pattern, wholeRel: true, star: simplePattern(pattern)}
		if r.star == -1 {
			continue
		}
		checked++
		for _, name := range names {
			want, _ := path.Match(pattern, name)
			if got := r.matches(name); got != want {
				t.Fatalf("pattern %q, name %q: matches = %v, path.Match = %v", pattern, name, got, want)
			}
		}
	}
	if checked < 100 {
		t.Fatalf("only %d simple patterns checked", checked)
	}
}
