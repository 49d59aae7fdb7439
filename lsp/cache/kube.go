package cache

import (
	"bytes"
	"slices"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/schema"
	"sigs.k8s.io/yaml"
)

// kubeSchemas is a validator with the CRDs it was given.
type kubeSchemas struct {
	version   string
	crds      []*source.File
	validator *schema.Validator
}

// KubeSchemas returns the Kubernetes schemas of the root's manifests: the
// built-in ones of its Kubernetes version, and the CustomResourceDefinitions
// under crds/ of every chart of the tree. The validator is kept from one
// snapshot to the next while those files do not change.
func (r *Root) KubeSchemas() *schema.Validator {
	var crds []*source.File
	if l := r.Load(); l.Chart != nil {
		walkCharts(l.Chart, func(c *chart.Chart) { crds = append(crds, c.CRDs()...) })
	}
	r.latest.mu.Lock()
	k := r.latest.kube
	r.latest.mu.Unlock()
	if k != nil && k.version == r.Config.KubeVersion && slices.Equal(k.crds, crds) {
		return k.validator
	}
	k = &kubeSchemas{version: r.Config.KubeVersion, crds: crds, validator: schema.New(schema.Options{KubeVersion: r.Config.KubeVersion})}
	for _, f := range crds {
		addCRDs(k.validator, f.Data)
	}
	r.latest.mu.Lock()
	r.latest.kube = k
	r.latest.mu.Unlock()
	return k.validator
}

// addCRDs registers the CustomResourceDefinitions of a file of YAML
// documents; documents that do not parse or are not CRDs are skipped.
func addCRDs(v *schema.Validator, data []byte) {
	for _, doc := range bytes.Split(data, []byte("\n---")) {
		var obj map[string]any
		if yaml.Unmarshal(doc, &obj) == nil && obj["kind"] == "CustomResourceDefinition" {
			_ = v.AddCRD(obj)
		}
	}
}
