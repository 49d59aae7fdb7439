package rules

import (
	"encoding/binary"
	"hash/maphash"

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
		if !d.isCRD() || writtenByControllerGen(d.object) {
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
func crdFileProblems(p *lint.Pass) []schemaProblem {
	return p.ChartMemo("crd-file-problems", func() any {
		dc := decoderOf(p)
		var out []schemaProblem
		for _, f := range allCRDs(p.Chart) {
			r := crdFile(f)
			index := 0
			splitDocuments(r.Content, func(text string, start int) {
				d := &document{rendered: r, index: index, text: text, startLine: start}
				index++
				checked := checkCRDText(dc, text)
				d.head = checked.head
				for _, e := range checked.errs {
					out = append(out, schemaProblem{doc: d, err: e})
				}
			})
		}
		return out
	}).([]schemaProblem)
}

// checkedCRD is what checking a crds/ document found: its head, for the
// messages, and its errors.
type checkedCRD struct {
	head *head
	errs []schema.Error
}

// checkedCRDs keeps the checks of crds/ documents for the process, by a
// hash of their text (see textKey): the language server lints a chart
// again after each edit, and decoding a large definition whole again would
// cost milliseconds each time, for documents that did not change.
var checkedCRDs = cache.New[checkedCRD](1024)

// checkCRDText decodes a crds/ document and checks it, when it is an
// apiextensions.k8s.io/v1 CustomResourceDefinition that controller-gen did
// not write (read first without decoding the whole document).
func checkCRDText(dc *decoder, text string) checkedCRD {
	if s := dc.crdSelected(text); s.ok && (s.object["kind"] != "CustomResourceDefinition" ||
		s.object["apiVersion"] != "apiextensions.k8s.io/v1" || writtenByControllerGen(s.object)) {
		return checkedCRD{}
	}
	return checkedCRDs.Get(textKey(text), func() checkedCRD {
		o := dc.object(text)
		if o.err != nil || o.object == nil {
			return checkedCRD{}
		}
		return checkedCRD{head: objectHead(o.object), errs: schema.CheckCRD(o.object)}
	})
}

// writtenByControllerGen reports whether a CustomResourceDefinition carries
// the annotation controller-gen writes in the definitions it generates
// from Go types, whose names, versions and structural schemas the API
// server accepts by construction. They are most of the definitions charts
// vendor or render, and the largest (kube-prometheus-stack's 4.4 MB):
// decoding and walking them whole would add a third to the lint of such a
// chart for nothing.
func writtenByControllerGen(crd map[string]any) bool {
	meta, _ := crd["metadata"].(map[string]any)
	annotations, _ := meta["annotations"].(map[string]any)
	_, ok := annotations["controller-gen.kubebuilder.io/version"]
	return ok
}

// textSeed seeds textKey's hashes for the process.
var textSeed = maphash.MakeSeed()

// textKey is a 16-byte key for a document's text: a 64-bit hash and the
// length, so that a cache of large documents does not hold their texts.
func textKey(text string) string {
	key := binary.LittleEndian.AppendUint64(nil, maphash.String(textSeed, text))
	return string(binary.LittleEndian.AppendUint64(key, uint64(len(text))))
}
