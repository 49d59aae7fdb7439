package rules

import (
	"slices"
	"testing"

	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/render"
)

// TestDistinctMessages checks that a message said at several places is
// kept once, at the call of the function that said it when one is.
func TestDistinctMessages(t *testing.T) {
	helpers := source.NewFile("templates/_helpers.tpl", []byte(`{{ fail "x" }}`))
	caller := source.NewFile("templates/a.yaml", []byte(`{{ template "h" . }}`))
	atCaller := render.Message{Text: "Fail: x", Span: source.Span{File: caller, Start: 0, End: 4}}
	atFail := render.Message{Text: "Fail: x", Span: source.Span{File: helpers, Start: 3, End: 7}}
	other := render.Message{Text: "Fail: y", Span: source.Span{File: caller, Start: 0, End: 4}}
	got := distinctMessages([]render.Message{atCaller, other, atFail, atCaller})
	if want := []render.Message{atFail, other}; !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}
