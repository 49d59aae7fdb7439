package render

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/Masterminds/sprig/v3"
)

// TestRenderCancelled checks that a render whose context is done stops:
// Template returns the context's error, and an include loop that would
// otherwise run to Helm's depth limit ends at the first include.
func TestRenderCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	c := memoryChart(map[string]string{
		"templates/a.yaml": `{{ define "loop" }}{{ include "loop" . }}{{ end }}a: {{ include "loop" . }}`,
		"templates/b.yaml": "b: 1",
	})
	rel, err := Template(ctx, c, Options{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
	if rel == nil || rel.Output == nil {
		t.Fatal("no output of the cancelled render")
	}
	if len(rel.Output.Files) != 0 {
		t.Errorf("a cancelled render executed %d templates", len(rel.Output.Files))
	}

	out := Engine{}.Render(ctx, c, map[string]any{"Values": Values{}})
	for _, e := range out.Errors {
		if strings.Contains(e.Message, "nested reference") {
			t.Errorf("the include loop ran to Helm's depth limit: %s", e.Message[:min(len(e.Message), 200)])
		}
	}
}

// TestRenderBounds checks that what would exhaust the stack or memory is an
// error: tpl calling itself (Helm has no limit), includes cycling through
// many names, output past MaxOutput, and repeat and until asked for more.
func TestRenderBounds(t *testing.T) {
	var cycle strings.Builder
	for i := range 20 {
		fmt.Fprintf(&cycle, `{{ define "c%d" }}{{ include "c%d" . }}{{ end }}`, i, (i+1)%20)
	}
	tests := []struct {
		name, text, want string
	}{
		{"tpl recursion", `{{ tpl .Values.self . }}`, "nested: a template calls itself"},
		{"include cycle", cycle.String() + `{{ include "c0" . }}`, "nested: a template calls itself"},
		{"output", `{{ range until 1000 }}{{ $.Values.big }}{{ end }}`, "rendering mem/templates/x.yaml: the output of the render exceeds its bound of 100 MiB"},
		{"repeat", `{{ repeat 200000000 "x" }}`, "repeat: 200000000 copies"},
		{"until", `{{ until 100000000 | len }}`, "untilStep: 0 to 100000000 by 1 makes more than"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := memoryChart(map[string]string{"templates/x.yaml": tt.text})
			c.Values = map[string]any{"self": `{{ tpl .Values.self . }}`, "big": strings.Repeat("y", 1<<20)}
			rel, err := Template(context.Background(), c, Options{})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want one with %q", err, tt.want)
			}
			if rel != nil && rel.Output != nil && len(rel.Output.Files) != 0 {
				t.Errorf("the template rendered anyway")
			}
		})
	}
}

// TestOutputBound checks that Options.MaxOutput bounds a render: past it,
// the template writing is an error that names it, in template and lint
// mode, and output within it renders.
func TestOutputBound(t *testing.T) {
	c := memoryChart(map[string]string{
		"templates/a.yaml": `a: {{ repeat 3000 "x" }}`,
		"templates/b.yaml": "b: 1\n",
	})
	for _, lintMode := range []bool{false, true} {
		rel, err := Template(context.Background(), c, Options{MaxOutput: 2000, LintMode: lintMode})
		want := "rendering mem/templates/a.yaml: the output of the render exceeds its bound of 2000 bytes"
		if err == nil || err.Error() != want {
			t.Errorf("lint mode %v: error %v, want %q", lintMode, err, want)
		}
		if rel == nil || rel.Output == nil || len(rel.Output.Errors) != 1 || rel.Output.Errors[0].Template != "mem/templates/a.yaml" {
			t.Errorf("lint mode %v: errors %v, want one of mem/templates/a.yaml", lintMode, rel.Output.Errors)
		}
		if _, err := Template(context.Background(), c, Options{MaxOutput: 4000, LintMode: lintMode}); err != nil {
			t.Errorf("lint mode %v: within the bound: %v", lintMode, err)
		}
	}
}

// TestBoundedFuncsAgreeWithSprig checks that within the bounds, repeat,
// until and untilStep give what sprig's give.
func TestBoundedFuncsAgreeWithSprig(t *testing.T) {
	ours, theirs := boundedFuncs(), sprig.TxtFuncMap()
	for _, n := range []int{-5, -1, 0, 1, 7} {
		got, err := ours["until"].(func(int) ([]int, error))(n)
		if want := theirs["until"].(func(int) []int)(n); err != nil || fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("until %d = %v, %v; sprig %v", n, got, err, want)
		}
		r, err := ours["repeat"].(func(int, string) (string, error))(max(n, 0), "ab")
		if want := theirs["repeat"].(func(int, string) string)(max(n, 0), "ab"); err != nil || r != want {
			t.Errorf("repeat %d = %q, %v; sprig %q", n, r, err, want)
		}
	}
	for _, a := range [][3]int{{0, 10, 3}, {10, 0, -3}, {0, 10, -1}, {10, 0, 2}, {5, 5, 1}, {0, 10, 0}, {-4, 4, 4}} {
		got, err := ours["untilStep"].(func(int, int, int) ([]int, error))(a[0], a[1], a[2])
		if want := theirs["untilStep"].(func(int, int, int) []int)(a[0], a[1], a[2]); err != nil || fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("untilStep %v = %v, %v; sprig %v", a, got, err, want)
		}
	}
}

