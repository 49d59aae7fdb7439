package render

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/internal/corpus"
	"github.com/chartwright/chartwright/render/values"
)

// execution is what executing a chart's templates produced, and the values
// the templates left.
type execution struct {
	results []result
	values  map[string]any
	// from is the index of the first template executed sequentially.
	from int
}

// executeChart loads the chart at path afresh and executes its templates
// with user values on that many workers.
func executeChart(t testing.TB, path string, e Engine, user map[string]any, workers int) execution {
	t.Helper()
	c, err := chart.Load(path, chart.Options{FirstValuesDocument: e.Helm3})
	if err != nil {
		t.Fatal(err)
	}
	vopts := values.Options{Helm3: e.Helm3}
	tree, _, err := values.ProcessDependencies(c, user, vopts)
	if err != nil {
		t.Fatal(err)
	}
	vals, _, err := values.Coalesce(tree, user, vopts)
	if err != nil {
		t.Fatal(err)
	}
	kv, err := kubeVersion("")
	if err != nil {
		t.Fatal(err)
	}
	p := e.prepare(context.Background(), tree, topObject(Options{Helm3: e.Helm3, LintMode: e.LintMode}.withDefaults(), kv, vals))
	ex := execution{values: vals}
	ex.results, ex.from = p.run.executeOn(workers, p.set, p.execs, p.tops)
	return ex
}

// parallel reports whether the parallel execution ran to the end.
func (ex execution) parallel() bool { return ex.from == len(ex.results) }

// summary is a result in comparable form: origins by file name.
type summary struct {
	Name, Content string
	Lines         []string
	Err           string
	Messages      []string
}

func summarize(results []result) []summary {
	out := make([]summary, len(results))
	for k, res := range results {
		var s summary
		for _, m := range res.messages {
			s.Messages = append(s.Messages, m.Text)
		}
		if r := res.rendered; r != nil {
			s.Name, s.Content = r.Name, r.Content
			for _, o := range r.Lines {
				s.Lines = append(s.Lines, fmt.Sprintf("%s:%d", fileName(o), o.Offset))
			}
		}
		if e := res.err; e != nil {
			s.Err = fmt.Sprintf("%s at %s:%d: %s", e.Template, fileName(Origin{File: e.Span.File}), e.Span.Start, e.Message)
		}
		out[k] = s
	}
	return out
}

func fileName(o Origin) string {
	if o.File == nil {
		return ""
	}
	return o.File.Name
}

// checkSame fails when two executions produced different results or left
// different values.
func checkSame(t *testing.T, seq, par execution) {
	t.Helper()
	checkSameExcept(t, seq, par, nil)
}

// checkSameExcept is checkSame, not comparing the lines of each result's
// content that varies lists.
func checkSameExcept(t *testing.T, seq, par execution, varies []map[int]bool) {
	t.Helper()
	a, b := summarize(seq.results), summarize(par.results)
	if len(a) != len(b) {
		t.Fatalf("%d results sequentially, %d in parallel", len(a), len(b))
	}
	for k, lines := range varies {
		a[k].Content, b[k].Content = masked(a[k].Content, lines), masked(b[k].Content, lines)
	}
	for k := range a {
		if !reflect.DeepEqual(a[k], b[k]) {
			t.Errorf("result %d differs\nsequential: %+v\n  parallel: %+v", k, a[k], b[k])
		}
	}
	if !reflect.DeepEqual(seq.values, par.values) {
		t.Errorf("values differ\nsequential: %v\n  parallel: %v", seq.values, par.values)
	}
}

// varying returns, for each result, the lines of its content that differ
// between two executions: random passwords, certificates.
func varying(a, b execution) []map[int]bool {
	out := make([]map[int]bool, len(a.results))
	for k, res := range a.results {
		out[k] = map[int]bool{}
		if res.rendered == nil || k >= len(b.results) || b.results[k].rendered == nil {
			continue
		}
		other := strings.Split(b.results[k].rendered.Content, "\n")
		for i, line := range strings.Split(res.rendered.Content, "\n") {
			if i < len(other) && line != other[i] {
				out[k][i] = true
			}
		}
	}
	return out
}

