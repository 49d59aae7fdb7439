package rules

import (
	"errors"
	"fmt"
	"path/filepath"

	"github.com/Masterminds/semver/v3"
	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/lint"
	"github.com/chartwright/chartwright/third_party/govalidator"
	"sigs.k8s.io/yaml"
)

// The Chart.yaml checks of helm lint, one rule each, sharing one parse.
const (
	chartYAMLParse       lint.RuleID = "chart-yaml-parse"
	chartYAMLStrict      lint.RuleID = "chart-yaml-strict"
	chartName            lint.RuleID = "chart-name"
	chartAPIVersion      lint.RuleID = "chart-api-version"
	chartVersionType     lint.RuleID = "chart-version-type"
	chartVersion         lint.RuleID = "chart-version-semver"
	chartAppVersionType  lint.RuleID = "chart-app-version-type"
	chartMaintainers     lint.RuleID = "chart-maintainers"
	chartSources         lint.RuleID = "chart-sources"
	chartIcon            lint.RuleID = "chart-icon"
	chartIconURL         lint.RuleID = "chart-icon-url"
	chartType            lint.RuleID = "chart-type-api-version"
	chartDependenciesAPI lint.RuleID = "chart-dependencies-api-version"
	chartVersionSemVerV2 lint.RuleID = "chart-version-semver-v2"
)

func chartRules() []*lint.Rule {
	r := func(id lint.RuleID, sev lint.Severity, summary string) *lint.Rule {
		return helmRuleValue(id, lint.FamilyChart, sev, summary)
	}
	return []*lint.Rule{
		r(chartYAMLParse, lint.Error, "Chart.yaml must parse as chart metadata"),
		r(chartYAMLStrict, lint.Warning, "Chart.yaml must have no unknown or duplicate keys (Helm 4)"),
		r(chartName, lint.Error, "the chart name must be set and be a plain name"),
		r(chartAPIVersion, lint.Error, "apiVersion must be v1 or v2"),
		r(chartVersionType, lint.Error, "version must be a YAML string"),
		r(chartVersion, lint.Error, "version must be a semantic version above 0.0.0-0"),
		r(chartAppVersionType, lint.Error, "appVersion must be a YAML string"),
		r(chartMaintainers, lint.Warning, "every maintainer needs a name and a valid email and url"),
		r(chartSources, lint.Warning, "every source must be an absolute URL"),
		r(chartIcon, lint.Info, "an icon is recommended"),
		r(chartIconURL, lint.Warning, "the icon must be an absolute URL"),
		r(chartType, lint.Warning, "type is only valid in apiVersion v2"),
		r(chartDependenciesAPI, lint.Warning, "dependencies in Chart.yaml are only valid in apiVersion v2"),
		r(chartVersionSemVerV2, lint.Warning, "version should be strict SemVer 2 (Helm 4)"),
	}
}

// helmRuleValue builds a rule that reports helm lint's messages for its ID.
func helmRuleValue(id lint.RuleID, family lint.Family, sev lint.Severity, summary string) *lint.Rule {
	return &lint.Rule{ID: id, Family: family, Severity: sev, Summary: summary, Doc: doc(id), Helm: true, Check: helmRule(id)}
}

