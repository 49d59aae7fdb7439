package schema

import (
	"fmt"
	"maps"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/chartwright/chartwright/kube"
)

// Options configures a [Validator].
type Options struct {
	// KubeVersion selects the Kubernetes API, "1.30" to "1.37"; a leading
	// "v" and a patch number are ignored. Empty means DefaultKubeVersion.
	KubeVersion string
	// SchemaLocations are directories of JSON schemas for custom resources
	// in kubeconform's layouts; see docs/schema.md.
	SchemaLocations []string
}

// DefaultKubeVersion is the Kubernetes version validated against when
// Options.KubeVersion is empty: the one Helm assumes.
const DefaultKubeVersion = kube.DefaultKubeVersion

// Validator checks rendered Kubernetes documents against built-in schemas,
// CustomResourceDefinitions added with AddCRD and schema files. It is safe
// for concurrent use; schemas are compiled the first time a kind is seen.
type Validator struct {
	version   string
	locations []string

	kubeOnce sync.Once
	kube     *kubeSchemas
	kubeErr  error

	mu    sync.RWMutex
	crds  map[gvk]*snode
	files map[gvk]*snode // from SchemaLocations; nil value: none found
}

// New returns a validator; it does no work until the first document.
func New(opts Options) *Validator {
	return &Validator{
		version:   normalizeVersion(opts.KubeVersion),
		locations: opts.SchemaLocations,
		crds:      map[gvk]*snode{},
		files:     map[gvk]*snode{},
	}
}

// normalizeVersion turns "v1.36.2" into "1.36".
func normalizeVersion(v string) string {
	v = strings.TrimPrefix(v, "v")
	if v == "" {
		return DefaultKubeVersion
	}
	parts := strings.SplitN(v, ".", 3)
	if len(parts) >= 2 {
		return parts[0] + "." + parts[1]
	}
	return v
}

// KubeVersions lists the Kubernetes versions with embedded schemas.
func KubeVersions() []string {
	d, err := loadKube()
	if err != nil {
		return nil
	}
	out := d.versionNames()
	sort.Slice(out, func(i, j int) bool { return versionLess(out[i], out[j]) })
	return out
}

func versionLess(a, b string) bool {
	am, _ := strconv.Atoi(strings.TrimPrefix(a, "1."))
	bm, _ := strconv.Atoi(strings.TrimPrefix(b, "1."))
	return am < bm
}

// Err reports why the validator has no schemas of built-in kinds, such as
// a Kubernetes version it has none for: every document is then of an
// unknown kind.
func (v *Validator) Err() error {
	_, err := v.kubeSchemas()
	return err
}

func (v *Validator) kubeSchemas() (*kubeSchemas, error) {
	v.kubeOnce.Do(func() { v.kube, v.kubeErr = sharedKubeSchemas(v.version) })
	return v.kube, v.kubeErr
}

// schemaFor finds the schema of a kind: built in, from a CRD, or from a
// schema location, in that order.
func (v *Validator) schemaFor(apiVersion, kind string) (*snode, error) {
	k, err := v.kubeSchemas()
	if err != nil {
		return nil, err
	}
	if n, ok := k.kind(apiVersion, kind); ok {
		return n, nil
	}
	key := gvk{apiVersion, kind}
	v.mu.RLock()
	n, ok := v.crds[key]
	if !ok {
		n, ok = v.files[key]
	}
	v.mu.RUnlock()
	if ok {
		return n, nil
	}
	n = v.loadFile(apiVersion, kind)
	v.mu.Lock()
	v.files[key] = n
	v.mu.Unlock()
	return n, nil
}

// Validate checks one document decoded by sigs.k8s.io/yaml and returns its
// problems in document order. A nil or empty document has none.
func (v *Validator) Validate(doc map[string]any) []Error {
	if len(doc) == 0 {
		return nil
	}
	apiVersion, _ := doc["apiVersion"].(string)
	kind, _ := doc["kind"].(string)
	if apiVersion == "" || kind == "" {
		return missingTypeMeta(doc, apiVersion, kind)
	}
	if IsList(doc) {
		return v.validateList(doc)
	}
	root, err := v.schemaFor(apiVersion, kind)
	if err != nil {
		return []Error{{Kind: UnknownKind, Message: err.Error()}}
	}
	if root == nil {
		return []Error{{Kind: UnknownKind, Message: fmt.Sprintf("no schema for kind %q of apiVersion %q", kind, apiVersion)}}
	}
	w := &walker{}
	w.value(root, doc)
	w.errs = append(w.errs, checkNames(kind, doc)...)
	return w.errs
}

