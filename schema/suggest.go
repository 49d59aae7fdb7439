package schema

import (
	"strings"

	"github.com/chartwright/chartwright/internal/suggest"
)

// closest returns the candidate closest to key, when close enough to be a
// likely typo: a different case, or an edit distance of at most a third of
// the key's length (at least 2, at most 3) and less than its length.
func closest(key string, candidates []string) string {
	best, bestDist := "", 0
	limit := min(max(len(key)/3, 2), 3, len(key)-1)
	for _, c := range candidates {
		if strings.EqualFold(c, key) {
			return c
		}
		d := suggest.Within(key, c, limit+1)
		if d <= limit && (best == "" || d < bestDist) {
			best, bestDist = c, d
		}
	}
	return best
}
