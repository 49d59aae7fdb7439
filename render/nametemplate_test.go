package render

import "testing"

// TestNameFromTemplate renders --name-template texts as Helm does: sprig's
// functions, env among them, and Helm's wording of parse and exec errors.
func TestNameFromTemplate(t *testing.T) {
	t.Setenv("CHARTWRIGHT_NAME_TEST", "from-env")
	tests := []struct{ text, want, err string }{
		{text: `x-{{ "y" | upper }}`, want: "x-Y"},
		{text: `{{ env "CHARTWRIGHT_NAME_TEST" }}`, want: "from-env"},
		{text: `{{ bad`, err: `template: name-template:1: function "bad" not defined`},
		{text: `{{ fail "x" }}`, err: `template: name-template:1:3: executing "name-template" at <fail "x">: error calling fail: x`},
	}
	for _, tt := range tests {
		got, err := NameFromTemplate(tt.text)
		gotErr := ""
		if err != nil {
			gotErr = err.Error()
		}
		if got != tt.want || gotErr != tt.err {
			t.Errorf("NameFromTemplate(%q) = %q, %q; want %q, %q", tt.text, got, gotErr, tt.want, tt.err)
		}
	}
}