// chartfile runs helm lint's Chart.yaml checks in Helm's order.
func (h *helmLinter) chartfile() {
	const name = "Chart.yaml"
	p := h.pass
	f := p.HelmFile(name)
	if p.Layout.ChartYAML == lint.IsDir {
		h.add(chartYAMLParse, lint.Error, name, source.Span{}, plain("should be a file, not a directory"))
		// helm lint reads it all the same, and says so too: one problem, Helm's repeat.
		h.add(chartYAMLParse, lint.Error, name, source.Span{}, fmt.Errorf("unable to parse YAML\n\tread %s: is a directory", filepath.Join(p.Dir, name)))
		h.messages[len(h.messages)-1].repeat = true
		return
	}
	if f == nil {
		return
	}
	decoded := chartYAMLOf(p, f)
	md, generic := decoded.Metadata, decoded.Doc
	if err := decoded.Err; err != nil {
		h.add(chartYAMLParse, lint.Error, name, errorSpan(f, err), fmt.Errorf("unable to parse YAML\n\t%w", chart.HelmTypeNames(err, p.Helm3)))
		return
	}
	idx, _ := chart.IndexYAMLKeys(f)
	at := func(key string) source.Span {
		if idx != nil {
			if k, ok := idx.Lookup([]string{key}); ok {
				return k.Key
			}
		}
		return fileStart(f)
	}
	if !p.Helm3 && !decoded.StrictSafe {
		var strict chart.Metadata
		if err := yaml.UnmarshalStrict(f.Data, &strict); err != nil {
			h.add(chartYAMLStrict, lint.Warning, name, errorSpan(f, err), fmt.Errorf("failed to strictly parse chart metadata file\n\t%w", err))
		}
	}

	h.add(chartName, lint.Error, name, at("name"), validateChartName(md))
	h.add(chartAPIVersion, lint.Error, name, at("apiVersion"), validateChartAPIVersion(md))
	h.add(chartVersionType, lint.Error, name, at("version"), isStringValue(generic, "version"))
	h.add(chartVersion, lint.Error, name, at("version"), validateChartVersion(md))
	h.add(chartAppVersionType, lint.Error, name, at("appVersion"), isStringValue(generic, "appVersion"))
	h.add(chartMaintainers, lint.Error, name, at("maintainers"), validateMaintainers(md))
	h.add(chartSources, lint.Error, name, at("sources"), validateSources(md))
	if md.Icon == "" {
		h.add(chartIcon, lint.Info, name, fileStart(f), plain("icon is recommended"))
	}
	if md.Icon != "" && !govalidator.IsRequestURL(md.Icon) {
		h.add(chartIconURL, lint.Error, name, at("icon"), fmt.Errorf("invalid icon URL '%s'", md.Icon))
	}
	if md.Type != "" && md.APIVersion != chart.APIVersionV2 {
		h.add(chartType, lint.Error, name, at("type"), fmt.Errorf("chart type is not valid in apiVersion '%s'. It is valid in apiVersion '%s'", md.APIVersion, chart.APIVersionV2))
	}
	if len(md.Dependencies) > 0 && md.APIVersion != chart.APIVersionV2 {
		h.add(chartDependenciesAPI, lint.Error, name, at("dependencies"), fmt.Errorf("dependencies are not valid in the Chart file with apiVersion '%s'. They are valid in apiVersion '%s'", md.APIVersion, chart.APIVersionV2))
	}
	if !p.Helm3 {
		if _, err := semver.StrictNewVersion(md.Version); err != nil {
			h.add(chartVersionSemVerV2, lint.Warning, name, at("version"), fmt.Errorf("version '%s' is not a valid SemVerV2", md.Version))
		}
	}
}

func validateChartName(md *chart.Metadata) error {
	if md.Name == "" {
		return errors.New("name is required")
	}
	if filepath.Base(md.Name) != md.Name {
		return fmt.Errorf("chart name %q is invalid", md.Name)
	}
	return nil
}

func validateChartAPIVersion(md *chart.Metadata) error {
	if md.APIVersion == "" {
		return errors.New(`apiVersion is required. The value must be either "v1" or "v2"`)
	}
	if md.APIVersion != chart.APIVersionV1 && md.APIVersion != chart.APIVersionV2 {
		return fmt.Errorf(`apiVersion '%s' is not valid. The value must be either "v1" or "v2"`, md.APIVersion)
	}
	return nil
}

func isStringValue(data map[string]any, key string) error {
	v, ok := data[key]
	if !ok {
		return nil
	}
	if t := fmt.Sprintf("%T", v); t != "string" {
		return fmt.Errorf("%s should be of type string but it's of type %s", key, t)
	}
	return nil
}

func validateChartVersion(md *chart.Metadata) error {
	if md.Version == "" {
		return errors.New("version is required")
	}
	v, err := chart.ParseVersion(md.Version)
	if err != nil {
		return fmt.Errorf("version '%s' is not a valid SemVer", md.Version)
	}
	c, _ := semver.NewConstraint(">0.0.0-0")
	if ok, msgs := c.Validate(v); !ok && len(msgs) > 0 {
		return fmt.Errorf("version %w", msgs[0])
	}
	return nil
}

func validateMaintainers(md *chart.Metadata) error {
	for _, m := range md.Maintainers {
		switch {
		case m == nil:
			return errors.New("a maintainer entry is empty")
		case m.Name == "":
			return errors.New("each maintainer requires a name")
		case m.Email != "" && !govalidator.IsEmail(m.Email):
			return fmt.Errorf("invalid email '%s' for maintainer '%s'", m.Email, m.Name)
		case m.URL != "" && !govalidator.IsURL(m.URL):
			return fmt.Errorf("invalid url '%s' for maintainer '%s'", m.URL, m.Name)
		}
	}
	return nil
}

func validateSources(md *chart.Metadata) error {
	for _, s := range md.Sources {
		if s == "" || !govalidator.IsRequestURL(s) {
			return fmt.Errorf("invalid source URL '%s'", s)
		}
	}
	return nil
}
