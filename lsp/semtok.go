package lsp

import (
	"bytes"
	"context"
	"sort"

	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/lsp/cache"
	"github.com/chartwright/chartwright/render/refs"
	"go.lsp.dev/protocol"
)

// Semantic tokens color what is inside template actions, read from the
// text alone with refs.Lex, so that they need no chart and follow every
// keystroke: the text around actions is left to the client's YAML grammar.
//
// The legend uses LSP's standard types: delimiters are macros (the
// template language's "preprocessor" marks); keywords, functions,
// strings, numbers and comments are what they say; variables ($x, $, and
// the dot) are variables, declared where := follows; true, false and nil
// are read-only, default-library variables, as gopls marks Go's; a field
// chain's names are properties, except a built-in object first in the
// chain (.Values, .Release, .Chart...), a default-library namespace, whose
// fields after it are default-library properties — those after .Values
// are the chart's own values keys, plain properties. |, := and = are
// operators. Tokens spanning lines (comments, raw strings) are split at
// line ends, as LSP requires of clients without multiline token support;
// doing so always serves every client.

// Indexes of the legend's token types.
const (
	semNamespace = iota
	semFunction
	semVariable
	semProperty
	semKeyword
	semComment
	semString
	semNumber
	semOperator
	semMacro
)

// Bits of the legend's token modifiers.
const (
	modDeclaration = 1 << iota
	modReadonly
	modDefaultLibrary
)

// semanticTokensOptions are LSP's SemanticTokensOptions, whose legend and
// full/range fields protocol v0.12.0 lacks.
type semanticTokensOptions struct {
	Legend protocol.SemanticTokensLegend `json:"legend"`
	Full   bool                          `json:"full"`
	Range  bool                          `json:"range"`
}

// semanticTokensCapability declares the legend: the types and modifiers in
// the order of the constants above.
func semanticTokensCapability() semanticTokensOptions {
	return semanticTokensOptions{
		Legend: protocol.SemanticTokensLegend{
			TokenTypes: []protocol.SemanticTokenTypes{
				protocol.SemanticTokenNamespace, protocol.SemanticTokenFunction, protocol.SemanticTokenVariable,
				protocol.SemanticTokenProperty, protocol.SemanticTokenKeyword, protocol.SemanticTokenComment,
				protocol.SemanticTokenString, protocol.SemanticTokenNumber, protocol.SemanticTokenOperator,
				protocol.SemanticTokenMacro,
			},
			TokenModifiers: []protocol.SemanticTokenModifiers{
				protocol.SemanticTokenModifierDeclaration, protocol.SemanticTokenModifierReadonly,
				protocol.SemanticTokenModifierDefaultLibrary,
			},
		},
		Full:  true,
		Range: true,
	}
}

func (s *Server) semanticTokensFull(_ context.Context, snap *cache.Snapshot, params *protocol.SemanticTokensParams) (*protocol.SemanticTokens, error) {
	doc, err := document(snap, params.TextDocument.URI)
	if err != nil {
		return nil, err
	}
	return encodeSemanticTokens(doc.File, documentSemanticTokens(doc, 0, len(doc.File.Data))), nil
}

func (s *Server) semanticTokensRange(_ context.Context, snap *cache.Snapshot, params *protocol.SemanticTokensRangeParams) (*protocol.SemanticTokens, error) {
	doc, err := document(snap, params.TextDocument.URI)
	if err != nil {
		return nil, err
	}
	start, end := offsetOf(doc.File, params.Range.Start), offsetOf(doc.File, params.Range.End)
	return encodeSemanticTokens(doc.File, documentSemanticTokens(doc, start, end)), nil
}

// semToken is a semantic token: a byte range of the text, a type of the
// legend and a set of its modifiers.
type semToken struct {
	Start, End int
	Type       int
	Mods       int
}

// documentSemanticTokens returns the semantic tokens of a document that
// overlap [start, end): a template's; other files have none.
func documentSemanticTokens(doc *cache.Document, start, end int) []semToken {
	if doc.Kind != cache.KindTemplate {
		return nil
	}
	return semanticTokens(doc.File.Data, start, end)
}