// IsList reports whether a document is a list that Helm's kube client
// (k8s.io/cli-runtime's resource builder) flattens into its items, creating
// each: a v1 List, or a kind named for its items' kind (ConfigMapList)
// holding an items array. The list itself is never sent to the API server.
func IsList(doc map[string]any) bool {
	kind, _ := doc["kind"].(string)
	if doc["apiVersion"] == "v1" && kind == "List" {
		return true
	}
	_, hasItems := doc["items"].([]any)
	return hasItems && strings.HasSuffix(kind, "List")
}

// validateList checks each item of a list as an object of its own, as
// Helm creates them; the list itself is never stored, so its metadata is
// not checked.
func (v *Validator) validateList(doc map[string]any) []Error {
	items, ok := doc["items"].([]any)
	if !ok {
		if doc["items"] == nil {
			return nil
		}
		return []Error{{Path: []string{"items"}, Kind: WrongType, Message: "expected array, got " + describe(doc["items"])}}
	}
	var errs []Error
	for i, item := range items {
		obj, ok := item.(map[string]any)
		if !ok {
			errs = append(errs, Error{Path: []string{"items", strconv.Itoa(i)}, Kind: WrongType, Message: "expected object, got " + describe(item)})
			continue
		}
		obj = withListTypeMeta(obj, doc)
		itemErrs := v.Validate(obj)
		if !IsList(obj) {
			itemErrs = append(itemErrs, emptyName(obj)...)
		}
		for _, e := range itemErrs {
			e.Path = append([]string{"items", strconv.Itoa(i)}, e.Path...)
			errs = append(errs, e)
		}
	}
	return errs
}

// withListTypeMeta gives an item without apiVersion and kind those the
// list implies, as k8s.io/apimachinery decodes a list: the list's
// apiVersion and its kind less "List" (a ConfigMapList's items are
// ConfigMaps). The item itself is not changed.
func withListTypeMeta(item, list map[string]any) map[string]any {
	listKind, _ := list["kind"].(string)
	kind := strings.TrimSuffix(listKind, "List")
	if kind == "" || item["apiVersion"] != nil || item["kind"] != nil {
		return item // a v1 List implies no kind
	}
	out := maps.Clone(item)
	out["apiVersion"], out["kind"] = list["apiVersion"], kind
	return out
}

// emptyName reports an item of a list without a name: the API server
// rejects it as it rejects any object without one (helm lint checks the
// names of documents, not of list items, which checkNames leaves to it).
func emptyName(obj map[string]any) []Error {
	meta, _ := obj["metadata"].(map[string]any)
	if name, _ := meta["name"].(string); name != "" {
		return nil
	}
	kind, _ := obj["kind"].(string)
	rule := nameRules[kind]
	if rule == nil {
		rule = kube.DNS1123Subdomain
	}
	return nameErrors("name", "", rule)
}

func missingTypeMeta(doc map[string]any, apiVersion, kind string) []Error {
	var errs []Error
	for _, f := range []struct{ name, val string }{{"apiVersion", apiVersion}, {"kind", kind}} {
		if f.val != "" {
			continue
		}
		if _, present := doc[f.name]; present {
			errs = append(errs, Error{Path: []string{f.name}, Kind: WrongType, Message: "expected a non-empty string"})
		} else {
			errs = append(errs, Error{Kind: MissingRequired, Message: fmt.Sprintf("missing required field %q", f.name)})
		}
	}
	return errs
}

// walker validates a value tree, tracking the path to the current value.
type walker struct {
	path []string
	errs []Error
}

func (w *walker) report(kind ErrorKind, suggestion, format string, args ...any) {
	w.errs = append(w.errs, Error{
		Path:       append([]string(nil), w.path...),
		Kind:       kind,
		Message:    fmt.Sprintf(format, args...),
		Suggestion: suggestion,
	})
}

// reportAt reports a problem of the field name of the current object.
func (w *walker) reportAt(name string, kind ErrorKind, msg string) {
	w.path = append(w.path, name)
	w.report(kind, "", "%s", msg)
	w.path = w.path[:len(w.path)-1]
}

func (w *walker) value(n *snode, val any) { w.valueOf(n, val, false) }

// valueOf validates val against n; required is set for the value of a
// required property, whose "" the required check reports (see
// sprop.requiredProblem), not its minLength.
func (w *walker) valueOf(n *snode, val any, required bool) {
	if val == nil || n.typ == typeAny {
		return // Kubernetes treats null as absent
	}
	if !typeMatches(n.typ, val) {
		w.report(WrongType, "", "expected %s, got %s", n.typ, describe(val))
		return
	}
	switch n.typ {
	case typeObject:
		w.object(n, val.(map[string]any))
	case typeArray:
		for i, item := range val.([]any) {
			w.path = append(w.path, strconv.Itoa(i))
			w.value(n.items, item)
			w.path = w.path[:len(w.path)-1]
		}
	}
	if len(n.enum) > 0 && !inEnum(n.enum, val) && !(n.mayBeEmpty && val == "") {
		w.report(InvalidEnum, "", "invalid value %s: must be one of %s", describeValue(val), enumList(n.enum))
	}
	if n.bounds != nil {
		n.bounds.check(w, val, required)
	}
	if s, ok := val.(string); ok && n.pattern != nil && n.pattern.rejects(s) {
		w.report(InvalidValue, "", "invalid value %s: should match '%s'", describeValue(val), n.pattern.text)
	}
	if n.format != nil && n.format.rejects(val) {
		w.report(InvalidValue, "", "invalid value %s: must be of format %s", describeValue(val), n.format.name)
	}
}

