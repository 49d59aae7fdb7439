package rules

import (
	"strings"
	"sync"

	"github.com/chartwright/chartwright/internal/cache"
	"github.com/chartwright/chartwright/internal/yamlmap"
	"github.com/chartwright/chartwright/lint"
)

// decoder decodes the documents of a chart's files. Helm's checks and our
// rules split files in their own ways and decode different things, but
// most texts are the same: each distinct text is decoded once per chart.
type decoder struct {
	helm3   bool
	objects *cache.Cache[decodedObject]
	crds    *cache.Cache[selectedObject] // crds/ documents, partly decoded
	// scratch is the reader's working memory, grown once for all the
	// documents rather than from empty for each (a chart renders hundreds).
	mu      sync.Mutex
	scratch yamlmap.Scratch
}

// selectedObject is a document decoded as far as crdSelection selects.
type selectedObject struct {
	object map[string]any
	ok     bool // the fast reader vouched for it (see yamlmap.DecodeSelected)
}

// crdSelection is what is made of a crds/ document before deciding to
// decode it whole: Helm's head, and the kind it defines.
var crdSelection = yamlmap.Selection{"apiVersion": nil, "kind": nil, "metadata": nil, "spec": {"names": nil}}

// decodedObject is a document decoded as the API would see it.
type decodedObject struct {
	object map[string]any // nil for an empty document
	err    error
	// uniqueKeys is set when no mapping of the document can repeat a key
	// (see yamlmap.Decode).
	uniqueKeys bool
}

// decoderOf returns the chart's decoder.
func decoderOf(p *lint.Pass) *decoder {
	return p.ChartMemo("decoder", func() any {
		return &decoder{helm3: p.Helm3, objects: cache.New[decodedObject](0), crds: cache.New[selectedObject](0)}
	}).(*decoder)
}

// object decodes a document into a map, once per text.
func (dc *decoder) object(text string) decodedObject {
	return dc.objects.Get(text, func() decodedObject {
		dc.mu.Lock()
		defer dc.mu.Unlock()
		obj, unique, err := yamlmap.DecodeTextWith(&dc.scratch, text)
		return decodedObject{object: obj, err: err, uniqueKeys: unique}
	})
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

// crdSelected decodes a crds/ document as far as crdSelection selects,
// once per text.
func (dc *decoder) crdSelected(text string) selectedObject {
	return dc.crds.Get(text, func() selectedObject {
		dc.mu.Lock()
		defer dc.mu.Unlock()
		obj, ok := yamlmap.DecodeSelectedWith(&dc.scratch, text, crdSelection)
		return selectedObject{object: obj, ok: ok}
	})
}

// crdHead is head for the documents of crds/ files, which are big and
// need to be decoded whole only for the kinds that are rendered (see
// schemaProblems): the head is read without making the rest of the
// document, when the fast reader vouches for it.
func (dc *decoder) crdHead(text string) (*head, error) {
	if s := dc.crdSelected(text); s.ok {
		if h, ok := stubHead(s.object); ok {
			return h, nil
		}
	}
	return dc.head(text)
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
