package render

import (
	"fmt"
	"testing"
)

// TestSemverCompareRemembersSprigsAnswers checks that semverCompare answers
// as sprig's does, errors included, the first time and from memory.
func TestSemverCompareRemembersSprigsAnswers(t *testing.T) {
	constraints := []string{">=1.19-0", "<1.25.0-0", "~1.2.3", "^2", "1.x", "!=1.37.0", ">= 1.2, < 3", "not a constraint", ""}
	versions := []string{"v1.37.0", "1.19.0", "1.2.9", "2.5.0", "1.25.0-gke.1", "not a version", ""}
	for round := range 2 {
		for _, c := range constraints {
			for _, v := range versions {
				ok, err := semverCompare(c, v)
				wantOK, wantErr := sprigSemverCompare(c, v)
				if ok != wantOK || fmt.Sprint(err) != fmt.Sprint(wantErr) {
					t.Errorf("round %d: semverCompare(%q, %q) = %v, %v; sprig: %v, %v", round, c, v, ok, err, wantOK, wantErr)
				}
			}
		}
	}
}
