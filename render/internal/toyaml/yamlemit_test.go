package toyaml

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/chartwright/chartwright/render/internal/chartutil"
	"github.com/chartwright/chartwright/render/internal/common"
	yamlv2 "go.yaml.in/yaml/v2"
)

// checkEmitYAML compares emitYAML with yaml.v2's Marshal of v in its JSON
// shape and with Helm's toYaml, and reports whether emitYAML vouched for
// v.
func checkEmitYAML(t *testing.T, v any) bool {
	t.Helper()
	got, ok := emitYAML(v)
	if !ok {
		return false
	}
	shaped, _, shapeOK := jsonShape(v)
	if !shapeOK {
		t.Errorf("emitYAML(%#v) = %q, but jsonShape refuses it", v, got)
		return true
	}
	want, err := yamlv2.Marshal(shaped)
	if err != nil {
		t.Errorf("emitYAML(%#v) = %q, but yaml.v2 fails: %v", v, got, err)
	} else if got != string(want) {
		t.Errorf("emitYAML(%#v)\n got: %q\nwant: %q", v, got, want)
	} else if helm := helmToYAML(v); strings.TrimSuffix(got, "\n") != helm {
		t.Errorf("emitYAML(%#v)\n got: %q\nHelm: %q", v, got, helm)
	}
	return true
}

func TestEmitYAMLTable(t *testing.T) {
	long := strings.Repeat("word ", 20) + "end"
	tests := []struct {
		name    string
		v       any
		handled bool // whether emitYAML writes v itself
	}{
		{"null", nil, true},
		{"bool", false, true},
		{"int", -7, true},
		{"int64", int64(1) << 62, true},
		{"floats", []any{1.5, math.Copysign(0, -1), 0.1, 1e21, 1e-7, 123456789.0, -42.0, 1.5e300, float64(1 << 62), 9007199254740993.0}, true},
		{"integral floats beyond int64", []any{1e19, 1e20}, false},
		{"infinity", math.Inf(1), false},
		{"NaN", []any{math.NaN()}, false},
		{"nil collections", []any{map[string]any(nil), []any(nil), []string(nil), common.Values(nil)}, true},
		{"empty string", "", true},
		{"plain strings", []any{"a", "512Mi", "100m", "1.2.3", "v1.0", "IfNotPresent", "a:b", "a#b", "-a", "?a", "<<", "=", "snow ☃ 雪", "nb\u00a0sp", "\uFFFD"}, true},
		{"resolving strings", []any{"yes", "No", "on", "OFF", "y", "~", "null", "true", "1", "-1", "+1", "0x1F", "0o17", "017", "1_000", "0b101", "-0b1", "0b-1", "0b+1", "1.5", ".5", "1e3", "-.5e-3", ".inf", "-.Inf", "+.INF", ".nan", "2024-01-31", "2001-12-14 21:59:43.10", "18446744073709551615", "99999999999999999999"}, true},
		{"near resolving strings", []any{"1e", ".", ".e3", "0b2", "0x", "1__", "_1", "2024-13-01", "12345-01-01", "1.5.0", "-", "+", "-.5x", "Yes!", "nul", "0b1_0"}, true},
		{"indicators", []any{"- a", "-", "a: b", "a:", ": a", ":", "? a", "?", "a #b", "#a", "*", "&a", "!a", "|", ">", "'q'", "\"q\"", "%a", "@a", "`a", ",a", "[a]", "{a}", "]", "}", "---", "--- a", "...", "...a", "--", ".."}, true},
		{"apostrophes", []any{"it's", "'", "- it's 'x'"}, true},
		{"spaces", []any{" lead", "trail ", " ", "a  b", "  "}, true},
		{"json in a string", map[string]any{"config": `{"a": 1, "b": [true]}`}, true},
		{"multi-line", []any{"a\nb", "a\nb\n", "a\nb\n\n", "\n", "\n\n", "\na", " a\nb", "a\n b\n", "a\n\nb", "x: y\n- z\n"}, true},
		{"multi-line in maps", map[string]any{"a": "x\ny\n", "b": map[string]any{"c": []any{"p\nq", map[string]any{"d": "r\n\ns"}}}, "e": 1}, true},
		{"multi-line at root", "line one\nline two\n", true},
		{"multi-line at root kept", "line\n\n", true},
		{"multi-line at root stripped", " line\nline", true},
		{"long without spaces", strings.Repeat("x", 200), true},
		{"long with spaces", long, false},
		{"long with spaces in a list", []any{long}, false},
		{"short with spaces deep", map[string]any{"a": map[string]any{"b": []any{"some words here"}}}, true},
		{"empty collections", map[string]any{"m": map[string]any{}, "l": []any{}, "n": map[string]any(nil), "s": []string(nil), "v": common.Values{}}, true},
		{"empty at root", []any{}, true},
		{"empty map at root", map[string]any{}, true},
		{"lists in lists", []any{[]any{1, []any{2, 3}}, []any{}, []any{map[string]any{"a": []any{"b"}}}}, true},
		{"lists of maps", map[string]any{"ports": []any{map[string]any{"name": "http", "port": 80}, map[string]any{"name": "https", "port": 443, "tls": map[string]any{"on": true}}}}, true},
		{"strings list", map[string]any{"args": []string{"--a", "b c", "yes", "x\ny"}}, true},
		{"values type", common.Values{"nested": chartutil.Values{"a": 1}}, true},
		{"helm 3 values type", chartutil.Values{"nested": common.Values{"a": 1}, "n": chartutil.Values(nil)}, true},
		{"key order", keysOf("b", "a", "B", "A", "_", "-", ".", "a1", "a01", "a10", "a2", "a0", "1", "01", "10", "10a", "2", "9z", "x3", "é", "z", "Z9", "Z10", "ab", "a b", "v1", "v1beta1", "k8s", "i18n"), true},
		{"key order that depends on the map's order", keysOf("a2", "a10", "a1a"), false},
		{"keys differing after a digit", keysOf("v1beta1", "v1alpha1"), false},
		{"keys differing inside a number", keysOf("a01", "a001"), false},
		{"non-ASCII digits in keys", keysOf("x٣", "x3"), false},
		{"long digit runs in keys", keysOf("a1234567890123456789", "b"), false},
		{"keys needing quotes", keysOf("", "1", "true", "yes", "- a", "a: b", "#c", "it's", "2024-01-01", "x"), true},
		{"key of 128 bytes", keysOf(strings.Repeat("k", 128)), true},
		{"key of 129 bytes", keysOf(strings.Repeat("k", 129)), false},
		{"key with spaces beyond the width", keysOf(long), true},
		{"multi-line key", keysOf("a\nb"), false},
		{"tab", "a\tb", false},
		{"carriage return", "a\rb", false},
		{"control", "a\x01b", false},
		{"line separator", "a\u2028b", false},
		{"next line", "a\u0085b", false},
		{"bom", "\uFEFFa", false},
		{"beyond the BMP", "emoji 😀", false},
		{"invalid UTF-8", "a\xffb", false},
		{"escapes in a double-quoted string", "1\\", true},
		{"sexagesimal-like", "1:20", false},
		{"trailing space on a line", "a \nb", false},
		{"unknown type", map[string]any{"a": int32(1)}, false},
		{"unknown type deep", []any{1, []any{uint(2)}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if handled := checkEmitYAML(t, tt.v); handled != tt.handled {
				t.Errorf("emitYAML vouched for %#v: %v, want %v", tt.v, handled, tt.handled)
			}
		})
	}
}

