package schema

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/chartwright/chartwright/kube"
)

// CheckCRD returns what the API server rejects in an apiextensions.k8s.io/v1
// CustomResourceDefinition, decoded as by sigs.k8s.io/yaml, beyond the
// types and required fields of its own schema: the checks of
// apiextensions-apiserver's ValidateCustomResourceDefinition that this
// package reproduces exactly (names, versions, conversion, the API approval
// of protected groups, and each version's schema: see checkCRDSchema). It
// returns nil for any other document; a field of an unexpected type is
// left to the CRD schema's own validation.
func CheckCRD(doc map[string]any) []Error {
	if doc["kind"] != "CustomResourceDefinition" || doc["apiVersion"] != "apiextensions.k8s.io/v1" {
		return nil
	}
	spec, _ := doc["spec"].(map[string]any)
	if spec == nil {
		return nil
	}
	var c crdChecker
	c.name(doc, spec)
	c.approval(doc, spec)
	c.group(spec)
	c.scope(spec)
	c.versions(spec)
	c.names(spec)
	c.conversion(spec)
	if spec["preserveUnknownFields"] == true {
		c.invalid(fieldPath("spec", "preserveUnknownFields"), true, "cannot set to true, set x-kubernetes-preserve-unknown-fields to true in spec.versions[*].schema instead")
	}
	return c.errs
}

// crdChecker collects the errors of one CustomResourceDefinition.
type crdChecker struct {
	errs []Error
}

// crdPath is a path in a definition as the checker descends it: a node
// per key that shares its parent, written out as keys only for an error,
// so that walking a large schema does not copy the path at every node.
type crdPath struct {
	parent *crdPath
	key    string
}

// fieldPath is a manifest path from its keys.
func fieldPath(keys ...string) *crdPath { return under(nil, keys...) }

// under is path p extended by keys.
func under(p *crdPath, keys ...string) *crdPath {
	for _, k := range keys {
		p = &crdPath{parent: p, key: k}
	}
	return p
}

// keys writes the path out.
func (p *crdPath) keys() []string {
	n := 0
	for q := p; q != nil; q = q.parent {
		n++
	}
	out := make([]string, n)
	for q := p; q != nil; q = q.parent {
		n--
		out[n] = q.key
	}
	return out
}

// invalid reports a value the API server finds invalid, with its reason.
func (c *crdChecker) invalid(at *crdPath, val any, reason string) {
	c.errs = append(c.errs, Error{Path: at.keys(), Kind: InvalidValue, Message: fmt.Sprintf("invalid value %s: %s", describeValue(val), reason)})
}

// forbidden reports a field the API server refuses to see set.
func (c *crdChecker) forbidden(at *crdPath, reason string) {
	c.errs = append(c.errs, Error{Path: at.keys(), Kind: InvalidValue, Message: "forbidden: " + reason})
}

// required reports a field the API server requires, with its reason
// when it gives one.
func (c *crdChecker) required(at *crdPath, reason string) {
	msg := "required value"
	if reason != "" {
		msg += ": " + reason
	}
	c.errs = append(c.errs, Error{Path: at.keys(), Kind: MissingRequired, Message: msg})
}

// name checks that metadata.name is <spec.names.plural>.<spec.group>.
func (c *crdChecker) name(doc, spec map[string]any) {
	meta, _ := doc["metadata"].(map[string]any)
	name, _ := meta["name"].(string)
	names, _ := spec["names"].(map[string]any)
	plural, okPlural := names["plural"].(string)
	group, okGroup := spec["group"].(string)
	if name == "" || !okPlural || !okGroup {
		return
	}
	if want := plural + "." + group; name != want {
		c.invalid(fieldPath("metadata", "name"), name, fmt.Sprintf(`must be spec.names.plural+"."+spec.group (%q)`, want))
	}
}

