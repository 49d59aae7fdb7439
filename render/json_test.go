package render_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/render"
	"github.com/chartwright/chartwright/render/values"
)

// TemplateWith reads -f files through readFile and applies --set over
// them; JSONDocuments maps each line to a template line whose File is the
// loaded chart's own source file, and names the subchart's templates.
func TestTemplateWithJSONDocuments(t *testing.T) {
	c, err := chart.Load("../testdata/charts/webapp", chart.Options{})
	if err != nil {
		t.Fatal(err)
	}
	read := func(name string) ([]byte, error) {
		if name != "prod.yaml" {
			t.Errorf("read %q", name)
		}
		return []byte("replicaCount: 5\nimage:\n  tag: from-file\n"), nil
	}
	flags := values.Flags{ValueFiles: []string{"prod.yaml"}, Set: []string{"image.tag=from-set"}}
	rel, err := render.TemplateWith(context.Background(), c, flags, read, render.Options{SourceMap: true})
	if err != nil {
		t.Fatal(err)
	}
	docs := rel.JSONDocuments(render.WriteOptions{})
	var deploy *render.JSONDocument
	sources := map[string]bool{}
	for i, d := range docs {
		sources[d.Source] = true
		if d.Kind == "Deployment" {
			deploy = &docs[i]
		}
	}
	if deploy == nil || !sources["webapp/charts/redis/templates/statefulset.yaml"] {
		t.Fatalf("documents %v: want the Deployment and the aliased subchart's StatefulSet", sources)
	}
	if !strings.Contains(deploy.Content, "replicas: 5") || !strings.Contains(deploy.Content, "webapp:from-set") {
		t.Errorf("the values flags were not applied:\n%s", deploy.Content)
	}
	lines := strings.Split(deploy.Content, "\n")
	if len(deploy.Lines) != len(lines) {
		t.Fatalf("%d lines, %d origins", len(lines), len(deploy.Lines))
	}
	first := deploy.Lines[0]
	if first.Template != "webapp/templates/deployment.yaml" || first.Line != 1 || first.File != c.File("templates/deployment.yaml") {
		t.Errorf("line 1 maps to %+v, want the loaded templates/deployment.yaml, line 1", first)
	}
	var out bytes.Buffer
	if err := rel.WriteJSON(&out, render.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	var decoded struct {
		Documents  []map[string]any `json:"documents"`
		ValuesRead []string         `json:"valuesRead"`
	}
	if err := json.Unmarshal(out.Bytes(), &decoded); err != nil {
		t.Fatal(err)
	}
	if len(decoded.Documents) != len(docs) || len(decoded.ValuesRead) == 0 {
		t.Errorf("WriteJSON wrote %d documents and values %v", len(decoded.Documents), decoded.ValuesRead)
	}
	if strings.Contains(out.String(), `"uri"`) {
		t.Error("the CLI's JSON names URIs, which only the language server fills in")
	}
}

// A chart that renders nothing has an empty list of documents, not null.
func TestJSONDocumentsEmpty(t *testing.T) {
	c := &chart.Chart{Metadata: &chart.Metadata{APIVersion: "v2", Name: "empty", Version: "0.1.0"}}
	rel, err := render.Template(context.Background(), c, render.Options{SourceMap: true})
	if err != nil {
		t.Fatal(err)
	}
	if docs := rel.JSONDocuments(render.WriteOptions{}); docs == nil || len(docs) != 0 {
		t.Errorf("documents %#v, want an empty list", docs)
	}
}

// A -f file that cannot be read stops the render with readFile's error.
func TestTemplateWithUnreadableValues(t *testing.T) {
	c, err := chart.Load("../testdata/charts/webapp", chart.Options{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = render.TemplateWith(context.Background(), c, values.Flags{ValueFiles: []string{"nope.yaml"}},
		func(string) ([]byte, error) { return nil, errTest }, render.Options{})
	if err != errTest {
		t.Errorf("error %v, want readFile's", err)
	}
}

var errTest = testError("no such values file")

type testError string

func (e testError) Error() string { return string(e) }