// masked replaces the listed lines of content with a marker.
func masked(content string, lines map[int]bool) string {
	split := strings.Split(content, "\n")
	for i := range split {
		if lines[i] {
			split[i] = "(varies)"
		}
	}
	return strings.Join(split, "\n")
}

// engines are the modes the tests execute charts in.
var engines = map[string]Engine{
	"helm4": {}, "helm3": {Helm3: true},
	"helm4-lint": {LintMode: true}, "helm3-lint": {Helm3: true, LintMode: true},
}

// TestParallelExecutionMatchesSequential executes every test chart both
// ways, as Helm 4 and 3, rendering and linting.
func TestParallelExecutionMatchesSequential(t *testing.T) {
	dirs, err := filepath.Glob("../testdata/charts/*")
	if err != nil || len(dirs) == 0 {
		t.Fatal("no test charts", err)
	}
	for _, dir := range dirs {
		for mode, e := range engines {
			t.Run(filepath.Base(dir)+"/"+mode, func(t *testing.T) {
				par := executeChart(t, dir, e, nil, 4)
				checkSame(t, executeChart(t, dir, e, nil, 1), par)
				switch filepath.Base(dir) {
				case "rt-parallel":
					if !par.parallel() {
						t.Errorf("the parallel execution stopped at %d; it should have run to the end", par.from)
					}
				case "rt-mutate":
					if par.parallel() {
						t.Error("the parallel execution ran to the end despite writes into shared data")
					}
				}
			})
		}
	}
}

// TestParallelExecutionStopsAtWrites makes rt-mutate's w-write.yaml (or
// its subchart's template) write into shared data one way at a time: the
// parallel execution must stop there, and the results be the sequential
// ones, in which a-read.yaml sees the write.
func TestParallelExecutionStopsAtWrites(t *testing.T) {
	const dir = "../testdata/charts/rt-mutate"
	flags := []string{"set", "top", "unset", "merge", "mergeOverwrite", "mustMerge", "mustMergeOverwrite",
		"mergeNested", "mergeSources", "sortAlpha", "tplInclude", "tplText", "sub"}
	only := func(flag string) map[string]any {
		write := map[string]any{}
		for _, f := range flags {
			write[f] = f == flag
		}
		return map[string]any{"write": write, "sub": map[string]any{"write": flag == "sub"}}
	}
	for mode, e := range map[string]Engine{"helm4": engines["helm4"], "helm3": engines["helm3"]} {
		unwritten := executeChart(t, dir, e, only(""), 1)
		t.Run("none/"+mode, func(t *testing.T) {
			par := executeChart(t, dir, e, only(""), 4)
			checkSame(t, unwritten, par)
			if !par.parallel() {
				t.Errorf("the parallel execution stopped at %d without writes", par.from)
			}
		})
		for _, flag := range flags {
			t.Run(flag+"/"+mode, func(t *testing.T) {
				seq := executeChart(t, dir, e, only(flag), 1)
				par := executeChart(t, dir, e, only(flag), 4)
				checkSame(t, seq, par)
				// Helm 4's .Chart.Keywords is a copy that sortAlpha sorts.
				writes := !(flag == "sortAlpha" && !e.Helm3)
				writer := "w-write.yaml"
				if flag == "sub" {
					writer = "sub.yaml"
				}
				if want := index(t, seq, writer); writes && par.from != want {
					t.Errorf("the parallel execution stopped at %d, want %d", par.from, want)
				} else if !writes && !par.parallel() {
					t.Errorf("the parallel execution stopped at %d without writes", par.from)
				}
				if read, before := content(t, seq, "a-read.yaml"), content(t, unwritten, "a-read.yaml"); writes && read == before && !strings.HasPrefix(flag, "tpl") {
					t.Errorf("a-read.yaml does not see the write:\n%s", read)
				}
			})
		}
	}
}

