package rules

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chartwright/chartwright/internal/cache"
	"github.com/chartwright/chartwright/render"
)

// TestDecoderHeadIsHelms checks that heads taken from decoded objects are
// what decoding into Helm's stub gives, errors included.
func TestDecoderHeadIsHelms(t *testing.T) {
	docs := []string{
		"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: b\n",
		"kind: Secret\nmetadata: null\n",
		"Kind: Secret\nmetadata:\n  Name: x\n",
		"kind: Secret\nKIND: Other\n",
		"apiversion: v1\n",
		"kind: 1\n",
		"apiVersion: [v1]\n",
		"metadata: x\n",
		"metadata:\n  name: 5\n",
		"metadata:\n  namespace: {}\n",
		"metadata:\n  NAME: n\n",
		"\u212aind: Secret\n",
		"- a\n- b\n",
		"just text\n",
		"# only a comment\n",
		"null\n",
		"{\"kind\": \"Service\", \"metadata\": {\"name\": \"s\"}}",
		"a: [\n",
		"apiVersion: v1\nkind: ConfigMap\nspec:\n  a: 1\n  a: 2\n",
		"apiVersion: v1\nkind: ConfigMap\nspec:\n  x: .inf\n",
		"kind: Secret\nspec:\n  - a: |\n      text\n    b: \"q\"\n",
	}
	for _, helm3 := range []bool{false, true} {
		dc := &decoder{helm3: helm3, objects: cache.New[decodedObject](0), crds: cache.New[selectedObject](0)}
		for _, text := range docs {
			wantHead, wantErr := decodeHead([]byte(text), helm3)
			for name, headOf := range map[string]func(string) (*head, error){"head": dc.head, "crdHead": dc.crdHead} {
				gotHead, gotErr := headOf(text)
				if fmt.Sprint(gotHead, gotErr) != fmt.Sprint(wantHead, wantErr) {
					t.Errorf("%s helm3=%v %q: head %v, %v; Helm's stub gives %v, %v", name, helm3, text, gotHead, gotErr, wantHead, wantErr)
				}
			}
		}
	}
}

// TestSplitTexts checks the document texts of both splitters: lines as
// Kubernetes' reader returns them, CRs dropped and a final newline added.
func TestSplitTexts(t *testing.T) {
	dc := &decoder{objects: cache.New[decodedObject](0), crds: cache.New[selectedObject](0)}
	for _, tt := range []struct {
		content string
		want    []string
	}{
		{"a: 1\n---\nb: 2\n", []string{"a: 1\n", "b: 2\n"}},
		{"---\na: 1\r\n--- # c\r\nb: 2", []string{"---\na: 1\n", "b: 2\n"}},
		{"a: \"x\ry\"\n", []string{"a: \"x\ry\"\n"}},
	} {
		r := &render.Rendered{Content: tt.content}
		for name, docs := range map[string][]*document{"helm": dc.decodeRendered(r, dc.head), "crd": dc.decodeRendered(r, dc.crdHead), "all": dc.splitAll(r)} {
			var got []string
			for _, d := range docs {
				got = append(got, d.text)
			}
			if fmt.Sprintf("%q", got) != fmt.Sprintf("%q", tt.want) {
				t.Errorf("%s split of %q: %q, want %q", name, tt.content, got, tt.want)
			}
		}
	}
}

// TestValidatedKinds checks which CRDs schemaProblems decodes whole: those
// defining a kind of a validated document, every one for a List.
func TestValidatedKinds(t *testing.T) {
	crd := func(kind any) map[string]any {
		return map[string]any{"spec": map[string]any{"names": map[string]any{"kind": kind}}}
	}
	docs := []*document{{object: map[string]any{}, head: &head{Kind: "Prometheus"}}, {head: &head{Kind: "Skipped"}}}
	ks := validatedKinds(docs)
	for _, tt := range []struct {
		crd  map[string]any
		want bool
	}{
		{crd("Prometheus"), true},
		{crd("ThanosRuler"), false},
		{crd("Skipped"), false}, // a document that did not decode is not validated
		{crd(5), false},         // AddCRD refuses a CRD without a kind
		{map[string]any{}, false},
	} {
		if got := ks.has(definedKind(tt.crd)); got != tt.want {
			t.Errorf("CRD %v decoded: %v, want %v", tt.crd, got, tt.want)
		}
	}
	for _, obj := range []map[string]any{
		{"apiVersion": "v1", "kind": "List"},
		{"apiVersion": "v1", "kind": "ConfigMapList", "items": []any{}},
	} {
		list := []*document{{object: obj, head: &head{Kind: obj["kind"].(string)}}}
		if !validatedKinds(list).has("ThanosRuler") {
			t.Errorf("a %s's items have kinds of their own: every CRD must be decoded", obj["kind"])
		}
	}
}

// TestLostAtEnd checks which last lines Kubernetes' YAML reader loses: a
// line without a newline that its 4096-byte line reader reads up in whole
// pieces, a CR ending a piece being left for the next.
func TestLostAtEnd(t *testing.T) {
	x := func(n int) string { return strings.Repeat("x", n) }
	tests := []struct {
		raw  string
		lost bool
	}{
		{x(4096), true},
		{x(8192), true},
		{x(4095), false},
		{x(4097), false},
		{x(4096) + "\n", false},
		{x(4095) + "\r", false},           // 4095, then the CR alone
		{x(4095) + "\r" + x(4095), true},  // 4095, then 4096
		{x(4095) + "\r" + x(4096), false}, // 4095, 4096, then one byte
		{"", false},
	}
	for _, tt := range tests {
		if got := lostAtEnd(tt.raw); got != tt.lost {
			t.Errorf("lostAtEnd(%d bytes, CR at %d) = %v, want %v", len(tt.raw), strings.IndexByte(tt.raw, '\r'), got, tt.lost)
		}
	}
}

// TestLooksLikeJSON checks how helm lint's decoder tells JSON: a "{" after
// white space within the first 4096 bytes.
func TestLooksLikeJSON(t *testing.T) {
	for _, tt := range []struct {
		content string
		json    bool
	}{
		{`{"a": 1}`, true},
		{strings.Repeat("\n", 4095) + `{"a": 1}`, true},
		{strings.Repeat("\n", 4096) + `{"a": 1}`, false},
		{"a: {}", false},
		{"", false},
	} {
		if got := looksLikeJSON(tt.content); got != tt.json {
			t.Errorf("looksLikeJSON(%d bytes) = %v, want %v", len(tt.content), got, tt.json)
		}
	}
}
