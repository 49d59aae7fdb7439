package refs

import (
	"bytes"
	"strings"
)

// DocComment returns the doc comment of the action that starts at or
// holds offset: the text of a comment action ({{/* ... */}}, trim markers
// allowed) written right before it, with only blanks between, each line
// trimmed; "" when there is none. A define's doc comment says what the
// define is for.
func DocComment(data []byte, offset int) string {
	offset = max(0, min(offset, len(data)))
	open := bytes.LastIndex(data[:min(offset+2, len(data))], []byte("{{"))
	if open < 0 {
		return ""
	}
	before := bytes.TrimRight(data[:open], " \t\r\n")
	body, ok := bytes.CutSuffix(before, []byte("}}"))
	if !ok {
		return ""
	}
	body = bytes.TrimRight(bytes.TrimSuffix(body, []byte("-")), " \t\r\n")
	body, ok = bytes.CutSuffix(body, []byte("*/"))
	start := bytes.LastIndex(body, []byte("/*"))
	if !ok || start < 0 {
		return ""
	}
	opener := bytes.TrimRight(bytes.TrimRight(body[:start], " \t\r\n"), "-")
	if !bytes.HasSuffix(opener, []byte("{{")) {
		return ""
	}
	lines := strings.Split(string(body[start+2:]), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSpace(l)
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}
