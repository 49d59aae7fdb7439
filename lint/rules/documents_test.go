package rules

import (
	"fmt"
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
	}
	for _, helm3 := range []bool{false, true} {
		dc := &decoder{helm3: helm3, objects: cache.New[decodedObject](0)}
		for _, text := range docs {
			gotHead, gotErr := dc.head(text)
			wantHead, wantErr := decodeHead([]byte(text), helm3)
			if fmt.Sprint(gotHead, gotErr) != fmt.Sprint(wantHead, wantErr) {
				t.Errorf("helm3=%v %q: head %v, %v; Helm's stub gives %v, %v", helm3, text, gotHead, gotErr, wantHead, wantErr)
			}
		}
	}
}

// TestSplitTexts checks the document texts of both splitters: lines as
// Kubernetes' reader returns them, CRs dropped and a final newline added.
func TestSplitTexts(t *testing.T) {
	dc := &decoder{objects: cache.New[decodedObject](0)}
	for _, tt := range []struct {
		content string
		want    []string
	}{
		{"a: 1\n---\nb: 2\n", []string{"a: 1\n", "b: 2\n"}},
		{"---\na: 1\r\n--- # c\r\nb: 2", []string{"---\na: 1\n", "b: 2\n"}},
		{"a: \"x\ry\"\n", []string{"a: \"x\ry\"\n"}},
	} {
		r := &render.Rendered{Content: tt.content}
		for name, docs := range map[string][]*document{"helm": dc.decodeRendered(r), "all": dc.splitAll(r)} {
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