// semanticTokens returns the semantic tokens of the actions of a template
// text that overlap [start, end), in order.
func semanticTokens(data []byte, start, end int) []semToken {
	tokens := refs.Lex(data)
	first := sort.Search(len(tokens), func(i int) bool { return tokens[i].End > start })
	var out []semToken
	for i := first; i < len(tokens) && tokens[i].Start < end; i++ {
		out = appendSemantic(out, data, tokens, i)
	}
	return out
}

// appendSemantic appends the semantic tokens of tokens[i]: none for
// punctuation, one per name for a field chain, one for anything else.
func appendSemantic(out []semToken, data []byte, tokens []refs.Token, i int) []semToken {
	t := tokens[i]
	add := func(typ, mods int) []semToken { return append(out, semToken{t.Start, t.End, typ, mods}) }
	switch t.Kind {
	case refs.TokenLeftDelim, refs.TokenRightDelim:
		return add(semMacro, 0)
	case refs.TokenComment:
		return add(semComment, 0)
	case refs.TokenKeyword:
		return add(semKeyword, 0)
	case refs.TokenFunction:
		return add(semFunction, 0)
	case refs.TokenField:
		return appendFieldChain(out, data, t)
	case refs.TokenDot:
		return add(semVariable, 0)
	case refs.TokenVariable:
		if i+1 < len(tokens) && tokens[i+1].Kind == refs.TokenDeclare {
			return add(semVariable, modDeclaration)
		}
		return add(semVariable, 0)
	case refs.TokenString, refs.TokenRawString, refs.TokenChar:
		return add(semString, 0)
	case refs.TokenNumber:
		return add(semNumber, 0)
	case refs.TokenBool, refs.TokenNil:
		return add(semVariable, modReadonly|modDefaultLibrary)
	case refs.TokenPipe, refs.TokenDeclare, refs.TokenAssign:
		return add(semOperator, 0)
	}
	return out // parentheses, commas, characters no token starts with
}

// builtinObjects are the top-level objects Helm gives templates besides
// .Values, whose fields are Helm's.
var builtinObjects = map[string]bool{
	"Release": true, "Chart": true, "Capabilities": true, "Files": true, "Template": true, "Subcharts": true,
}

// appendFieldChain appends a token per name of a field chain, each with
// its dot: ".Values" ".image" ".tag". A built-in object first in the chain
// is a namespace; see the legend above.
func appendFieldChain(out []semToken, data []byte, t refs.Token) []semToken {
	fieldMods := 0
	for start, first := t.Start, true; start < t.End; first = false {
		end := start + 1 + bytes.IndexByte(data[start+1:t.End], '.')
		if end == start {
			end = t.End
		}
		name := string(data[start+1 : end])
		switch {
		case first && (name == "Values" || builtinObjects[name]):
			out = append(out, semToken{start, end, semNamespace, modDefaultLibrary})
			if builtinObjects[name] {
				fieldMods = modDefaultLibrary
			}
		default:
			out = append(out, semToken{start, end, semProperty, fieldMods})
		}
		start = end
	}
	return out
}

// encodeSemanticTokens encodes tokens as LSP wants them: five integers
// each, its line and UTF-16 start relative to the token before, its
// UTF-16 length, type and modifiers; a token spanning lines is split at
// line ends.
func encodeSemanticTokens(f *source.File, tokens []semToken) *protocol.SemanticTokens {
	data := make([]uint32, 0, 5*len(tokens))
	var line, char uint32
	for _, t := range tokens {
		for start := t.Start; start < t.End; {
			end, next := lineSegment(f.Data, start, t.End)
			if end > start {
				r := toRange(f, start, end)
				deltaChar := r.Start.Character
				if r.Start.Line == line {
					deltaChar -= char
				}
				data = append(data, r.Start.Line-line, deltaChar, r.End.Character-r.Start.Character, uint32(t.Type), uint32(t.Mods))
				line, char = r.Start.Line, r.Start.Character
			}
			start = next
		}
	}
	return &protocol.SemanticTokens{Data: data}
}

// lineSegment returns the end of the part of [start, end) of data on
// start's line, before its line break (\n, \r\n or a lone \r, as editors
// count lines), and where the next part starts.
func lineSegment(data []byte, start, end int) (segEnd, next int) {
	i := bytes.IndexAny(data[start:end], "\r\n")
	if i < 0 {
		return end, end
	}
	segEnd = start + i
	next = segEnd + 1
	if data[segEnd] == '\r' && next < len(data) && data[next] == '\n' {
		next++
	}
	return segEnd, next
}
