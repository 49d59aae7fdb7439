package rules

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"regexp"
	"strings"
	"sync"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/lint"
	"github.com/chartwright/chartwright/render/values"
	"github.com/chartwright/chartwright/schema"
)

// The values.yaml checks of helm lint.
const (
	valuesFile   lint.RuleID = "values-file"
	valuesParse  lint.RuleID = "values-yaml-parse"
	valuesSchema lint.RuleID = "values-schema"
)

func valuesRules() []*lint.Rule {
	return []*lint.Rule{
		helmRuleValue(valuesFile, lint.FamilyValues, lint.Info, "a chart should have a values.yaml"),
		helmRuleValue(valuesParse, lint.FamilyValues, lint.Error, "values.yaml must parse"),
		helmRuleValue(valuesSchema, lint.FamilyValues, lint.Error, "values.yaml, with the user's values over it, must satisfy values.schema.json"),
	}
}

// values runs helm lint's values.yaml checks.
func (h *helmLinter) values() {
	const name = "values.yaml"
	p := h.pass
	if p.Layout.ValuesYAML == lint.Missing {
		h.add(valuesFile, lint.Info, name, source.Span{}, plain("file does not exist"))
		return
	}
	if p.Layout.ValuesYAML == lint.IsDir { // helm lint reads it, and fails; installing finds no values
		h.messages = append(h.messages, helmMessage{rule: valuesParse, severity: lint.Error, own: lint.Warning, path: name,
			message: fmt.Sprintf("unable to parse YAML: read %s: is a directory", filepath.Join(p.Dir, name)),
			ownText: "values.yaml is a directory: helm lint fails on it, and the chart has no values file"})
		return
	}
	f := p.HelmFile(name)
	if f == nil {
		return
	}
	// helm lint reads values.yaml with a plain YAML unmarshal (the first
	// document), in both Helm versions; the chart's values, or else the
	// decoder, give the same map.
	decoded := decodedObject{}
	if vals, ok := p.Chart.DecodedValues(f); ok {
		decoded.object = vals
	} else {
		decoded = decoderOf(p).object(fileText(f))
	}
	if err := decoded.err; err != nil {
		h.add(valuesParse, lint.Error, name, errorSpan(f, err), fmt.Errorf("unable to parse YAML: %w", helmValuesType(err, p.Helm3)))
		return
	}
	merged := h.userValuesOver(decoded.object)
	schemaFile := p.HelmFile("values.schema.json")
	if schemaFile == nil || len(schemaFile.Data) == 0 {
		return
	}
	if p.SkipSchemaValidation && !p.Helm3 {
		return
	}
	data := schemaFile.Data
	if p.Layout.Folder != nil && mayStartWithBOM(p.Layout.Folder, schemaFile) { // an archive's files are as Helm extracts them
		if raw, err := fs.ReadFile(p.Layout.Folder, schemaFile.Name); err == nil {
			data = raw // helm lint reads the file as it is; the chart loader drops a byte order mark
		}
	}
	if err := h.validateSingleSchema(merged, data); err != nil {
		if bytes.HasPrefix(data, utf8BOM) {
			h.messages = append(h.messages, bomSchema(name, schemaFile, err))
			return
		}
		h.add(valuesSchema, lint.Error, name, schemaErrorSpan(f, schemaFile, err.Error()), err)
		if _, broken := schema.CompileValues(schemaFile.Data); broken != nil {
			// One problem, one finding: values-schema-invalid reports the
			// schema's fault where it is; helm lint's repeat of it for
			// values.yaml is left to --format helm.
			h.messages[len(h.messages)-1].repeat = true
		}
	}
}

// mayStartWithBOM reports whether the file of the chart folder may differ
// from f, the chart's copy of it: by a byte order mark, which the loader
// drops. A file of f's size is f: it need not be read again (a schema can
// be hundreds of kilobytes).
func mayStartWithBOM(folder fs.FS, f *source.File) bool {
	fi, err := fs.Stat(folder, f.Name)
	return err != nil || fi.Size() != int64(len(f.Data))
}

