package schema

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
)

// loadFile looks for a JSON schema of apiVersion/kind in the schema
// locations and returns it compiled, or nil when none has it.
func (v *Validator) loadFile(apiVersion, kind string) *snode {
	for _, loc := range v.locations {
		for _, path := range schemaPaths(loc, v.version, apiVersion, kind) {
			data, err := os.ReadFile(path)
			if err != nil {
				continue
			}
			var doc map[string]any
			if json.Unmarshal(data, &doc) != nil {
				continue
			}
			root, err := v.customRoot(compileJSONSchema(doc, true))
			if err != nil {
				return nil
			}
			return root
		}
	}
	return nil
}

// schemaPaths lists the files kubeconform would read for a kind. A location
// holding "{{" is a kubeconform template with .Group, .ResourceKind,
// .ResourceAPIVersion, .KindSuffix, .NormalizedKubernetesVersion and
// .StrictSuffix; a plain directory is searched in the CRDs-catalog layout
// (GROUP/KIND_VERSION.json) and in kubeconform's default layout
// (vVERSION-standalone-strict/KIND-GROUP-VERSION.json and variants).
func schemaPaths(loc, kubeVersion, apiVersion, kind string) []string {
	group, version, found := strings.Cut(apiVersion, "/")
	if !found {
		group, version = "", apiVersion
	}
	lkind := strings.ToLower(kind)
	kindSuffix := "-" + strings.ToLower(version)
	if group != "" {
		kindSuffix = "-" + strings.ToLower(strings.Split(group, ".")[0]) + kindSuffix
	}
	vars := strings.NewReplacer(
		"{{ .Group }}", group, "{{.Group}}", group,
		"{{ .ResourceKind }}", lkind, "{{.ResourceKind}}", lkind,
		"{{ .ResourceAPIVersion }}", version, "{{.ResourceAPIVersion}}", version,
		"{{ .KindSuffix }}", kindSuffix, "{{.KindSuffix}}", kindSuffix,
		"{{ .NormalizedKubernetesVersion }}", "v"+kubeVersion+".0", "{{.NormalizedKubernetesVersion}}", "v"+kubeVersion+".0",
		"{{ .StrictSuffix }}", "-strict", "{{.StrictSuffix}}", "-strict",
	)
	if strings.Contains(loc, "{{") {
		return []string{vars.Replace(loc)}
	}
	return []string{
		filepath.Join(loc, group, lkind+"_"+version+".json"),
		filepath.Join(loc, "v"+kubeVersion+".0-standalone-strict", lkind+kindSuffix+".json"),
		filepath.Join(loc, "v"+kubeVersion+".0-standalone", lkind+kindSuffix+".json"),
		filepath.Join(loc, "master-standalone-strict", lkind+kindSuffix+".json"),
		filepath.Join(loc, lkind+kindSuffix+".json"),
	}
}
