package sprigdoc

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// section is a heading of a documentation page with the text it heads.
type section struct {
	page    string
	level   int
	heading string
	// names are the functions the heading names ("first, mustFirst").
	names []string
	// body is the Markdown under the heading, up to the next heading of
	// the same or a higher level, or the next that names functions; own
	// is the part of it before the next heading of any level.
	body, own string
}

// readPages reads the sections of every page of the docs folder but its
// index; a heading names the functions among names it lists.
func readPages(dir string, names []string) ([]section, error) {
	pages, err := filepath.Glob(filepath.Join(dir, "*.md"))
	if err != nil {
		return nil, err
	}
	var out []section
	for _, p := range pages {
		if filepath.Base(p) == "index.md" {
			continue
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		out = append(out, sections(filepath.Base(p), string(data), names)...)
	}
	return out, nil
}

// heading is a heading line of a page.
type heading struct {
	line, level int
	text        string
	names       []string
}

// sections splits a page at its headings.
func sections(page, text string, names []string) []section {
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	heads := headings(lines, names)
	out := make([]section, 0, len(heads))
	for i, h := range heads {
		end, ownEnd := len(lines), len(lines)
		if i+1 < len(heads) {
			ownEnd = heads[i+1].line
		}
		for _, next := range heads[i+1:] {
			if next.level <= h.level || len(next.names) > 0 {
				end = next.line
				break
			}
		}
		out = append(out, section{
			page: page, level: h.level, heading: h.text, names: h.names,
			body: trimLines(strings.Join(lines[h.line+1:end], "\n")),
			own:  trimLines(strings.Join(lines[h.line+1:ownEnd], "\n")),
		})
	}
	return out
}

// headings finds the heading lines outside code blocks.
func headings(lines, names []string) []heading {
	var out []heading
	inCode := false
	for i, l := range lines {
		if strings.HasPrefix(l, "```") {
			inCode = !inCode
			continue
		}
		level := len(l) - len(strings.TrimLeft(l, "#"))
		if inCode || level == 0 || !strings.HasPrefix(l[level:], " ") {
			continue
		}
		text := strings.TrimSpace(l[level:])
		out = append(out, heading{line: i, level: level, text: text, names: headingNames(text, names)})
	}
	return out
}

var (
	headingSeparator = regexp.MustCompile(`,\s*(?:and\s+)?|\s+and\s+`)
)

// headingNames are the functions of names a heading lists: "first,
// mustFirst", "hasPrefix and hasSuffix". A heading of words ("Kind
// Functions", "true test value") names none.
func headingNames(text string, names []string) []string {
	parts := headingSeparator.Split(text, -1)
	for _, p := range parts {
		if !slices.Contains(names, p) {
			return nil
		}
	}
	return parts
}

// entry documents name with the section. When the section shows no call
// of name but one of another function it names, the example is that call
// with name in its place ("hasSuffix" in the section of "hasPrefix and
// hasSuffix").
func (s section) entry(name string) Entry {
	e := Entry{Summary: firstParagraph(s.body), Doc: s.body, Example: example(s.body, name), Page: s.page}
	for _, other := range s.names {
		if e.Example != "" {
			break
		}
		if ex := example(s.body, other); other != name && ex != "" {
			e.Example = strings.Replace(ex, other, name, 1)
		}
	}
	return e
}

// mentionEntry documents name with the part of a section that mentions
// it.
func (s section) mentionEntry(name string) Entry {
	return Entry{Summary: firstParagraph(s.own), Doc: s.own, Example: example(s.own, name), Page: s.page}
}

// bulletLine is a list item starting with code spans: "- `atoi`: ...",
// "- `b64enc`/`b64dec`: ...", "- `typeOf` returns ...".
var bulletLine = regexp.MustCompile("^- ((?:`[A-Za-z0-9_]+`/?)+)(:?)\\s*(.*)$")

// bullet documents name with a list item of the section that starts with
// it.
func (s section) bullet(name string) (Entry, bool) {
	for _, l := range strings.Split(s.body, "\n") {
		m := bulletLine.FindStringSubmatch(l)
		if m == nil || !slices.Contains(codeSpans(m[1]), name) {
			continue
		}
		text := strings.TrimPrefix(l, "- ")
		if m[2] == ":" {
			text = m[3]
		}
		return Entry{Summary: text, Doc: text, Example: inlineExample(text, name), Page: s.page}, true
	}
	return Entry{}, false
}

// mention says whether and how a section that documents no function by
// name ("Kind Functions", a page's introduction) speaks of name before
// its first subheading: whether a code block calls it, and where its
// first mention is (in such a block, or a code span); at is -1 when it
// does not.
func (s section) mention(name string) (calls bool, at int) {
	if len(s.names) > 0 {
		return false, -1
	}
	call := regexp.MustCompile(`(^|[\s(|])` + regexp.QuoteMeta(name) + `(\s|$)`)
	inCode, offset := false, 0
	for _, l := range strings.Split(s.own, "\n") {
		if strings.HasPrefix(l, "```") {
			inCode = !inCode
		} else if inCode && call.MatchString(l) {
			return true, offset
		}
		offset += len(l) + 1
	}
	return false, strings.Index(s.own, "`"+name+"`")
}

var codeSpan = regexp.MustCompile("`([^`]+)`")

// codeSpans are the texts of the code spans of s.
func codeSpans(s string) []string {
	var out []string
	for _, m := range codeSpan.FindAllStringSubmatch(s, -1) {
		out = append(out, m[1])
	}
	return out
}

// firstParagraph is the first paragraph of prose of a body, its lines
// joined.
func firstParagraph(body string) string {
	var para []string
	for _, l := range strings.Split(body, "\n") {
		switch {
		case strings.HasPrefix(l, "```") || strings.HasPrefix(l, "#"):
			if len(para) > 0 {
				return strings.Join(para, " ")
			}
			if strings.HasPrefix(l, "```") {
				return ""
			}
		case strings.TrimSpace(l) == "":
			if len(para) > 0 {
				return strings.Join(para, " ")
			}
		default:
			para = append(para, strings.TrimSpace(l))
		}
	}
	return strings.Join(para, " ")
}

// example is the first example of a call of name in a body: the first
// code block that calls it, else a code span that does.
func example(body, name string) string {
	var block []string
	inCode := false
	for _, l := range strings.Split(body, "\n") {
		if !strings.HasPrefix(l, "```") {
			if inCode {
				block = append(block, l)
			}
			continue
		}
		if inCode && strings.Contains(strings.Join(block, "\n"), name) {
			return trimLines(strings.Join(block, "\n"))
		}
		inCode, block = !inCode, nil
	}
	return inlineExample(body, name)
}

// inlineExample is the first code span of text that calls name.
func inlineExample(text, name string) string {
	for _, c := range codeSpans(text) {
		if strings.HasPrefix(c, name+" ") || strings.Contains(c, "| "+name) {
			return c
		}
	}
	return ""
}
