package rules

import (
	"fmt"
	"strings"
	"unsafe"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/lint"
	"github.com/chartwright/chartwright/render"
)

// The crds/ checks of helm lint 4.
const (
	crdDir        lint.RuleID = "crd-dir"
	crdYAML       lint.RuleID = "crd-yaml"
	crdAPIVersion lint.RuleID = "crd-api-version"
	crdKind       lint.RuleID = "crd-kind"
)

func crdRules() []*lint.Rule {
	return []*lint.Rule{
		helmRuleValue(crdDir, lint.FamilyCRD, lint.Warning, "crds/ must be a directory (Helm 4)"),
		helmRuleValue(crdYAML, lint.FamilyCRD, lint.Error, "every file under crds/ must be plain YAML, not a template (Helm 4)"),
		helmRuleValue(crdAPIVersion, lint.FamilyCRD, lint.Error, "documents under crds/ must be in apiextensions.k8s.io (Helm 4)"),
		helmRuleValue(crdKind, lint.FamilyCRD, lint.Warning, "documents under crds/ must be CustomResourceDefinitions (Helm 4)"),
	}
}

// crds runs Helm 4's crds/ checks, over the chart and its subcharts.
func (h *helmLinter) crds() {
	const dir = "crds/"
	p := h.pass
	switch p.Layout.CRDs {
	case lint.Missing:
		return
	case lint.IsFile:
		h.add(crdDir, lint.Error, dir, source.Span{}, plain("not a directory"))
		return
	}
	h.logLoad()
	if !h.add(chartLoad, lint.Error, dir, source.Span{}, p.LoadErr) {
		return
	}
	dc := decoderOf(p)
	for _, f := range allCRDs(p.Chart) {
		for _, d := range dc.decodeRendered(crdFile(f), dc.crdHead) {
			if d.err != nil {
				line := d.errorLine()
				h.add(crdYAML, lint.Error, f.Name, fileLine(f, line), fmt.Errorf("unable to parse YAML: %w", d.err))
				return
			}
			if d.head == nil {
				continue
			}
			if !strings.HasPrefix(d.head.APIVersion, "apiextensions.k8s.io") {
				h.add(crdAPIVersion, lint.Error, f.Name, fileLine(f, d.lineOf(keyLine("apiVersion"))), plain("apiVersion is not in 'apiextensions.k8s.io'"))
			}
			if d.head.Kind != "CustomResourceDefinition" {
				h.add(crdKind, lint.Error, f.Name, fileLine(f, d.lineOf(keyLine("kind"))), plain("object kind is not 'CustomResourceDefinition'"))
			}
		}
	}
}

// crdFile is a crds/ file as a rendered file, for the document decoders.
func crdFile(f *source.File) *render.Rendered {
	return &render.Rendered{Name: f.Name, File: f, Content: fileText(f)}
}

// fileText is a file's content as a string, without a copy (crds/ files
// are megabytes, values.yaml files hundreds of KiB): a File's Data is not
// modified, and its documents, split from it, are the keys of the
// decoder's caches.
func fileText(f *source.File) string {
	return unsafe.String(unsafe.SliceData(f.Data), len(f.Data))
}

// allCRDs lists the crds/ files of a chart and, after them, its subcharts'.
func allCRDs(c *chart.Chart) []*source.File {
	crds := c.CRDs()
	for _, s := range c.Subcharts {
		crds = append(crds, allCRDs(s)...)
	}
	return crds
}

// fileLine is an empty span at the start of a 0-based line of f.
func fileLine(f *source.File, line int) source.Span {
	off := f.LineOffset(line + 1)
	return source.Span{File: f, Start: off, End: off}
}
