package completion

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/chartwright/chartwright/chart/source"
)

// How proposals write values: their YAML types, scalars as a values file
// writes them, and whether a key can be a field of a template.

// valueType names the YAML type of a merged value; a number is an int
// when written as one.
func valueType(v any, written string) string {
	switch v := v.(type) {
	case map[string]any:
		return "map"
	case []any:
		return "list"
	case string:
		return "string"
	case bool:
		return "bool"
	case nil:
		return "null"
	case float64:
		if _, err := strconv.ParseInt(written, 0, 64); err == nil || written == "" && v == float64(int64(v)) {
			return "int"
		}
		return "float"
	case int, int64, uint64:
		return "int"
	}
	return fmt.Sprintf("%T", v)
}

func isCollection(v any) bool {
	switch v.(type) {
	case map[string]any, []any:
		return true
	}
	return false
}

// formatScalar writes a scalar as a values file would, numbers in full
// ("1000000", not "1e+06").
func formatScalar(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case string:
		if strings.ContainsAny(v, "\n") {
			first, _, _ := strings.Cut(v, "\n")
			return first + "…"
		}
		return v
	}
	return fmt.Sprint(v)
}

// scalarText is a scalar value as written in its file, quotes included;
// "" for a mapping or a sequence.
func scalarText(sp source.Span) string {
	if sp.File == nil || sp.Start >= len(sp.File.Data) {
		return ""
	}
	data := sp.File.Data
	if q := data[sp.Start]; q == '"' || q == '\'' {
		return string(data[sp.Start:quotedEnd(data, sp.Start)])
	}
	end := min(max(sp.End, sp.Start), len(data))
	text := strings.TrimSpace(string(data[sp.Start:end]))
	if text == "" || strings.ContainsAny(text[:1], "{[-") && strings.Contains(text, "\n") {
		return ""
	}
	first, _, _ := strings.Cut(text, "\n")
	return first
}

// quotedEnd is the end of the quoted scalar starting at start (after its
// closing quote), or the end of its line when it is not closed there.
func quotedEnd(data []byte, start int) int {
	q := data[start]
	for i := start + 1; i < len(data); i++ {
		switch {
		case data[i] == '\n':
			return i
		case q == '"' && data[i] == '\\':
			i++
		case data[i] == q && q == '\'' && i+1 < len(data) && data[i+1] == '\'':
			i++
		case data[i] == q:
			return i + 1
		}
	}
	return len(data)
}

// truncate shortens s to n bytes or so, on a rune boundary.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

func utf8RuneStart(b byte) bool { return b&0xC0 != 0x80 }

var identifierPattern = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`) })

// isIdentifier reports whether a key can be written as a field: .name.
func isIdentifier(s string) bool { return identifierPattern().MatchString(s) }

// yamlScalar writes a JSON scalar (an enum's value) as YAML: strings bare
// unless YAML would read them as something else.
func yamlScalar(jsonText string) string {
	var s string
	if json.Unmarshal([]byte(jsonText), &s) != nil {
		return jsonText
	}
	if s == "" || needsQuotes(s) {
		return jsonText
	}
	return s
}

// needsQuotes reports whether a string written bare would not read back as
// that string in YAML 1.1.
func needsQuotes(s string) bool {
	switch strings.ToLower(s) {
	case "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~":
		return true
	}
	if strings.ContainsAny(s[:1], "-?:,[]{}#&*!|>'\"%@`0123456789. ") || strings.Contains(s, ": ") || strings.Contains(s, " #") {
		return true
	}
	return false
}
