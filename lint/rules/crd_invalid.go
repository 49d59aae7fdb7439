package rules

import (
	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/internal/cache"
	"github.com/chartwright/chartwright/lint"
	"github.com/chartwright/chartwright/schema"
)

const crdInvalid lint.RuleID = "crd-invalid"

func crdInvalidRule() *lint.Rule {
	return &lint.Rule{
		ID: crdInvalid, Family: lint.FamilyCRD, Severity: lint.Error,
		Summary: "CustomResourceDefinitions must pass the API server's own checks (names, versions, structural schemas)",
		Doc:     doc(crdInvalid), Check: checkCRDInvalid,
	}
}

// crdProblem is one error of a CustomResourceDefinition.
type crdProblem struct {
	doc *document
	err schema.Error
}

// checkCRDInvalid reports what the API server rejects in the
// CustomResourceDefinitions of crds/ (of every chart of the tree Helm
// installs with the pass's values) and those the pass rendered.
func checkCRDInvalid(p *lint.Pass) {
	installed := installedCRDFiles(p)
	for _, cp := range crdFileProblems(p) {
		if installed != nil && !installed[cp.doc.rendered.File] {
			continue // a subchart the values disable: Helm does not install its CRDs
		}
		line := cp.doc.pathLine(cp.err.Path)
		p.Report(lint.Finding{Span: fileLine(cp.doc.rendered.File, line), Message: describeSchemaError(cp.doc, cp.err)})
	}
	for _, d := range renderedDocuments(p) {
		if !d.isCRD() {
			continue
		}
		for _, e := range schema.CheckCRD(d.object) {
			line := d.pathLine(e.Path)
			p.Report(lint.Finding{Span: origin(d.rendered, line), Message: describeSchemaError(d, e), Related: d.related(line)})
		}
	}
}

// installedCRDFiles is the set of crds/ files Helm installs with the
// pass's values: those of the charts its dependency processing keeps,
// without the subcharts a condition or tag disables; nil (all of them)
// when the render did not get that far.
func installedCRDFiles(p *lint.Pass) map[*source.File]bool {
	rel := release(p)
	if rel == nil || rel.Chart == nil {
		return nil
	}
	installed := map[*source.File]bool{}
	for _, f := range allCRDs(rel.Chart) {
		installed[f] = true
	}
	return installed
}

// crdFileProblems checks the documents of the crds/ files once per chart,
// for every values set.
func crdFileProblems(p *lint.Pass) []crdProblem {
	return p.ChartMemo("crd-file-problems", func() any {
		dc := decoderOf(p)
		var out []crdProblem
		for _, f := range allCRDs(p.Chart) {
			r := crdFile(f)
			index := 0
			splitDocuments(r.Content, func(text string, start int) {
				d := &document{rendered: r, index: index, text: text, startLine: start}
				index++
				checked := checkCRDText(dc, text)
				d.head = checked.head
				for _, e := range checked.errs {
					out = append(out, crdProblem{doc: d, err: e})
				}
			})
		}
		return out
	}).([]crdProblem)
}

// checkedCRD is what checking a crds/ document found: its head, for the
// messages, and its errors.
type checkedCRD struct {
	head *head
	errs []schema.Error
}

// checkedCRDs keeps the checks of crds/ documents by their text for the
// process: the language server lints a chart again after each edit, and
// decoding its CRDs whole (kube-prometheus-stack's 4.4 MB) would cost 30
// ms each time, for documents that did not change.
var checkedCRDs = cache.New[checkedCRD](1024)

// checkCRDText decodes a crds/ document and checks it, when it is an
// apiextensions.k8s.io/v1 CustomResourceDefinition (read first without
// decoding the whole document).
func checkCRDText(dc *decoder, text string) checkedCRD {
	if s := dc.crdSelected(text); s.ok && (s.object["kind"] != "CustomResourceDefinition" || s.object["apiVersion"] != "apiextensions.k8s.io/v1") {
		return checkedCRD{}
	}
	return checkedCRDs.Get(text, func() checkedCRD {
		o := dc.object(text)
		if o.err != nil || o.object == nil {
			return checkedCRD{}
		}
		return checkedCRD{head: objectHead(o.object), errs: schema.CheckCRD(o.object)}
	})
}