// approval checks the api-approved.kubernetes.io annotation that groups
// under k8s.io and kubernetes.io must carry.
func (c *crdChecker) approval(doc, spec map[string]any) {
	const key = "api-approved.kubernetes.io"
	group, _ := spec["group"].(string)
	if !protectedGroup(group) {
		return
	}
	meta, _ := doc["metadata"].(map[string]any)
	annotations, _ := meta["annotations"].(map[string]any)
	value, _ := annotations[key].(string)
	at := fieldPath("metadata", "annotations", key)
	switch {
	case value == "":
		c.required(at, fmt.Sprintf("protected groups must have approval annotation %q, see https://github.com/kubernetes/enhancements/pull/1111", key))
	case strings.HasPrefix(value, "unapproved"):
	default:
		if u, err := url.ParseRequestURI(value); err != nil || u.Host == "" || u.Scheme == "" {
			c.invalid(at, value, fmt.Sprintf("protected groups must have approval annotation %q with either a URL or a reason starting with \"unapproved\", see https://github.com/kubernetes/enhancements/pull/1111", key))
		}
	}
}

// protectedGroup reports whether a group belongs to the Kubernetes
// community (k8s.io, kubernetes.io and their subdomains).
func protectedGroup(group string) bool {
	for _, domain := range []string{"k8s.io", "kubernetes.io"} {
		if group == domain || strings.HasSuffix(group, "."+domain) {
			return true
		}
	}
	return false
}

// group checks that spec.group is a DNS subdomain with a dot.
func (c *crdChecker) group(spec map[string]any) {
	group, _ := spec["group"].(string)
	if group == "" {
		return // required: the CRD schema's
	}
	if errs := kube.DNS1123Subdomain(group); len(errs) > 0 {
		c.invalid(fieldPath("spec", "group"), group, strings.Join(errs, ","))
	} else if !strings.Contains(group, ".") {
		c.invalid(fieldPath("spec", "group"), group, "should be a domain with at least one dot")
	}
}

// scope checks that spec.scope is Cluster or Namespaced.
func (c *crdChecker) scope(spec map[string]any) {
	if scope, _ := spec["scope"].(string); scope != "" && scope != "Cluster" && scope != "Namespaced" {
		c.invalid(fieldPath("spec", "scope"), scope, `must be one of "Cluster", "Namespaced"`)
	}
}

// versions checks the version list: unique DNS-1035 names, exactly one
// storage version, a schema for each, a deprecation warning only on a
// deprecated version, printer columns of known types and formats.
func (c *crdChecker) versions(spec map[string]any) {
	list, ok := spec["versions"].([]any)
	if !ok {
		return // missing or not a list: the CRD schema's
	}
	at := fieldPath("spec", "versions")
	seen := map[string]bool{}
	storage := 0
	for i, item := range list {
		v, _ := item.(map[string]any)
		vat := under(at, fmt.Sprint(i))
		name, _ := v["name"].(string)
		if seen[name] {
			c.invalid(under(vat, "name"), name, "must contain unique version names")
		}
		seen[name] = true
		if errs := kube.DNS1035Label(name); name != "" && len(errs) > 0 {
			c.invalid(under(vat, "name"), name, strings.Join(errs, ","))
		}
		if v["storage"] == true {
			storage++
		}
		c.version(v, vat)
	}
	if storage != 1 {
		c.errs = append(c.errs, Error{Path: at.keys(), Kind: InvalidValue, Message: fmt.Sprintf("must have exactly one version marked as storage version, not %d", storage)})
	}
}

// version checks one entry of spec.versions.
func (c *crdChecker) version(v map[string]any, at *crdPath) {
	if _, set := v["deprecationWarning"]; set && v["deprecationWarning"] != nil && v["deprecated"] != true {
		c.invalid(under(at, "deprecationWarning"), v["deprecationWarning"], "can only be set for deprecated versions")
	}
	sch, _ := v["schema"].(map[string]any)
	root, ok := sch["openAPIV3Schema"].(map[string]any)
	if !ok {
		c.required(under(at, "schema", "openAPIV3Schema"), "")
	} else {
		c.schema(root, under(at, "schema", "openAPIV3Schema"))
	}
	columns, _ := v["additionalPrinterColumns"].([]any)
	for i, col := range columns {
		c.printerColumn(col, under(at, "additionalPrinterColumns", fmt.Sprint(i)))
	}
}

