package render

import (
	"math/rand"
	"regexp"
	"strings"
	"testing"
)

// The hand-written splitters must split exactly where Helm's regular
// expressions do.
func TestSplitMatchesHelmRegexps(t *testing.T) {
	helm3 := regexp.MustCompile("(?:^|\\s*\n)---\\s*")
	helm4 := regexp.MustCompile(`(?m)^---[ \t]*`)
	parts := []string{"---", "\n", " ", "\t", "a: b", "--", "-", "#c", "\r\n", "x"}
	rng := rand.New(rand.NewSource(1))
	for i := 0; i < 20000; i++ {
		var b strings.Builder
		for n := rng.Intn(12); n > 0; n-- {
			b.WriteString(parts[rng.Intn(len(parts))])
		}
		s := b.String()
		if got, want := texts(split3(s)), helm3.Split(s, -1); !equalTrimmed(got, want) {
			t.Fatalf("split3(%q) = %q, regexp %q", s, got, want)
		}
		if got, want := texts(split4(s)), helm4.Split(s, -1); strings.Join(got, "\x00") != strings.Join(want, "\x00") {
			t.Fatalf("split4(%q) = %q, regexp %q", s, got, want)
		}
	}
}

func texts(ps []docPiece) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.text
		if p.offset < 0 {
			out[i] = "BAD OFFSET"
		}
	}
	return out
}

// equalTrimmed compares the documents Helm 3 keeps: trimmed, empty dropped.
func equalTrimmed(a, b []string) bool {
	keep := func(xs []string) string {
		var out []string
		for _, x := range xs {
			if x != "" {
				out = append(out, strings.TrimSpace(x))
			}
		}
		return strings.Join(out, "\x00")
	}
	return keep(a) == keep(b)
}
