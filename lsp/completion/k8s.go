package completion

import (
	"path"
	"strings"

	"github.com/chartwright/chartwright/kube"
	"github.com/chartwright/chartwright/schema"
)

// typeMeta are the keys every Kubernetes object starts with, proposed
// where the document's kind is not known yet.
var typeMeta = []struct{ name, typ, doc string }{
	{"apiVersion", "string", "The versioned schema of this representation of an object: `v1`, `apps/v1`, ..."},
	{"kind", "string", "The kind of object: `Deployment`, `Service`, ..."},
	{"metadata", "object", "The object's name, namespace, labels and annotations."},
}

// kubeFields proposes, in a manifest template outside actions, the fields
// of the Kubernetes object at the cursor, from the schemas of the
// Kubernetes version the chart targets and the chart's CRDs: keys with
// their types and descriptions, and the allowed values of a field.
func (r *request) kubeFields() []Item {
	if !isManifest(r.doc.File.Name) {
		return nil
	}
	s, ok := yamlSiteAt(r.data(), r.offset)
	if !ok || strings.Contains(s.prefix, "{{") {
		return nil
	}
	if s.value {
		return r.kubeValues(s)
	}
	v := r.kubeSchemas()
	n, ok := v.Lookup(s.apiVersion, s.kind, s.path)
	if !ok {
		if len(s.path) == 0 {
			return r.typeMetaKeys(s)
		}
		return nil
	}
	return r.keyItems(s, fieldProposals(n.Fields))
}

// fieldProposals are the keys of a schema's object.
func fieldProposals(fields []schema.Field) []keyProposal {
	keys := make([]keyProposal, 0, len(fields))
	for _, f := range fields {
		detail := f.Type
		if f.Required {
			detail += " (required)"
		}
		keys = append(keys, keyProposal{name: f.Name, typ: f.Type, detail: detail, doc: f.Description})
	}
	return keys
}

// typeMetaKeys proposes the keys every object starts with.
func (r *request) typeMetaKeys(s yamlSite) []Item {
	keys := make([]keyProposal, 0, len(typeMeta))
	for _, k := range typeMeta {
		keys = append(keys, keyProposal{name: k.name, typ: k.typ, detail: k.typ, doc: k.doc})
	}
	return r.keyItems(s, keys)
}

// kubeValues proposes the values of a field: its enum, true or false, and
// the API versions for apiVersion.
func (r *request) kubeValues(s yamlSite) []Item {
	if len(s.path) == 1 && s.key() == "apiVersion" {
		var items []Item
		for _, av := range kube.DefaultAPIVersions() {
			items = append(items, Item{Label: av, Kind: EnumMember, Insert: av, Replace: r.span(s.start, s.end)})
		}
		return items
	}
	n, ok := r.kubeSchemas().Lookup(s.apiVersion, s.kind, s.path)
	if !ok {
		return nil
	}
	return r.enumItems(s, n)
}

// kubeSchemas are the schemas of the document's root: the Kubernetes
// version it targets, and its CRDs.
func (r *request) kubeSchemas() *schema.Validator {
	if r.doc.Root != nil {
		return r.doc.Root.KubeSchemas()
	}
	return schema.New(schema.Options{})
}

// isManifest reports whether a template file renders manifests: a YAML
// file that is not a partial.
func isManifest(name string) bool {
	base := path.Base(name)
	ext := path.Ext(base)
	return (ext == ".yaml" || ext == ".yml") && !strings.HasPrefix(base, "_")
}
