package cache

import (
	"bytes"
	"slices"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/internal/yamlmap"
	"github.com/chartwright/chartwright/schema"
)

// kubeSchemas is a validator with the CRDs it was given.
type kubeSchemas struct {
	version   string
	crds      []*source.File
	rendered  *renderedCRDs
	validator *schema.Validator
}

// KubeSchemas returns the Kubernetes schemas of the root's manifests: the
// built-in ones of its Kubernetes version, the CustomResourceDefinitions
// under crds/ of every chart of the tree, and those the newest whole lint
// of the folder's chart rendered (see recordRenderedCRDs), which replace
// crds/ ones of the same kinds. Rendered CRDs are known once a whole lint
// has run: requests do not wait for one. The validator is kept from one
// snapshot to the next while those CRDs do not change.
func (r *Root) KubeSchemas() *schema.Validator {
	var crds []*source.File
	if l := r.Load(); l.Chart != nil {
		walkCharts(l.Chart, func(c *chart.Chart) { crds = append(crds, c.CRDs()...) })
	}
	r.latest.mu.Lock()
	k, rendered := r.latest.kube, r.latest.rendered
	r.latest.mu.Unlock()
	if k != nil && k.version == r.Config.KubeVersion && slices.Equal(k.crds, crds) && k.rendered == rendered {
		return k.validator
	}
	k = newKubeSchemas(r.Config.KubeVersion, crds, rendered)
	r.latest.mu.Lock()
	r.latest.kube = k
	r.latest.mu.Unlock()
	return k.validator
}

// newKubeSchemas makes a validator of a Kubernetes version with the CRDs
// of crds/ files, then the rendered ones (nil for none).
func newKubeSchemas(version string, crds []*source.File, rendered *renderedCRDs) *kubeSchemas {
	k := &kubeSchemas{version: version, crds: crds, rendered: rendered, validator: schema.New(schema.Options{KubeVersion: version})}
	for _, f := range crds {
		addCRDs(k.validator, f.Data)
	}
	if rendered != nil {
		for _, text := range rendered.texts {
			addCRDs(k.validator, []byte(text))
		}
	}
	return k
}

// addCRDs registers the CustomResourceDefinitions of a file of YAML
// documents, decoded as lint decodes them (yamlmap: sigs.k8s.io/yaml's
// result, several times faster); documents that do not parse or are not
// CRDs are skipped.
func addCRDs(v *schema.Validator, data []byte) {
	for _, doc := range bytes.Split(data, []byte("\n---")) {
		if obj, err := yamlmap.Unmarshal(doc); err == nil && obj["kind"] == "CustomResourceDefinition" {
			_ = v.AddCRD(obj)
		}
	}
}
