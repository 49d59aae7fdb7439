package jsonschema

// chartwright's tests of its patches to util.go (see UPSTREAM.md).

import (
	"fmt"
	gourl "net/url"
	"strings"
	"testing"
)

// releaseEncode is the release's encode, which the patched one must match.
func releaseEncode(frag string) string {
	var sb strings.Builder
	for i, tok := range strings.Split(frag, "/") {
		if i > 0 {
			sb.WriteByte('/')
		}
		sb.WriteString(gourl.PathEscape(tok))
	}
	return sb.String()
}

var fragments = []string{"", "/", "/properties/a", "/$defs/x~1y~0z", "/a b/%/é", "/a;b,c?d", "/items/0/-._~", "#", "/\x00\xff"}

func checkEncode(t *testing.T, frag string) {
	if got, want := encode(frag), releaseEncode(frag); got != want {
		t.Fatalf("encode(%q) = %q, the release's %q", frag, got, want)
	}
}

func TestEncodeSameAsRelease(t *testing.T) {
	for _, f := range fragments {
		checkEncode(t, f)
	}
}

func FuzzEncode(f *testing.F) {
	for _, frag := range fragments {
		f.Add(frag)
	}
	f.Fuzz(checkEncode)
}

// TestLookupSameAsRelease checks the patched lookup, which cuts tokens one
// by one, on pointers the release's Split(ptr, "/")[1:] reads oddly: no
// leading '/', empty tokens, escapes.
func TestLookupSameAsRelease(t *testing.T) {
	doc := map[string]any{"": map[string]any{"": "empty"}, "a": []any{"zero", map[string]any{"b/c": "slash", "d~e": "tilde"}}, "x": map[string]any{"a": "no slash"}}
	cases := map[jsonPointer]any{
		"":           doc,
		"/a/0":       "zero",
		"/a/1/b~1c":  "slash",
		"/a/1/d~0e":  "tilde",
		"//":         "empty",
		"x/a":        []any{"zero", map[string]any{"b/c": "slash", "d~e": "tilde"}},
		"/a/2":       nil,
		"/a/1/b~2c":  nil,
		"/missing/x": nil,
	}
	for ptr, want := range cases {
		up := urlPtr{"file:///s.json", ptr}
		got, err := up.lookup(doc)
		if want == nil {
			if err == nil {
				t.Errorf("lookup(%q) = %v, want an error", ptr, got)
			}
			continue
		}
		if err != nil || !equal(got, want) {
			t.Errorf("lookup(%q) = %v, %v, want %v", ptr, got, err, want)
		}
	}
}

func equal(a, b any) bool {
	ok, k := equals(a, b)
	return ok && k == nil
}

// TestRootsJoinSameAsURLJoin checks the remembered join against url.join,
// the first time and from memory, errors included.
func TestRootsJoinSameAsURLJoin(t *testing.T) {
	rr := newRoots()
	bases := []url{"file:///values.schema.json", "urn:example:schema", "http://example.com/a/b.json", "file:///dir/"}
	refs := []string{"", "#", "#/$defs/a", "#anchor", "other.json", "other.json#/x", "../up.json#a", "#/bad%zz", "%zz", "http://other/x#/y", "urn:x:y"}
	for round := 0; round < 2; round++ {
		for _, base := range bases {
			for _, ref := range refs {
				got, gotErr := rr.join(base, ref)
				want, wantErr := base.join(ref)
				if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) || (want != nil && (got == nil || *got != *want)) {
					t.Errorf("join(%q, %q) = %v, %v; url.join: %v, %v", base, ref, got, gotErr, want, wantErr)
				}
			}
		}
	}
}
