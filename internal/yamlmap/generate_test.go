package yamlmap

import (
	"math/rand"
	"strings"
	"testing"
)

// TestFastPathOnGenerated compares the fast path with yaml.v2 on random
// documents written in every style it reads, with the spacing that decides
// YAML's folding and indentation: blank lines holding spaces, continuation
// lines at every depth, block scalar indicators, escapes, comments
// everywhere. Some lines then get the mutations of TestFastPathOnMutations.
func TestFastPathOnGenerated(t *testing.T) {
	rng := rand.New(rand.NewSource(generatorSeed))
	answered := 0
	for range generatedDocuments {
		g := generator{rng: rng}
		g.WriteString(g.pick("", "", "", "---\n", "# c\n---\n", "--- # c\n", "\n---\n\n"))
		if rng.Intn(20) == 0 {
			g.WriteString(g.flow(2) + g.pick("", " ", " # c") + "\n") // a flow document
			g.filler()
		} else {
			g.mapping(0)
		}
		text := g.String()
		if rng.Intn(4) == 0 {
			text = mutateYAML(rng, text)
		}
		if checkFastPath(t, "generated", text) {
			answered++
		}
	}
	t.Logf("fast path answered %d of %d generated documents", answered, generatedDocuments)
	if answered < generatedDocuments*45/100 {
		t.Errorf("fast path answered %d of %d generated documents; it answers for about half", answered, generatedDocuments)
	}
}

// generatedDocuments and generatorSeed are changed by hand for a deeper
// check (go test -run Generated).
var (
	generatedDocuments = 20000
	generatorSeed      = int64(5)
)

// generator writes a random document.
type generator struct {
	strings.Builder
	rng   *rand.Rand
	depth int
}

func (g *generator) pick(choices ...string) string { return choices[g.rng.Intn(len(choices))] }

func (g *generator) spaces(n int) string { return strings.Repeat(" ", max(n, 0)) }

// mapping writes a block mapping at column indent; the caller has written
// the indentation of its first key.
func (g *generator) mapping(indent int) {
	g.depth++
	defer func() { g.depth-- }()
	keys := map[string]bool{}
	for i, n := 0, 1+g.rng.Intn(4); i < n; i++ {
		if i > 0 {
			g.WriteString(g.spaces(indent))
		}
		key := g.key()
		if keys[key] {
			continue
		}
		keys[key] = true
		g.WriteString(key + g.pick(":", ":", " :"))
		g.value(indent, true)
		g.filler()
	}
}

func (g *generator) key() string {
	return g.pick("a", "b", "c", "key", "a b", "k-1", "x.y/z", "'q'", "\"dq\"", "'it''s'", "\"e\\x41\"", "y1", "on_", "-k", "k:v", "é")
}

// sequence writes a block sequence at column indent; the caller has written
// the indentation of its first dash.
func (g *generator) sequence(indent int) {
	g.depth++
	defer func() { g.depth-- }()
	for i, n := 0, 1+g.rng.Intn(3); i < n; i++ {
		if i > 0 {
			g.WriteString(g.spaces(indent))
		}
		g.WriteString(g.pick("-", "- ", "-  "))
		if g.rng.Intn(3) == 0 && g.depth < 5 {
			col := indent + 2 + g.rng.Intn(2)
			g.WriteString(g.spaces(col - indent - 1))
			g.mapping(col)
		} else {
			g.value(indent, false)
		}
		g.filler()
	}
}