// keysOf returns a map with the given keys, each with a distinct value.
func keysOf(keys ...string) map[string]any {
	m := map[string]any{}
	for i, k := range keys {
		m[k] = i
	}
	return m
}

// TestEmitYAMLLayout pins yaml.v2's layout of nested collections, which
// the comparisons with yaml.v2 check everywhere else.
func TestEmitYAMLLayout(t *testing.T) {
	v := map[string]any{
		"list":  []any{"a", map[string]any{"k": 1, "l": []any{"x"}}, []any{"y", "z"}, map[string]any{}},
		"map":   map[string]any{"inner": map[string]any{"deep": "t\nu\n"}, "empty": []any{}},
		"chomp": "keep\n\n",
	}
	want := `chomp: |+
  keep

list:
- a
- k: 1
  l:
  - x
- - "y"
  - z
- {}
map:
  empty: []
  inner:
    deep: |
      t
      u
`
	got, ok := emitYAML(v)
	if !ok || got != want {
		t.Errorf("emitYAML = %q, %v\nwant %q", got, ok, want)
	}
}

// TestEmitYAMLRandom compares emitYAML with yaml.v2 on seeded random
// nested values full of strings at the edges of yaml.v2's rules.
func TestEmitYAMLRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	const cases = 10000
	handled := 0
	for i := range cases {
		v := randomValue(randChooser{r}, 0)
		if i%2 == 0 {
			v = randomMap(randChooser{r}, 0)
		}
		if checkEmitYAML(t, v) {
			handled++
		}
	}
	// Nasty strings make many values fall back; most must not.
	if handled < cases*2/5 {
		t.Errorf("emitYAML vouched for %d of %d random values", handled, cases)
	}
}

