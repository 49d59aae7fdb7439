// Package suggest measures how far a misspelt name is from the names that
// exist, for the did-you-mean hints of the schema validator, the template
// cross-reference index and the linter.
package suggest

// shortName is the length of b up to which Distance keeps its two rows on
// the stack rather than allocating them.
const shortName = 64

// Distance is the Levenshtein distance between a and b, in bytes.
func Distance(a, b string) int {
	var rows [2][shortName + 1]int
	prev, cur := rows[0][:], rows[1][:]
	if len(b) > shortName {
		prev, cur = make([]int, len(b)+1), make([]int, len(b)+1)
	}
	prev, cur = prev[:len(b)+1], cur[:len(b)+1]
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

// Within is Distance(a, b) when that is less than limit, else limit. It
// measures nothing when the lengths of a and b differ by limit or more
// (the distance is at least that), which is most names when looking for
// a near one among many.
func Within(a, b string, limit int) int {
	if d := len(a) - len(b); d >= limit || -d >= limit {
		return limit
	}
	return min(Distance(a, b), limit)
}
