package refs

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/internal/corpus"
)

// defineHeader is the regular expression defineNames implements.
var defineHeader = regexp.MustCompile(`\{\{-?\s*(?:define|block)\s+("(?:[^"\\\n]|\\.)*"|` + "`[^`]*`" + `)`)

// TestDefineNames checks defineNames against defineHeader on tricky texts
// and on every template of the corpus.
func TestDefineNames(t *testing.T) {
	texts := []string{
		`{{ define "a" }}x{{ end }}{{- define "b" -}}{{ end }}{{-define "c"}}{{end}}`,
		"{{ block `raw\nname` . }}{{ end }}{{\tdefine\n\"d\" }}{{ end }}",
		`{{ define"nospace" }}{{ defined "x" }}{{ define x }}{{ /* define "c" */ }}{{`,
		`{{ define "esc\"aped" }}{{ define "line` + "\n" + `break" }}{{ define "back\` + "\n" + `slash" }}`,
		`{{ define "un`, `{{ define "a{{ define "b" }}" }}`, "{{ define `open", `{{ define "\`,
	}
	dir := filepath.Join(corpus.Dir(t), "charts")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		c, err := chart.Load(filepath.Join(dir, e.Name()), chart.Options{})
		if err != nil {
			continue
		}
		for _, f := range collectFiles(c, nil) {
			texts = append(texts, string(f.src.Data))
		}
	}
	for _, text := range texts {
		var want []byteRange
		for _, m := range defineHeader.FindAllSubmatchIndex([]byte(text), -1) {
			want = append(want, byteRange{m[2], m[3]})
		}
		if got := defineNames([]byte(text)); !slices.Equal(got, want) {
			t.Errorf("define names of %.200q\n got: %v\nwant: %v", text, got, want)
		}
	}
}
