package rules

import (
	"fmt"
	"testing"

	"github.com/chartwright/chartwright/internal/cache"
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
