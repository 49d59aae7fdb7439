package lsp

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/internal/corpus"
	"github.com/chartwright/chartwright/lsp/cache"
	"go.lsp.dev/protocol"
)

// decodedToken is a semantic token decoded from LSP's integers.
type decodedToken struct {
	Line, Char, Length uint32
	Type               string
	Mods               []string
}

// decodeTokens decodes LSP's relative encoding with the server's legend.
func decodeTokens(t testing.TB, data []uint32) []decodedToken {
	t.Helper()
	if len(data)%5 != 0 {
		t.Fatalf("%d integers: not a multiple of 5", len(data))
	}
	legend := semanticTokensCapability().Legend
	var out []decodedToken
	var line, char uint32
	for i := 0; i < len(data); i += 5 {
		if data[i] > 0 {
			char = 0
		}
		line, char = line+data[i], char+data[i+1]
		d := decodedToken{Line: line, Char: char, Length: data[i+2], Type: string(legend.TokenTypes[data[i+3]])}
		for bit, m := range legend.TokenModifiers {
			if data[i+4]&(1<<bit) != 0 {
				d.Mods = append(d.Mods, string(m))
			}
		}
		out = append(out, d)
	}
	return out
}

// describeSemantic decodes tokens as "line:char text type mods", the text
// read back from the file through the LSP positions.
func describeSemantic(t testing.TB, f *source.File, tokens *protocol.SemanticTokens) []string {
	t.Helper()
	var out []string
	for _, d := range decodeTokens(t, tokens.Data) {
		start := offsetOf(f, protocol.Position{Line: d.Line, Character: d.Char})
		end := offsetOf(f, protocol.Position{Line: d.Line, Character: d.Char + d.Length})
		s := fmt.Sprintf("%d:%d %s %s", d.Line, d.Char, f.Data[start:end], d.Type)
		if len(d.Mods) > 0 {
			s += " " + strings.Join(d.Mods, ",")
		}
		out = append(out, s)
	}
	return out
}

func templateDoc(text string) *cache.Document {
	return &cache.Document{Kind: cache.KindTemplate, File: source.NewFile("templates/t.yaml", []byte(text))}
}

func TestSemanticTokens(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"values path, pipe, function, string", `image: {{ .Values.image.tag | default "x" }}`, []string{
			"0:7 {{ macro", "0:10 .Values namespace defaultLibrary", "0:17 .image property", "0:23 .tag property",
			"0:28 | operator", "0:30 default function", `0:38 "x" string`, "0:42 }} macro"}},
		{"declaration and built-in fields", `{{- $name := .Release.Name -}}`, []string{
			"0:0 {{- macro", "0:4 $name variable declaration", "0:10 := operator",
			"0:13 .Release namespace defaultLibrary", "0:21 .Name property defaultLibrary", "0:27 -}} macro"}},
		{"keywords, dot, variables, numbers, booleans, nil", "{{ if eq . 1 }}{{ else if true }}{{ $x = nil }}{{ end }}", []string{
			"0:0 {{ macro", "0:3 if keyword", "0:6 eq function", "0:9 . variable", "0:11 1 number", "0:13 }} macro",
			"0:15 {{ macro", "0:18 else keyword", "0:23 if keyword", "0:26 true variable readonly,defaultLibrary", "0:31 }} macro",
			"0:33 {{ macro", "0:36 $x variable", "0:39 = operator", "0:41 nil variable readonly,defaultLibrary", "0:45 }} macro",
			"0:47 {{ macro", "0:50 end keyword", "0:54 }} macro"}},
		{"range over a variable's field, parens and commas left out", "{{ range $i, $v := ($.Values.list) }}", []string{
			"0:0 {{ macro", "0:3 range keyword", "0:9 $i variable", "0:13 $v variable declaration", "0:16 := operator",
			"0:20 $ variable", "0:21 .Values namespace defaultLibrary", "0:28 .list property", "0:35 }} macro"}},
		{"comment split per line, CRLF", "a: 1\r\n{{/* one\r\ntwo */}}\r\n{{ .x }}", []string{
			"1:0 {{/* one comment", "2:0 two */}} comment", "3:0 {{ macro", "3:3 .x property", "3:6 }} macro"}},
		{"comment split at a lone CR", "{{/* one\rtwo */}}\r{{ .x }}", []string{
			"0:0 {{/* one comment", "1:0 two */}} comment", "2:0 {{ macro", "2:3 .x property", "2:6 }} macro"}},
		{"raw string over lines", "{{ `a\nb` }}", []string{"0:0 {{ macro", "0:3 `a string", "1:0 b` string", "1:3 }} macro"}},
		{"UTF-16 columns", "é: {{ .Values.ü }} 👋 {{ \"👋\" }}", []string{
			"0:3 {{ macro", "0:6 .Values namespace defaultLibrary", "0:13 .ü property", "0:16 }} macro",
			"0:22 {{ macro", `0:25 "👋" string`, "0:30 }} macro"}},
		{"a field being typed", "{{ .Values. }}", []string{"0:0 {{ macro", "0:3 .Values namespace defaultLibrary", "0:10 . property", "0:12 }} macro"}},
		{"unclosed action", "{{ include \"x", []string{"0:0 {{ macro", "0:3 include function", `0:11 "x string`}},
		{"text only", "a: b\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := templateDoc(tt.text)
			got := describeSemantic(t, doc.File, encodeSemanticTokens(doc.File, documentSemanticTokens(doc, 0, len(tt.text))))
			if !slices.Equal(got, tt.want) {
				t.Errorf("tokens of %q\n got: %q\nwant: %q", tt.text, got, tt.want)
			}
		})
	}
}

