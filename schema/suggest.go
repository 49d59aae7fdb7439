package schema

import "strings"

// suggest returns the candidate closest to key, when close enough to be a
// likely typo: a different case, or an edit distance of at most a third of
// the key's length (at least 1, at most 3).
func suggest(key string, candidates []string) string {
	best, bestDist := "", 0
	limit := min(max(len(key)/3, 1), 3)
	for _, c := range candidates {
		if strings.EqualFold(c, key) {
			return c
		}
		d := editDistance(key, c)
		if d <= limit && (best == "" || d < bestDist) {
			best, bestDist = c, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, in bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
