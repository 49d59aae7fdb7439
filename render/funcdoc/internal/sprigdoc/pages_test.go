package sprigdoc

import (
	"slices"
	"testing"
)

func TestHeadingNames(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"first, mustFirst", []string{"first", "mustFirst"}},
		{"hasPrefix and hasSuffix", []string{"hasPrefix", "hasSuffix"}},
		{"randAlphaNum, randAlpha, randNumeric, and randAscii", []string{"randAlphaNum", "randAlpha", "randNumeric", "randAscii"}},
		{"Kind Functions", nil},
		{"true test value", nil},
		{"See Also...", nil},
		{"base", []string{"base"}},
	}
	names := []string{"first", "mustFirst", "hasPrefix", "hasSuffix", "randAlphaNum", "randAlpha", "randNumeric", "randAscii", "base"}
	for _, tt := range tests {
		if got := headingNames(tt.text, names); !slices.Equal(got, tt.want) {
			t.Errorf("headingNames(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

const page = "# Things\n\nIntro about `thing` values.\n\n```\n$t := thing 1\n```\n\n" +
	"## one, mustOne\n\nDoes one thing\nwell.\n\n`one 1` returns `1`\n\n### detail\n\nMore.\n\n" +
	"## Kinds\n\n- `two`/`three`: Two or three.\n- `four` returns four: `four 4`\n\n" +
	"```\n# not a heading\n```\n"

func TestSections(t *testing.T) {
	s := sections("things.md", page, []string{"thing", "one", "mustOne", "two", "three", "four"})
	if len(s) != 4 {
		t.Fatalf("%d sections, want 4: %+v", len(s), s)
	}
	one := s[1]
	if !slices.Equal(one.names, []string{"one", "mustOne"}) || one.body != "Does one thing\nwell.\n\n`one 1` returns `1`\n\n### detail\n\nMore." {
		t.Errorf("section one: %+v", one)
	}
	if e := one.entry("mustOne"); e.Summary != "Does one thing well." || e.Example != "mustOne 1" {
		t.Errorf("mustOne: %+v", e)
	}
	if e, ok := s[3].bullet("three"); !ok || e.Summary != "Two or three." || e.Example != "" {
		t.Errorf("three: %+v, %v", e, ok)
	}
	if e, ok := s[3].bullet("four"); !ok || e.Summary != "`four` returns four: `four 4`" || e.Example != "four 4" {
		t.Errorf("four: %+v, %v", e, ok)
	}
	if calls, at := s[0].mention("thing"); !calls || at != 33 {
		t.Errorf("mention(thing) = %v, %d", calls, at)
	}
	if e, ok := describe("thing", s); !ok || e.Summary != "Intro about `thing` values." || e.Example != "$t := thing 1" {
		t.Errorf("thing: %+v, %v", e, ok)
	}
}