// TestSemanticTokensRange asks for the tokens of one line of a template:
// only those overlapping it come, encoded from the start of the file.
func TestSemanticTokensRange(t *testing.T) {
	doc := templateDoc("{{ .a }}\n{{/* c\nd */}} {{ .b }}\n{{ .c }}\n")
	start := offsetOf(doc.File, protocol.Position{Line: 2, Character: 0})
	end := offsetOf(doc.File, protocol.Position{Line: 2, Character: 4})
	got := describeSemantic(t, doc.File, encodeSemanticTokens(doc.File, documentSemanticTokens(doc, start, end)))
	want := []string{"1:0 {{/* c comment", "2:0 d */}} comment"}
	if !slices.Equal(got, want) {
		t.Errorf("tokens of line 2\n got: %q\nwant: %q", got, want)
	}
}

// TestSemanticTokensOnlyTemplates checks that values files, whose {{ is
// text, get no tokens.
func TestSemanticTokensOnlyTemplates(t *testing.T) {
	doc := &cache.Document{Kind: cache.KindValues, File: source.NewFile("values.yaml", []byte("a: '{{ .x }}'\n"))}
	if got := encodeSemanticTokens(doc.File, documentSemanticTokens(doc, 0, len(doc.File.Data))); len(got.Data) != 0 {
		t.Errorf("values file tokens %v, want none", got.Data)
	}
}

// TestSemanticTokensShop checks the tokens of shop's deployment on its
// lines after non-ASCII text.
func TestSemanticTokensShop(t *testing.T) {
	_, snap, folder := outlineWorkspace(t, "shop")
	doc := outlineDocument(t, snap, folder, "shop/templates/deployment.yaml")
	all := describeSemantic(t, doc.File, encodeSemanticTokens(doc.File, documentSemanticTokens(doc, 0, len(doc.File.Data))))
	var got []string
	for _, s := range all {
		if strings.HasPrefix(s, "4:") || strings.HasPrefix(s, "19:") {
			got = append(got, s)
		}
	}
	want := []string{
		"4:8 {{ macro", "4:11 include function", `4:19 "shop.fullname" string`, "4:35 . variable", "4:37 }} macro",
		"19:18 {{ macro", "19:21 .Values namespace defaultLibrary", "19:28 .image property", "19:34 .repository property", "19:46 }} macro",
		"19:49 {{ macro", "19:52 .Values namespace defaultLibrary", "19:59 .image property", "19:65 .tag property",
		"19:70 | operator", "19:72 default function", "19:80 .Chart namespace defaultLibrary", "19:86 .AppVersion property defaultLibrary",
		"19:98 }} macro",
	}
	if !slices.Equal(got, want) {
		t.Errorf("tokens of lines 4 and 19\n got: %q\nwant: %q", got, want)
	}
}

