package chart

import "testing"

func TestSingleDocumentNeedsNoSplit(t *testing.T) {
	for _, s := range []string{"a: 1\n", "a: |+\n  x\n\n", "# c\n--- \n", "a: 1\n---\nb: 2\n", "a: 1", "a: 1\r\n", "---\na: 1\n", "", "\n", "a: '---'\n", "a: x---\n"} {
		docs, err := splitYAMLDocuments(s)
		single := err == nil && len(docs) == 1 && docs[0] == s
		if isSingleDocument([]byte(s)) && !single {
			t.Errorf("%q: isSingleDocument, but split gives %q, %v", s, docs, err)
		}
	}
}