// utf8BOM is the byte order mark some editors put at the start of a file.
var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// bomSchema is helm lint's failure on a values.schema.json that starts with
// a byte order mark, which only helm lint reads: installing and templating
// drop it. chartwright's verdict is therefore a warning, saying so.
func bomSchema(name string, schemaFile *source.File, err error) helmMessage {
	return helmMessage{rule: valuesSchema, severity: lint.Error, own: lint.Warning, path: name, message: err.Error(), span: fileStart(schemaFile),
		ownText: "values.schema.json starts with a UTF-8 byte order mark: helm lint fails on it (" + err.Error() + "), while helm install and template drop it; save the file without the mark"}
}

// helmValuesType words a decoding error of values.yaml as helm lint's,
// which decodes into its own type, not into a map: "cannot unmarshal
// array into Go value of type common.Values" (chartutil.Values in Helm 3).
func helmValuesType(err error, helm3 bool) error {
	helmType := "common.Values"
	if helm3 {
		helmType = "chartutil.Values"
	}
	const ours = "Go value of type map[string]interface {}"
	msg := err.Error()
	if !strings.HasSuffix(msg, ours) {
		return err
	}
	return errors.New(strings.TrimSuffix(msg, ours) + "Go value of type " + helmType)
}

// schemaFailure is what values.ValidateSchemas puts before the errors of
// each chart, and schemaHeader before those of a chart named "".
const (
	schemaFailure = "values don't meet the specifications of the schema(s) in the following chart(s):\n"
	schemaHeader  = schemaFailure + ":\n"
)

// validateSingleSchema validates values against one values.schema.json and
// returns the bare error text Helm's ValidateAgainstSingleSchema returns.
func (h *helmLinter) validateSingleSchema(vals map[string]any, schema []byte) error {
	c := &chart.Chart{Metadata: &chart.Metadata{}, Schema: schema}
	log, err := values.ValidateSchemas(c, vals, values.Options{Helm3: h.pass.Helm3})
	h.logOnce(log)
	if err == nil {
		return nil
	}
	return errors.New(strings.TrimPrefix(err.Error(), schemaHeader))
}

// userValuesOver lays values.yaml under the user's values as helm lint's
// values check does, with Helm's CoalesceTables, and logs what that logs.
// Without user values there is nothing to lay and nothing to log.
func (h *helmLinter) userValuesOver(chartValues map[string]any) map[string]any {
	user := h.pass.UserValues
	if len(user) == 0 {
		return chartValues
	}
	opts := values.Options{Helm3: h.pass.Helm3}
	merged, log := values.CoalesceTables(map[string]any{}, user, opts)
	merged, more := values.CoalesceTables(merged, chartValues, opts)
	h.pass.LogHelm(append(log, more...)...)
	return merged
}

var schemaPointer = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`at '([^']*)'`) })

// schemaErrorSpan places a schema failure at the values.yaml key of its
// most precise JSON pointer, else at the start of values.schema.json when
// the schema itself is broken, else at the start of values.yaml.
func schemaErrorSpan(valuesFile, schemaFile *source.File, msg string) source.Span {
	if !schemaPointer().MatchString(msg) {
		return fileStart(schemaFile)
	}
	if s, ok := pointerSpan(valuesFile, msg); ok {
		return s
	}
	return fileStart(valuesFile)
}

// pointerSpan is the key of f that the most precise of a jsonschema
// message's JSON pointers ("at '/a/b'") reaches: the pointer with the
// longest path that leads to a key, or the longest part of one that does.
func pointerSpan(f *source.File, msg string) (source.Span, bool) {
	idx, err := chart.IndexYAMLKeys(f)
	if err != nil {
		return source.Span{}, false
	}
	var best *chart.Key
	for _, m := range schemaPointer().FindAllStringSubmatch(msg, -1) {
		path := pointerPath(m[1])
		for ; len(path) > 0; path = path[:len(path)-1] {
			if k, ok := idx.Lookup(path); ok {
				if best == nil || len(k.Path) > len(best.Path) {
					best = k
				}
				break
			}
		}
	}
	if best == nil {
		return source.Span{}, false
	}
	return best.Key, true
}

// pointerPath is the path of a JSON pointer ("/a/b~1c" is a, b/c).
func pointerPath(pointer string) []string {
	var path []string
	for _, seg := range strings.Split(strings.TrimPrefix(pointer, "/"), "/") {
		if seg != "" {
			path = append(path, strings.ReplaceAll(strings.ReplaceAll(seg, "~1", "/"), "~0", "~"))
		}
	}
	return path
}
