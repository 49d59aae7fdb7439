package chart

import (
	"encoding/json"
	"reflect"
	"strings"
	"sync"

	"github.com/chartwright/chartwright/internal/yamlmap"
	"sigs.k8s.io/yaml"
)

// ChartYAML is a Chart.yaml decoded as Helm decodes it: into Metadata and
// into a map, each as sigs.k8s.io/yaml would.
type ChartYAML struct {
	// Metadata is never nil. It is as loaded: apiVersion has not defaulted
	// to v1 yet.
	Metadata *Metadata
	// Err is sigs.k8s.io/yaml's error decoding the metadata.
	Err error
	// Doc is the file decoded into a map; nil when it is not one.
	Doc map[string]any
	// StrictSafe is set when Helm 4's strict parse of the file
	// (yaml.UnmarshalStrict into Metadata) certainly succeeds.
	StrictSafe bool
}

// DecodeChartYAML decodes a Chart.yaml once, with yamlmap, and derives the
// metadata from the map when that is provably what sigs.k8s.io/yaml gives
// (see fitsMetadata); otherwise the metadata is decoded by
// sigs.k8s.io/yaml, as Helm does. The first way takes a third of the time.
//
// sigs.k8s.io/yaml decodes with yaml.v2, converts the result for JSON,
// encodes it and decodes the JSON into the target. The conversion depends
// on the target only where it expects a string: there numbers and booleans
// become strings. Where every value meant for a string is a string (or
// null), the map target converts the same way, and the map is that JSON
// decoded, so encoding the map again gives JSON that decodes to the same
// metadata. The strict parse only adds errors for repeated keys and
// unknown fields: with unique keys (vouched by yamlmap) that all name
// fields, it cannot fail.
func DecodeChartYAML(data []byte) ChartYAML {
	doc, uniqueKeys, err := yamlmap.Decode(data)
	c := ChartYAML{Doc: doc}
	if err == nil && fitsMetadata(doc) {
		c.Metadata = &Metadata{}
		if b, err := json.Marshal(doc); err == nil && json.Unmarshal(b, c.Metadata) == nil {
			c.StrictSafe = uniqueKeys
			return c
		}
	}
	c.Metadata = &Metadata{}
	c.Err = yaml.Unmarshal(data, c.Metadata)
	return c
}

// fitsMetadata reports whether every key of a Chart.yaml's map names, as
// spelled, a field of Metadata (of Maintainer and Dependency in
// maintainers and dependencies), and whether every value meant for a
// string is a string or null.
func fitsMetadata(doc map[string]any) bool {
	return fitsType(doc, reflect.TypeFor[Metadata]())
}

// fitsType is fitsMetadata for a value meant for a value of type t. Values
// of other types than expected fit: decoding them fails, and the metadata
// is then decoded by sigs.k8s.io/yaml, which gives its error.
func fitsType(v any, t reflect.Type) bool {
	if v == nil {
		return true
	}
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		_, ok := v.(string)
		return ok
	case reflect.Slice:
		list, _ := v.([]any)
		for _, e := range list {
			if !fitsType(e, t.Elem()) {
				return false
			}
		}
	case reflect.Map:
		m, _ := v.(map[string]any)
		for _, e := range m {
			if !fitsType(e, t.Elem()) {
				return false
			}
		}
	case reflect.Struct:
		m, _ := v.(map[string]any)
		fields := jsonFields(t)
		for k, e := range m {
			f, ok := fields[k]
			if !ok || !fitsType(e, f) {
				return false
			}
		}
	}
	return true
}

var jsonFieldsCache sync.Map // reflect.Type → map[string]reflect.Type

// jsonFields maps the JSON names of a struct's fields to their types.
func jsonFields(t reflect.Type) map[string]reflect.Type {
	if fields, ok := jsonFieldsCache.Load(t); ok {
		return fields.(map[string]reflect.Type)
	}
	fields := map[string]reflect.Type{}
	for f := range t.Fields() {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" {
			name = f.Name
		}
		fields[name] = f.Type
	}
	jsonFieldsCache.Store(t, fields)
	return fields
}