// printerColumn checks the type and format of an additional printer
// column.
func (c *crdChecker) printerColumn(col any, at *crdPath) {
	m, _ := col.(map[string]any)
	if typ, _ := m["type"].(string); typ != "" && !oneOf(typ, "boolean", "date", "integer", "number", "string") {
		c.invalid(under(at, "type"), typ, "must be one of boolean,date,integer,number,string")
	}
	if format, _ := m["format"].(string); format != "" && !oneOf(format, "byte", "date", "date-time", "double", "float", "int32", "int64", "password") {
		c.invalid(under(at, "format"), format, "must be one of byte,date,date-time,double,float,int32,int64,password")
	}
}

// oneOf reports whether s is one of the choices.
func oneOf(s string, choices ...string) bool {
	for _, x := range choices {
		if s == x {
			return true
		}
	}
	return false
}

// names checks spec.names: plural, singular, short names and categories
// DNS-1035 labels, kind and listKind such labels in any case, and distinct
// (listKind defaults to kind+"List", singular to kind in lower case).
func (c *crdChecker) names(spec map[string]any) {
	names, _ := spec["names"].(map[string]any)
	at := fieldPath("spec", "names")
	for _, key := range []string{"plural", "singular"} {
		if s, _ := names[key].(string); s != "" {
			c.label(under(at, key), s, s, "")
		}
	}
	kind, _ := names["kind"].(string)
	listKind, _ := names["listKind"].(string)
	for key, s := range map[string]string{"kind": kind, "listKind": listKind} {
		if s != "" {
			c.label(under(at, key), s, strings.ToLower(s), "may have mixed case, but should otherwise match: ")
		}
	}
	if kind != "" && kind == listKind {
		c.invalid(under(at, "listKind"), listKind, "kind and listKind may not be the same")
	}
	for _, key := range []string{"shortNames", "categories"} {
		list, _ := names[key].([]any)
		for i, item := range list {
			if s, ok := item.(string); ok {
				c.label(under(at, key, fmt.Sprint(i)), s, s, "")
			}
		}
	}
}

// label reports value when checked is no DNS-1035 label.
func (c *crdChecker) label(at *crdPath, value, checked, prefix string) {
	if errs := kube.DNS1035Label(checked); len(errs) > 0 {
		c.invalid(at, value, prefix+strings.Join(errs, ","))
	}
}

// conversion checks spec.conversion: a strategy of None or Webhook, a
// webhook's client config and review versions set with Webhook alone.
func (c *crdChecker) conversion(spec map[string]any) {
	conv, ok := spec["conversion"].(map[string]any)
	if !ok {
		return // defaults to None
	}
	at := fieldPath("spec", "conversion")
	strategy, _ := conv["strategy"].(string)
	webhook, _ := conv["webhook"].(map[string]any)
	config, hasConfig := webhook["clientConfig"].(map[string]any)
	reviews, _ := webhook["conversionReviewVersions"].([]any)
	switch strategy {
	case "":
		return // required: the CRD schema's
	case "None":
		if hasConfig {
			c.forbidden(under(at, "webhook", "clientConfig"), "should not be set when strategy is not set to Webhook")
		}
		if len(reviews) > 0 {
			c.forbidden(under(at, "webhook", "conversionReviewVersions"), "should not be set when strategy is not set to Webhook")
		}
	case "Webhook":
		c.webhook(config, hasConfig, reviews, under(at, "webhook"))
	default:
		c.invalid(under(at, "strategy"), strategy, `must be one of "None", "Webhook"`)
	}
}

// webhook checks the conversion webhook of the Webhook strategy: a client
// config with a URL or a service, review versions with v1 or v1beta1.
func (c *crdChecker) webhook(config map[string]any, hasConfig bool, reviews []any, at *crdPath) {
	switch {
	case !hasConfig:
		c.required(under(at, "clientConfig"), "required when strategy is set to Webhook")
	case (config["url"] == nil) == (config["service"] == nil):
		c.required(under(at, "clientConfig"), "exactly one of url or service is required")
	}
	if len(reviews) == 0 {
		c.required(under(at, "conversionReviewVersions"), "required when strategy is set to Webhook")
		return
	}
	for _, r := range reviews {
		if r == "v1" || r == "v1beta1" {
			return
		}
	}
	c.invalid(under(at, "conversionReviewVersions"), reviews, "must include at least one of v1, v1beta1")
}