// TestSemanticTokensCorpus checks the tokens of every template of
// kube-prometheus-stack: in bounds, in order without overlapping, each
// token's text what its type says.
func TestSemanticTokensCorpus(t *testing.T) {
	for _, f := range corpusTemplates(t) {
		tokens := encodeSemanticTokens(f, semanticTokens(f.Data, 0, len(f.Data)))
		var prevLine, prevEnd uint32
		for _, d := range decodeTokens(t, tokens.Data) {
			start := offsetOf(f, protocol.Position{Line: d.Line, Character: d.Char})
			end := offsetOf(f, protocol.Position{Line: d.Line, Character: d.Char + d.Length})
			if back := f.UTF16(end); d.Length == 0 || back.Line != int(d.Line) || back.Character != int(d.Char+d.Length) {
				t.Fatalf("%s: token %+v is not inside its line", f.Name, d)
			}
			if d.Line == prevLine && d.Char < prevEnd && (d.Line > 0 || prevEnd > 0) {
				t.Fatalf("%s: token %+v overlaps the one before", f.Name, d)
			}
			prevLine, prevEnd = d.Line, d.Char+d.Length
			if text := string(f.Data[start:end]); !tokenTextFits(d.Type, text) {
				t.Fatalf("%s:%d:%d: %q is no %s", f.Name, d.Line+1, d.Char+1, text, d.Type)
			}
		}
		if len(tokens.Data) == 0 && strings.Contains(string(f.Data), "{{") {
			t.Errorf("%s: no tokens", f.Name)
		}
	}
}

// tokenTextFits reports whether a token's text is what its type says.
func tokenTextFits(typ, text string) bool {
	switch typ {
	case "macro":
		return slices.Contains([]string{"{{", "{{-", "}}", "-}}"}, text)
	case "keyword":
		return slices.Contains([]string{"if", "else", "end", "range", "with", "define", "template", "block", "break", "continue"}, text)
	case "namespace":
		return slices.Contains([]string{".Values", ".Release", ".Chart", ".Capabilities", ".Files", ".Template", ".Subcharts"}, text)
	case "property":
		return strings.HasPrefix(text, ".") && !strings.Contains(text[1:], ".")
	case "variable":
		return text == "." || strings.HasPrefix(text, "$") || text == "true" || text == "false" || text == "nil"
	case "function":
		return isTokenText(text)
	case "operator":
		return text == "|" || text == ":=" || text == "="
	case "number":
		return strings.ContainsAny(text[:1], "0123456789+-.")
	case "string", "comment":
		return strings.TrimSpace(text) != "" // a piece of a token over several lines
	}
	return false
}

func isTokenText(text string) bool {
	for _, r := range text {
		if r != '_' && !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9') && r < 0x80 {
			return false
		}
	}
	return text != ""
}

// corpusTemplates returns the templates of kube-prometheus-stack (and of
// its subcharts), its largest first.
func corpusTemplates(t testing.TB) []*source.File {
	t.Helper()
	c := loadKubePrometheusStack(t)
	var out []*source.File
	var walk func(c *chart.Chart)
	walk = func(c *chart.Chart) {
		out = append(out, c.Templates...)
		for _, s := range c.Subcharts {
			walk(s)
		}
	}
	walk(c)
	slices.SortStableFunc(out, func(a, b *source.File) int { return len(b.Data) - len(a.Data) })
	if len(out) < 100 {
		t.Fatalf("%d templates in kube-prometheus-stack", len(out))
	}
	return out
}

// kubePrometheusStackDir returns the folder of kube-prometheus-stack, the
// largest corpus chart, as it renders.
func kubePrometheusStackDir(t testing.TB) string {
	t.Helper()
	return corpus.ChartPath(t, corpus.Dir(t), "prometheus-community__kube-prometheus-stack")
}

func loadKubePrometheusStack(t testing.TB) *chart.Chart {
	t.Helper()
	c, err := chart.Load(kubePrometheusStackDir(t), chart.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// doubledTemplate is kube-prometheus-stack's largest template written
// twice: some 2,000 lines.
func doubledTemplate(t testing.TB) *source.File {
	t.Helper()
	f := corpusTemplates(t)[0]
	data := slices.Concat(f.Data, []byte("\n---\n"), f.Data)
	return source.NewFile(f.Name, data)
}

func BenchmarkSemanticTokens(b *testing.B) {
	for _, f := range []*source.File{corpusTemplates(b)[0], doubledTemplate(b)} {
		b.Run(fmt.Sprintf("%dlines", f.LineCount()), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				g := source.NewFile(f.Name, f.Data) // a new text: its line table is built again
				encodeSemanticTokens(g, semanticTokens(g.Data, 0, len(g.Data)))
			}
		})
	}
}
