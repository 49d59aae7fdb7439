package rules

import (
	"fmt"

	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/kube"
	"github.com/chartwright/chartwright/lint"
	"github.com/chartwright/chartwright/schema"
)

const (
	manifestSchema      lint.RuleID = "manifest-schema"
	manifestUnknownKind lint.RuleID = "manifest-unknown-kind"
)

func manifestSchemaRules() []*lint.Rule {
	return []*lint.Rule{
		{
			ID: manifestSchema, Family: lint.FamilyManifest, Severity: lint.Error,
			Summary:    "rendered objects must match the Kubernetes schema (fields, types, enums, required fields)",
			ReadsIndex: true, // where a required field is empty, to name the value read
			Doc:        doc(manifestSchema), Check: checkManifestSchema,
		},
		{
			ID: manifestUnknownKind, Family: lint.FamilyManifest, Severity: lint.Info,
			Summary: "objects whose kind has no known schema are not validated",
			Doc:     doc(manifestUnknownKind), Check: checkUnknownKinds,
		},
	}
}

// schemaProblem is one schema error of one document, rendered or of crds/.
type schemaProblem struct {
	doc *document
	err schema.Error
}

// schemaProblems validates every rendered document, once per pass, after
// registering the chart's CustomResourceDefinitions (crds/ files of every
// chart of the tree and rendered CRDs) of the kinds rendered: compiling a
// CRD's schema costs memory of the order of its text (argo-cd and
// cert-manager render theirs), and a kind no document has is never looked
// up.
func schemaProblems(p *lint.Pass) []schemaProblem {
	return p.Memo("schema", func() any {
		docs := renderedDocuments(p)
		if len(docs) == 0 {
			return []schemaProblem(nil) // nothing rendered: the CRDs need not be read
		}
		kinds := validatedKinds(docs)
		dc := decoderOf(p)
		for _, text := range crdTexts(p) {
			if s := dc.crdSelected(text); s.ok && !kinds.has(definedKind(s.object)) {
				continue // no schema of a document here: not decoded whole
			}
			if o := dc.object(text); o.err == nil && o.object != nil {
				_ = p.Schemas.AddCRD(o.object)
			}
		}
		for _, d := range docs {
			if d.isCRD() && kinds.has(definedKind(d.object)) {
				_ = p.Schemas.AddCRD(d.object)
			}
		}
		var out []schemaProblem
		for _, d := range docs {
			if d.object == nil {
				continue
			}
			for _, e := range p.Schemas.Validate(d.object) {
				out = append(out, schemaProblem{doc: d, err: e})
			}
		}
		return out
	}).([]schemaProblem)
}

// RenderedCRDs returns the CustomResourceDefinitions of the pass's render,
// the documents schemaProblems registers (lint.Options.RenderedCRDs); they
// are partial when the render stopped at an error.
func RenderedCRDs(p *lint.Pass) lint.RenderedCRDs {
	var found lint.RenderedCRDs
	if r := p.Render(); r == nil || r.Err != nil {
		found.Partial = true
	}
	for _, d := range renderedDocuments(p) {
		if d.isCRD() {
			found.Texts = append(found.Texts, d.text)
		}
	}
	return found
}

// isCRD reports whether a rendered document decoded into a
// CustomResourceDefinition.
func (d *document) isCRD() bool {
	return d.object != nil && d.object["kind"] == "CustomResourceDefinition"
}

// crdTexts are the documents of the crds/ files of the chart tree, split
// once per chart; they are decoded only for the kinds a pass validates,
// and the decoder shares them with helm lint's crds/ checks.
func crdTexts(p *lint.Pass) []string {
	return p.ChartMemo("crd-texts", func() any {
		var texts []string
		for _, f := range allCRDs(p.Chart) {
			splitDocuments(fileText(f), func(text string, _ int) { texts = append(texts, text) })
		}
		return texts
	}).([]string)
}

// kindSet is the kinds of the documents a pass validates, whose schemas
// CustomResourceDefinitions may give; all is set when any CRD may matter.
type kindSet struct {
	kinds map[string]bool
	all   bool
}

// validatedKinds collects the kinds Validator.Validate looks schemas up
// for; a list's items have kinds of their own.
func validatedKinds(docs []*document) kindSet {
	ks := kindSet{kinds: map[string]bool{}}
	for _, d := range docs {
		if d.object == nil {
			continue
		}
		if schema.IsList(d.object) {
			return kindSet{all: true}
		}
		ks.kinds[d.head.Kind] = true
	}
	return ks
}

func (ks kindSet) has(kind string) bool { return ks.all || ks.kinds[kind] }

// definedKind is the kind a CustomResourceDefinition's spec.names gives,
// as Validator.AddCRD reads it ("" for none, which AddCRD refuses).
func definedKind(crd map[string]any) string {
	spec, _ := crd["spec"].(map[string]any)
	names, _ := spec["names"].(map[string]any)
	kind, _ := names["kind"].(string)
	return kind
}