// TestNestingBound checks the bound of include and tpl calls active at
// once: maxNesting of them are admitted, the next is a nestingError.
func TestNestingBound(t *testing.T) {
	r := newRun(context.Background(), Engine{}, newBudget(0))
	for i := range maxNesting {
		if err := r.enter(fmt.Sprint("c", i%7)); err != nil {
			t.Fatalf("call %d refused: %v", i+1, err)
		}
	}
	err := r.enter(fmt.Sprint("c", maxNesting%7)) // the next in the cycle: c4
	if _, ok := errors.AsType[*nestingError](err); !ok {
		t.Fatalf("call %d: %v, want a nestingError", maxNesting+1, err)
	}
	if want := "c4 → c5 → c6 → c0 → c1 → c2 → c3 → c4"; !strings.HasSuffix(err.Error(), ": "+want) {
		t.Errorf("error %q, want it to end with the cycle %q", err, want)
	}
}

// TestRecursionChain checks that a template calling itself without end
// names the cycle of calls once, in the error's Recursion and, where Helm
// has no message of its own (tpl, and cycles through many names), in its
// message, which stays short; Helm's own message is kept where it has one.
func TestRecursionChain(t *testing.T) {
	var many strings.Builder
	for i := range 20 {
		fmt.Fprintf(&many, `{{ define "c%d" }}{{ include "c%d" . }}{{ end }}`, i, (i+1)%20)
	}
	manyChain := []string{"c0"}
	for i := range 20 {
		manyChain = append(manyChain, fmt.Sprint("c", (i+1)%20))
	}
	self := `{{ tpl .Values.self . }}`
	tests := []struct {
		name, text string
		chain      []string
		helmText   string // a part of Helm's message, when Helm has one
	}{
		{"self include", `{{ define "a" }}{{ include "a" . }}{{ end }}{{ include "a" . }}`, []string{"a", "a"}, "rendering template has a nested reference name: a"},
		{"mutual include", `{{ define "a" }}{{ include "b" . }}{{ end }}{{ define "b" }}{{ include "a" . }}{{ end }}{{ include "a" . }}`, []string{"a", "b", "a"}, "nested reference name: a"},
		{"include cycle of 20", many.String() + `{{ include "c0" . }}`, manyChain, ""},
		{"tpl self", `{{ tpl .Values.self . }}`, []string{"tpl " + strconv.Quote(self), "tpl " + strconv.Quote(self)}, ""},
		{"tpl long text", `{{ tpl .Values.long . }}`, []string{"tpl \"{{ tpl .Values.long . }}" + strings.Repeat(" ", 16) + "…\"", "tpl \"{{ tpl .Values.long . }}" + strings.Repeat(" ", 16) + "…\""}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := memoryChart(map[string]string{"templates/x.yaml": tt.text})
			c.Values = map[string]any{"self": self, "long": `{{ tpl .Values.long . }}` + strings.Repeat(" ", 40)}
			out := Engine{}.Render(context.Background(), c, map[string]any{"Values": Values(c.Values)})
			if len(out.Errors) != 1 {
				t.Fatalf("errors %v, want one", out.Errors)
			}
			e := out.Errors[0]
			if !slices.Equal(e.Recursion, tt.chain) {
				t.Errorf("recursion %q, want %q", e.Recursion, tt.chain)
			}
			if tt.helmText != "" {
				if !strings.Contains(e.Message, tt.helmText) {
					t.Errorf("message %.300q… lacks Helm's %q", e.Message, tt.helmText)
				}
				return
			}
			if want := strings.Join(tt.chain, " → "); !strings.HasSuffix(e.Message, want) || len(e.Message) > 1000 {
				t.Errorf("message %.1000q, want a short one ending with %q", e.Message, want)
			}
		})
	}
}

// cancelAfter is a context that is cancelled once its Err has been asked
// for a number of times: a render cancelled while it runs, at a point the
// test chooses.
type cancelAfter struct {
	context.Context
	calls, after int
}

func (c *cancelAfter) Err() error {
	c.calls++
	if c.calls > c.after {
		return context.Canceled
	}
	return nil
}

// TestRenderCancelledInInclude cancels a render while a template runs: an
// include loop stops at the include that sees the cancellation, instead of
// running to Helm's depth limit.
func TestRenderCancelledInInclude(t *testing.T) {
	c := memoryChart(map[string]string{
		"templates/a.yaml": `{{ define "loop" }}x{{ include "loop" . }}{{ end }}a: {{ include "loop" . }}`,
	})
	ctx := &cancelAfter{Context: context.Background(), after: 10}
	out := Engine{}.Render(ctx, c, map[string]any{"Values": Values{}})
	if len(out.Errors) != 1 || !strings.Contains(out.Errors[0].Message, context.Canceled.Error()) {
		t.Fatalf("errors %v, want one saying the render was cancelled", out.Errors)
	}
	if strings.Contains(out.Errors[0].Message, "nested reference") {
		t.Error("the include loop ran to Helm's depth limit")
	}
}
