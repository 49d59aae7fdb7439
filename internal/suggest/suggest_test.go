package suggest

import "testing"

func TestDistance(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"abc", "", 3}, {"", "ab", 2}, {"kitten", "sitting", 3},
		{"replicas", "replcas", 1}, {"image", "imgae", 2}, {"same", "same", 0},
	} {
		if got := Distance(c.a, c.b); got != c.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
		if got := Distance(c.b, c.a); got != c.want {
			t.Errorf("Distance(%q, %q) = %d, want %d (symmetry)", c.b, c.a, got, c.want)
		}
	}
}

// TestWithin checks that Within is Distance below the limit and the limit
// from there, whether or not the lengths alone decide.
func TestWithin(t *testing.T) {
	long := "a-name-longer-than-the-rows-kept-on-the-stack-of-distance-0123456789"
	for _, c := range []struct{ a, b string }{
		{"kitten", "sitting"}, {"abc", ""}, {"", ""}, {"replicas", "replcas"}, {"a", "abcdef"},
		{long, long + "x"}, {long + "yz", long}, {"common.names.fullname", "common.names.fulname"},
	} {
		d := Distance(c.a, c.b)
		for limit := 0; limit <= d+2; limit++ {
			if got, want := Within(c.a, c.b, limit), min(d, limit); got != want {
				t.Errorf("Within(%q, %q, %d) = %d, want %d", c.a, c.b, limit, got, want)
			}
		}
	}
	if got := Distance(long, long+"xy"); got != 2 {
		t.Errorf("Distance of names past %d bytes = %d, want 2", shortName, got)
	}
}