func checkManifestSchema(p *lint.Pass) {
	for _, sp := range schemaProblems(p) {
		e := sp.err
		switch {
		case e.Kind == schema.UnknownKind:
			continue
		case e.Kind == schema.InvalidName && len(e.Path) == 2 && e.Path[0] == "metadata" && e.Path[1] == "name":
			continue // manifest-name reports it with Helm's text
		case inStatus(e.Path) && e.Kind != schema.WrongType:
			continue // the API server drops the status a manifest gives; only its decoding can fail
		}
		d := sp.doc
		line := d.pathLine(e.Path)
		if inHead(e.Path) && helmReportsYAMLAt(p, origin(d.rendered, line)) {
			continue // manifest-yaml reports the head that does not decode, with Helm's text
		}
		f := lint.Finding{Severity: schemaErrorSeverity(e), Span: origin(d.rendered, line), Message: describeSchemaError(d, e), Related: d.related(line)}
		if e.Kind == schema.EmptyRequired {
			if r, ok := emptyRequiredReads(p)[sp.key()]; ok {
				f.Span = r.Span
				f.Message, f.Fixes = describeEmptyRead(p, d, e, r)
			}
		}
		p.Report(f)
	}
}

// helmReportsYAMLAt reports whether helm lint's manifest-yaml message is
// at span: the head field Helm's decoding rejects (see errorLine).
func helmReportsYAMLAt(p *lint.Pass, span source.Span) bool {
	for _, m := range helmMessages(p) {
		if m.rule == manifestYAML && m.span == span {
			return true
		}
	}
	return false
}

// inHead reports whether a schema error's path is in the part of a manifest
// that Helm decodes as its head: apiVersion, kind, metadata and its name
// and namespace.
func inHead(path []string) bool {
	switch {
	case len(path) == 1:
		return path[0] == "apiVersion" || path[0] == "kind" || path[0] == "metadata"
	case len(path) == 2:
		return path[0] == "metadata" && (path[1] == "name" || path[1] == "namespace")
	}
	return false
}

// inStatus reports whether a schema error's path is in the object's
// status, which the API server sets itself: it decodes what a manifest
// gives there (a value of the wrong type fails), then drops it on create
// and keeps the stored status on update (CRD generators write an empty
// status with required names left "").
func inStatus(path []string) bool {
	return len(path) > 0 && path[0] == "status"
}

// schemaErrorSeverity is an error for what the API server rejects (a
// required field missing or null, a wrong type, a value outside an enum, an
// invalid name) and a warning for an unknown field, which it accepts and
// drops.
func schemaErrorSeverity(e schema.Error) lint.Severity {
	if e.Kind == schema.UnknownField {
		return lint.Warning
	}
	return lint.Error
}

// describeSchemaError prefixes the error with the object it is about (its
// kind, when it has one, and name).
func describeSchemaError(d *document, e schema.Error) string {
	if d.head.Kind == "" {
		return fmt.Sprintf("%q: %s", d.head.Name, e.Error())
	}
	return fmt.Sprintf("%s %q: %s", d.head.Kind, d.head.Name, e.Error())
}

// checkUnknownKinds reports each kind without a schema once per pass, or,
// when there are no schemas for the Kubernetes version, that once.
func checkUnknownKinds(p *lint.Pass) {
	if err := p.Schemas.Err(); err != nil {
		if len(schemaProblems(p)) > 0 {
			versions := schema.KubeVersions()
			p.Report(lint.Finding{Message: fmt.Sprintf("manifests are not validated: %v (chartwright has schemas for %s to %s)", err, versions[0], versions[len(versions)-1])})
		}
		return
	}
	seen := map[string]bool{}
	for _, sp := range schemaProblems(p) {
		if sp.err.Kind != schema.UnknownKind || removedAt(p, sp.doc.head) {
			continue // a removed kind is manifest-deprecated-api's
		}
		key := sp.doc.head.APIVersion + " " + sp.doc.head.Kind
		if seen[key] {
			continue
		}
		seen[key] = true
		d := sp.doc
		line := d.lineOf(keyLine("kind"))
		sev := unknownKindSeverity(p, d.head)
		msg := fmt.Sprintf("%s %s is not validated: %s", d.head.APIVersion, d.head.Kind, sp.err.Message)
		if sev == lint.Error {
			msg = fmt.Sprintf("%s has no kind %q in Kubernetes %s: the API server rejects the object",
				d.head.APIVersion, d.head.Kind, targetRelease(p.KubeVersion))
		}
		p.Report(lint.Finding{Severity: sev, Span: origin(d.rendered, line), Message: msg, Related: d.related(line)})
	}
}

// unknownKindSeverity is an error for an unknown kind of an API group that
// Kubernetes itself serves at the target version (apps/v1 Deploymnet: the
// API server rejects it), unless manifest-deprecated-api reports the kind
// as removed; information for other groups, whose kinds come from
// CustomResourceDefinitions lint does not see.
func unknownKindSeverity(p *lint.Pass, hd *head) lint.Severity {
	if _, deprecated := kube.LookupDeprecation(hd.APIVersion, hd.Kind); deprecated || !p.Schemas.ServesGroup(hd.APIVersion) {
		return lint.Info
	}
	return lint.Error
}
