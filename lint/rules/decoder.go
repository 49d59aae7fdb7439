package rules

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/chartwright/chartwright/internal/cache"
	"github.com/chartwright/chartwright/lint"
	yamlv2 "go.yaml.in/yaml/v2"
	"sigs.k8s.io/yaml"
)

// decoder decodes the documents of a chart's files. Helm's checks and our
// rules split files in their own ways and decode different things, but
// most texts are the same: each distinct text is decoded once per chart.
type decoder struct {
	helm3   bool
	objects *cache.Cache[decodedObject]
}

// decodedObject is a document decoded as the API would see it.
type decodedObject struct {
	object map[string]any // nil for an empty document
	err    error
	// uniqueKeys is set when no mapping of the document can repeat a key:
	// decoding found no repeated key, every key is a string and there is
	// no merge key.
	uniqueKeys bool
}

// decoderOf returns the chart's decoder.
func decoderOf(p *lint.Pass) *decoder {
	return p.ChartMemo("decoder", func() any {
		return &decoder{helm3: p.Helm3, objects: cache.New[decodedObject](0)}
	}).(*decoder)
}

// object decodes a document into a map, once per text.
func (dc *decoder) object(text string) decodedObject {
	return dc.objects.Get(text, func() decodedObject {
		if d, ok := decodeObject(text); ok {
			return d
		}
		var obj map[string]any
		err := yaml.Unmarshal([]byte(text), &obj)
		return decodedObject{object: obj, err: err}
	})
}

// decodeObject is sigs.k8s.io/yaml's Unmarshal into a map without its
// JSON round trip, a third of its cost: the same yaml.v2 decoding (strict,
// which only adds the check for repeated keys), then the conversion the
// round trip amounts to. ok is false for documents it would reject or
// change (errors, repeated keys, a root that is not a mapping, non-finite
// numbers, invalid UTF-8, keys that collide once made strings): the caller
// then runs sigs.k8s.io/yaml itself.
func decodeObject(text string) (decodedObject, bool) {
	var v any
	if yamlv2.UnmarshalStrict([]byte(text), &v) != nil {
		return decodedObject{}, false
	}
	if v == nil {
		return decodedObject{uniqueKeys: true}, true
	}
	if _, isMap := v.(map[any]any); !isMap {
		return decodedObject{}, false
	}
	c := jsonConverter{stringKeys: true}
	obj, ok := c.value(v)
	if !ok {
		return decodedObject{}, false
	}
	unique := c.stringKeys && !strings.Contains(text, "<<")
	return decodedObject{object: obj.(map[string]any), uniqueKeys: unique}, true
}

// jsonConverter converts what yaml.v2 decodes to what encoding it as JSON
// and decoding it back gives: mappings with string keys, float64 numbers.
type jsonConverter struct {
	stringKeys bool // every key met was a string
}

// value converts a decoded value; ok is false when the JSON round trip
// would fail or change it.
func (c *jsonConverter) value(v any) (any, bool) {
	switch v := v.(type) {
	case map[any]any:
		m := make(map[string]any, len(v))
		for k, e := range v {
			key, ok := c.key(k)
			if _, dup := m[key]; !ok || dup {
				return nil, false
			}
			if m[key], ok = c.value(e); !ok {
				return nil, false
			}
		}
		return m, true
	case []any:
		s := make([]any, len(v))
		for i, e := range v {
			var ok bool
			if s[i], ok = c.value(e); !ok {
				return nil, false
			}
		}
		return s, true
	case string:
		return v, utf8.ValidString(v)
	case int:
		return float64(v), true
	case int64:
		return float64(v), true
	case uint64:
		return float64(v), true
	case float64:
		return v, !math.IsInf(v, 0) && !math.IsNaN(v)
	case bool, nil:
		return v, true
	}
	return nil, false
}

// key is the string sigs.k8s.io/yaml makes of a mapping key.
func (c *jsonConverter) key(k any) (string, bool) {
	if s, ok := k.(string); ok {
		return s, utf8.ValidString(s)
	}
	c.stringKeys = false
	switch k := k.(type) {
	case int:
		return strconv.Itoa(k), true
	case int64:
		return strconv.FormatInt(k, 10), true
	case float64:
		switch s := strconv.FormatFloat(k, 'g', -1, 32); s {
		case "+Inf":
			return ".inf", true
		case "-Inf":
			return "-.inf", true
		case "NaN":
			return ".nan", true
		default:
			return s, true
		}
	case bool:
		return strconv.FormatBool(k), true
	}
	return "", false
}

// head decodes a document into Helm's stub, with Helm's errors: from the
// decoded object when that gives the same result, else as Helm does.
func (dc *decoder) head(text string) (*head, error) {
	if d := dc.object(text); d.err == nil {
		if h, ok := stubHead(d.object); ok {
			return h, nil
		}
	}
	return decodeHead([]byte(text), dc.helm3)
}

// stubHead is the head Helm's stub decoding gives an object, when every
// field Helm reads is a string or null under its exact key. encoding/json
// also matches keys case-insensitively and fails on other types: for such
// objects ok is false.
func stubHead(obj map[string]any) (h *head, ok bool) {
	if obj == nil {
		return nil, true
	}
	h = &head{}
	for k, v := range obj {
		switch {
		case k == "apiVersion":
			h.APIVersion, ok = plainString(v)
		case k == "kind":
			h.Kind, ok = plainString(v)
		case k == "metadata":
			h.Name, ok = stubName(v)
		default:
			ok = !strings.EqualFold(k, "apiVersion") && !strings.EqualFold(k, "kind") && !strings.EqualFold(k, "metadata")
		}
		if !ok {
			return nil, false
		}
	}
	return h, true
}

// stubName is the name Helm's stub decodes from a metadata value.
func stubName(v any) (name string, ok bool) {
	md, isMap := v.(map[string]any)
	if !isMap {
		return "", v == nil
	}
	for k, v := range md {
		switch {
		case k == "name":
			name, ok = plainString(v)
		case k == "namespace":
			_, ok = plainString(v)
		default:
			ok = !strings.EqualFold(k, "name") && !strings.EqualFold(k, "namespace")
		}
		if !ok {
			return "", false
		}
	}
	return name, true
}

// plainString is a string field as encoding/json decodes it without error.
func plainString(v any) (string, bool) {
	if v == nil {
		return "", true
	}
	s, ok := v.(string)
	return s, ok
}