// content returns the output of the template whose name ends with suffix.
func content(t *testing.T, ex execution, suffix string) string {
	t.Helper()
	return ex.results[index(t, ex, suffix)].rendered.Content
}

// index returns the index of the template whose name ends with suffix,
// whether it rendered or failed.
func index(t *testing.T, ex execution, suffix string) int {
	t.Helper()
	for k, res := range ex.results {
		if res.rendered != nil && strings.HasSuffix(res.rendered.Name, suffix) || res.err != nil && strings.HasSuffix(res.err.Template, suffix) {
			return k
		}
	}
	t.Fatalf("no result of %s", suffix)
	return 0
}

// TestParallelExecutionOrder checks that the errors, and required's and
// fail's messages in lint mode, come in Helm's order of the templates
// (names descending), whichever worker executed them.
func TestParallelExecutionOrder(t *testing.T) {
	const dir = "../testdata/charts/rt-parallel"
	failing := map[string]any{"failing": true}
	for mode, e := range engines {
		t.Run(mode, func(t *testing.T) {
			par := executeChart(t, dir, e, failing, 4)
			if !par.parallel() {
				t.Fatalf("the parallel execution stopped at %d", par.from)
			}
			checkSame(t, executeChart(t, dir, e, failing, 1), par)
			var messages, failed []string
			for _, res := range par.results {
				for _, m := range res.messages {
					messages = append(messages, m.Text)
				}
				if res.err != nil {
					failed = append(failed, filepath.Base(res.err.Template))
				}
			}
			wantMessages := []string{"Missing required value: m-required needs .Values.missing", "Fail: k-fail fails",
				"Missing required value: c-both needs .Values.other", "Fail: c-both fails too"}
			wantFailed := []string{"e-nil.yaml"}
			if !e.LintMode {
				wantMessages, wantFailed = nil, []string{"m-required.yaml", "k-fail.yaml", "e-nil.yaml", "c-both.yaml"}
			}
			if !reflect.DeepEqual(messages, wantMessages) {
				t.Errorf("messages %q, want %q", messages, wantMessages)
			}
			if !reflect.DeepEqual(failed, wantFailed) {
				t.Errorf("failed templates %q, want %q", failed, wantFailed)
			}
		})
	}
}

// TestParallelExecutionCorpus executes the largest corpus charts both ways;
// under -race it checks that workers share nothing they write.
func TestParallelExecutionCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	dir := corpus.Dir(t)
	for _, name := range []string{"argoproj__argo-cd", "prometheus-community__kube-prometheus-stack", "bitnami__airflow"} {
		path := corpus.ChartPath(t, dir, name)
		for mode, e := range map[string]Engine{"helm4": engines["helm4"], "helm3": engines["helm3"]} {
			t.Run(name+"/"+mode, func(t *testing.T) {
				par := executeChart(t, path, e, nil, 2)
				if !par.parallel() {
					t.Errorf("the parallel execution stopped at %d", par.from)
				}
				seq := executeChart(t, path, e, nil, 1)
				checkSameExcept(t, seq, par, varying(seq, executeChart(t, path, e, nil, 1)))
			})
		}
	}
}

// TestParallelExecutionNamingTplTemplate: a template that names tpl's
// template sees the latest text tpl executed before it, which only a
// sequential execution knows, so the parallel execution stops at once.
func TestParallelExecutionNamingTplTemplate(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"Chart.yaml":       "apiVersion: v2\nname: named\nversion: 0.1.0\n",
		"templates/b.yaml": "b: {{ tpl \"from b\" . }}\n",
		"templates/a.yaml": "a: {{ template \"" + tplName + "\" . }}\n",
	}
	for name, data := range files {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	par := executeChart(t, dir, Engine{}, nil, 4)
	checkSame(t, executeChart(t, dir, Engine{}, nil, 1), par)
	if par.from != 0 {
		t.Errorf("the parallel execution stopped at %d, want 0", par.from)
	}
}
