package schema

import "testing"

func TestSuggest(t *testing.T) {
	candidates := []string{"image", "imagePullPolicy", "name", "mode", "ports"}
	tests := []struct{ key, want string }{
		{"imagePullPolicyy", "imagePullPolicy"},
		{"Image", "image"},
		{"mood", "mode"},
		{"prots", "ports"},
		{"x", ""},
		{"completelyDifferent", ""},
	}
	for _, tt := range tests {
		if got := closest(tt.key, candidates); got != tt.want {
			t.Errorf("closest(%q) = %q, want %q", tt.key, got, tt.want)
		}
	}
}