func (w *walker) object(n *snode, obj map[string]any) {
	o := n.object()
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		w.path = append(w.path, k)
		if child, prop := o.child(k); child != nil {
			w.valueOf(child, obj[k], prop != nil && prop.required)
		} else if o.closed {
			w.report(UnknownField, closest(k, o.order), "unknown field %q", k)
		}
		w.path = w.path[:len(w.path)-1]
	}
	for _, name := range o.order {
		p := o.props[name]
		if !p.required {
			continue
		}
		val, present := obj[name]
		switch p.requiredProblem(val, present) {
		case requiredMissing:
			w.report(MissingRequired, "", "missing required field %q", name)
		case requiredNull:
			w.reportAt(name, EmptyRequired, "required field is null")
		case requiredEmptyString:
			w.reportAt(name, EmptyRequired, "required field is an empty string")
		}
	}
}

// requiredProblem is what the API server rejects of a required property.
type requiredProblem uint8

const (
	requiredMet requiredProblem = iota
	requiredMissing
	requiredNull
	requiredEmptyString
)

// requiredProblem says what the API server rejects of required property p
// holding val (present: the key is there). A built-in field must hold a
// value: not null, nor "" for a string. A structural property (see
// sprop.structural) is missing when it is absent or a null the API server
// prunes, unless it has a default, which the API server fills in before
// validating; "" is present, and rejected only by a minLength.
func (p *sprop) requiredProblem(val any, present bool) requiredProblem {
	null := present && val == nil
	if !p.structural {
		switch {
		case !present:
			return requiredMissing
		case null:
			return requiredNull
		case val == "" && p.node.typ == typeString:
			return requiredEmptyString
		}
		return requiredMet
	}
	pruned := null && !p.node.nullable
	switch {
	case (!present || pruned) && p.defaulted:
		return requiredMet
	case !present:
		return requiredMissing
	case pruned:
		return requiredNull
	case val == "" && p.node.bounds != nil && p.node.bounds.minLength > 0:
		return requiredEmptyString
	}
	return requiredMet
}

func typeMatches(t nodeType, val any) bool {
	switch t {
	case typeObject:
		_, ok := val.(map[string]any)
		return ok
	case typeArray:
		_, ok := val.([]any)
		return ok
	case typeString:
		_, ok := val.(string)
		return ok
	case typeBoolean:
		_, ok := val.(bool)
		return ok
	case typeNumber:
		_, ok := number(val)
		return ok
	case typeInteger:
		f, ok := number(val)
		return ok && f == math.Trunc(f)
	case typeIntOrString:
		if _, ok := val.(string); ok {
			return true
		}
		_, ok := number(val)
		return ok
	}
	return true
}

func number(val any) (float64, bool) {
	switch x := val.(type) {
	case float64:
		return x, true
	case float32:
		return float64(x), true
	case int:
		return float64(x), true
	case int64:
		return float64(x), true
	case int32:
		return float64(x), true
	case uint64:
		return float64(x), true
	}
	return 0, false
}

// describe names the JSON type of val and shows short scalar values.
func describe(val any) string {
	switch val.(type) {
	case map[string]any:
		return "object"
	case []any:
		return "array"
	case string:
		return "string " + describeValue(val)
	case bool:
		return "boolean " + describeValue(val)
	}
	if _, ok := number(val); ok {
		return "number " + describeValue(val)
	}
	return fmt.Sprintf("%T", val)
}

func describeValue(val any) string {
	switch x := val.(type) {
	case string:
		if len(x) > 60 {
			x = x[:57] + "..."
		}
		return strconv.Quote(x)
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1e21 {
			return strconv.FormatFloat(x, 'f', -1, 64) // 3000000000, not 3e+09
		}
		return strconv.FormatFloat(x, 'g', -1, 64)
	}
	return fmt.Sprint(val)
}

func inEnum(enum []any, val any) bool {
	f, isNum := number(val)
	for _, e := range enum {
		if e == val {
			return true
		}
		if g, ok := number(e); ok && isNum && g == f {
			return true
		}
	}
	return false
}

func enumList(enum []any) string {
	parts := make([]string, len(enum))
	for i, e := range enum {
		parts[i] = describeValue(e)
	}
	return strings.Join(parts, ", ")
}
