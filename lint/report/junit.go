package report

import (
	"encoding/xml"
	"fmt"
	"io"

	"github.com/chartwright/chartwright/lint"
)

// junit writes one test suite per chart and one failed test case per
// finding; a clean chart has one passing case.
type junit struct{}

func newJUnit(Options) Reporter { return junit{} }

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Failure   *junitFailure `xml:"failure,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

func (junit) Report(w io.Writer, results []*lint.Result) error {
	out := junitSuites{Name: "chartwright lint"}
	for _, r := range results {
		s := junitSuite{Name: r.Path}
		for _, f := range r.Findings {
			loc := findingPath(r, f)
			if f.Span.File != nil {
				p := f.Position()
				loc = fmt.Sprintf("%s:%d:%d", loc, p.Line, p.Column)
			}
			s.Cases = append(s.Cases, junitCase{
				Name: fmt.Sprintf("%s %s", f.Rule, loc), Classname: r.Path,
				Failure: &junitFailure{Message: f.Message, Type: f.Severity.String(),
					Text: fmt.Sprintf("%s: %s %s %s%s", loc, f.Severity, f.Rule, f.Message, valuesNote(r, f))},
			})
			s.Failures++
		}
		if len(s.Cases) == 0 {
			s.Cases = append(s.Cases, junitCase{Name: "lint", Classname: r.Path})
		}
		s.Tests = len(s.Cases)
		out.Tests += s.Tests
		out.Failures += s.Failures
		out.Suites = append(out.Suites, s)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(out); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