// value writes what follows a key's colon or a dash, owned by column owner.
func (g *generator) value(owner int, afterKey bool) {
	nested := g.depth < 5
	switch r := g.rng.Intn(12); {
	case r == 0 && nested:
		g.WriteString(g.pick("", " # c") + "\n")
		g.filler()
		indent := owner + 1 + g.rng.Intn(3)
		g.WriteString(g.spaces(indent))
		g.mapping(indent)
	case r == 1 && nested:
		g.WriteString("\n")
		indent := owner + g.rng.Intn(3)
		if !afterKey && indent == owner {
			indent++
		}
		g.WriteString(g.spaces(indent))
		g.sequence(indent)
	case r == 2:
		g.WriteString(g.pick("", " ", " # c") + "\n")
	case r == 3 || r == 4:
		g.blockScalar(owner)
	case r == 5:
		g.WriteString(" " + g.quoted(owner) + g.pick("", " ", " # c") + "\n")
	case r == 6:
		g.WriteString(" " + g.flow(2) + g.pick("", " # c") + "\n")
	case r == 7 && nested:
		g.WriteString("\n" + g.spaces(owner+1+g.rng.Intn(2)) + g.pick(g.quoted(owner), g.plain(), g.flow(1), "|\n"+g.spaces(owner+3)+"x") + "\n")
	default:
		g.WriteString(" " + g.plain())
		for g.rng.Intn(3) == 0 {
			g.WriteString(g.pick("", "\n", "\n"+g.spaces(g.rng.Intn(owner+3))) + "\n" + g.spaces(owner+g.rng.Intn(3)) + g.plain())
		}
		g.WriteString(g.pick("", " ", " # c") + "\n")
	}
}

func (g *generator) plain() string {
	return g.pick("x", "x y", "x  y", "1", "-1", "0x1F", "017", "1_0", "1.5", ".5", "1e3", "1e400", "+.nan", "yes", "No", "on", "y", "~", "null", "Null",
		"2001-12-14", ":x", "?x", "-x", "x:y", "a#b", "a - b", "a, b", "[x", "x]", "{x", "'x", "x'", "\"x", "é", "http://h:1/p", "<<", "*", "&")
}

// quoted writes a quoted scalar, perhaps over several lines deeper than owner.
func (g *generator) quoted(owner int) string {
	q := g.pick("'", "\"")
	var b strings.Builder
	b.WriteString(q)
	for i, n := 0, g.rng.Intn(4); i < n; i++ {
		b.WriteString(g.pick("x", " ", "  ", "a b", "''", "\\\\", "\\\"", "\\n", "\\x41", "\\u00e9", "\\ ", "#", ": ", "é"))
		if g.rng.Intn(4) == 0 {
			b.WriteString(g.pick("\n", "\n\n", "\\\n", " \n  \n") + g.spaces(owner+g.rng.Intn(3)))
		}
	}
	b.WriteString(q)
	if q == "'" {
		return strings.NewReplacer("\\\\", "\\", "\\\"", "\"").Replace(b.String())
	}
	return strings.ReplaceAll(b.String(), "''", "'")
}

// blockScalar writes a block scalar header and lines around its content's
// indentation.
func (g *generator) blockScalar(owner int) {
	g.WriteString(" " + g.pick("|", ">") + g.pick("", "-", "+") + g.pick("", "", "1", "2") + g.pick("", " ", " # c") + "\n")
	indent := owner + 1 + g.rng.Intn(3)
	for i, n := 0, g.rng.Intn(5); i < n; i++ {
		switch g.rng.Intn(6) {
		case 0:
			g.WriteString(g.spaces(g.rng.Intn(indent+3)) + "\n")
		case 1:
			g.WriteString(g.spaces(indent+1+g.rng.Intn(2)) + g.pick("more", "# not a comment") + "\n")
		default:
			g.WriteString(g.spaces(indent) + g.pick("x", "x y", "- z", "k: v", "  ", "#") + "\n")
		}
	}
}

// flow writes a one-line flow collection.
func (g *generator) flow(depth int) string {
	var items []string
	for i, n := 0, g.rng.Intn(3); i < n; i++ {
		item := g.pick("a", "1", "-1", ".5", "true", "null", "x.y/z", "'s'", "\"d\\t\"", "--x")
		if depth > 0 && g.rng.Intn(4) == 0 {
			item = g.flow(depth - 1)
		}
		items = append(items, item)
	}
	if g.rng.Intn(2) == 0 {
		return "[" + strings.Join(items, g.pick(", ", ",", " , ")) + "]"
	}
	for i := range items {
		items[i] = g.pick("k", "l", "'m'") + ": " + items[i]
	}
	return "{" + strings.Join(items, ", ") + "}"
}

// filler writes blank lines and comment lines at any indentation, or
// nothing.
func (g *generator) filler() {
	for g.rng.Intn(4) == 0 {
		g.WriteString(g.pick("", "  ", "# c", "   # c") + "\n")
	}
}