// chooser picks a number below n; tests draw values from seeded random
// numbers or from fuzzer bytes.
type chooser interface {
	intn(n int) int
}

type randChooser struct{ r *rand.Rand }

func (c randChooser) intn(n int) int { return c.r.IntN(n) }

// recordingChooser draws from r and keeps the choices for a byteChooser
// to replay: FuzzToYAML's seeds.
type recordingChooser struct {
	r       *rand.Rand
	choices []byte
}

func (c *recordingChooser) intn(n int) int {
	x := c.r.IntN(n)
	c.choices = append(c.choices, byte(x))
	return x
}

// byteChooser reads choices from bytes, then picks 0.
type byteChooser struct{ b []byte }

func (c *byteChooser) intn(n int) int {
	if len(c.b) == 0 {
		return 0
	}
	x := int(c.b[0]) % n
	c.b = c.b[1:]
	return x
}

// stringPieces are fragments of strings near yaml.v2's style rules.
var stringPieces = []string{
	"a", "b", "Z", "word", "x y", " ", "  ", "-", "- ", "--", "---", ".", "...", ":", ": ", " :", "#", " #", "?", "? ",
	"'", "\"", "\\", "*", "&", "!", "|", ">", "%", "@", "`", ",", "[", "]", "{", "}", "<<", "=", "~",
	"\n", "\n\n", " \n", "\n ", "\t", "\r", "\x00", "\x7f", "\u0085", "\u00a0", "\u2028", "\uFEFF", "\uFFFD", "é", "雪", "😀", "\xff",
	"yes", "No", "on", "OFF", "y", "n", "null", "NULL", "true", "False", "0", "1", "-1", "+2", "007", "0x1F", "0o7", "0b101",
	"-0b11", "0b", "1_0", "_", "1.5", ".5", "1e3", "e", "E+2", ".inf", "-.Inf", ".nan", "2024-01-31", "2001-12-14 21:59:43.10",
	"T12:00:00Z", "1:20", "512Mi", "100m", "1.2.3", "v1", "quay.io/prometheus", "{{ .Values.x }}",
}

// randomString joins zero to four pieces, or makes a long run of words.
func randomString(c chooser) string {
	if c.intn(12) == 0 {
		return strings.Repeat(stringPieces[c.intn(len(stringPieces))], 1+c.intn(90))
	}
	var b strings.Builder
	for range c.intn(5) {
		b.WriteString(stringPieces[c.intn(len(stringPieces))])
	}
	return b.String()
}

// keyPieces make keys whose order exercises yaml.v2's natural sort.
var keyPieces = []string{"a", "b", "A", "B", "z", "_", "-", ".", "/", "0", "00", "1", "01", "2", "9", "10", "٣", "é", "x", "ab", "key"}

func randomKey(c chooser) string {
	if c.intn(10) == 0 {
		return randomString(c)
	}
	var b strings.Builder
	for range 1 + c.intn(4) {
		b.WriteString(keyPieces[c.intn(len(keyPieces))])
	}
	return b.String()
}

var randomNumbers = []any{
	0, 1, -1, 42, math.MaxInt64, math.MinInt64, int64(7), int64(-1 << 40),
	0.0, math.Copysign(0, -1), 0.5, -2.25, 1e15, 1e18 + 64, float64(1 << 62), 1e20, 1e21, 1e-7, 1.5e300, 123456.789, math.Inf(1), math.NaN(),
}

// randomMap builds a map of up to five random values, sometimes as
// Values.
func randomMap(c chooser, depth int) any {
	m := map[string]any{}
	for range c.intn(6) {
		m[randomKey(c)] = randomValue(c, depth+1)
	}
	if c.intn(4) == 0 {
		return common.Values(m)
	}
	return m
}

// randomValue builds a nested value of the kinds emitYAML handles, with
// the odd value it does not.
func randomValue(c chooser, depth int) any {
	kinds := 14
	if depth >= 4 {
		kinds = 6 // scalars only
	}
	switch c.intn(kinds) {
	case 0, 1:
		return randomString(c)
	case 2:
		return randomNumbers[c.intn(len(randomNumbers))]
	case 3:
		return c.intn(2) == 0
	case 4:
		return nil
	case 5:
		return []any{map[string]any(nil), []any(nil), []string{}, common.Values{}, int32(1), uint8(2)}[c.intn(6)]
	case 6, 7, 8:
		return randomMap(c, depth)
	case 9, 10, 11:
		l := make([]any, c.intn(5))
		for i := range l {
			l[i] = randomValue(c, depth+1)
		}
		return l
	default:
		l := make([]string, c.intn(4))
		for i := range l {
			l[i] = randomString(c)
		}
		return l
	}
}
