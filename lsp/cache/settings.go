package cache

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/chartwright/chartwright/lint"
)

// Settings are the editor's settings of section "chartwright".
type Settings struct {
	// ValuesFiles maps a chart folder (absolute, or relative to a workspace
	// folder) to extra values files, relative to the chart folder, used as
	// `helm template -f` would.
	ValuesFiles map[string][]string `json:"valuesFiles,omitempty"`
	// Rules sets rules off or to a severity, as .chartwright.yaml does.
	Rules map[string]string `json:"rules,omitempty"`
	// KubeVersion is the target Kubernetes version ("1.33").
	KubeVersion string `json:"kubeVersion,omitempty"`
	// HelmVersion is "3" or "4" (the default).
	HelmVersion string `json:"helmVersion,omitempty"`
}

// Validate reports the first setting that makes no sense.
func (s Settings) Validate() error {
	switch s.HelmVersion {
	case "", "3", "4":
	default:
		return fmt.Errorf("helmVersion must be 3 or 4, not %q", s.HelmVersion)
	}
	for id, v := range s.Rules {
		if _, err := parseRuleSetting(v); err != nil {
			return fmt.Errorf("rules.%s: %w", id, err)
		}
	}
	return nil
}

// Helm3 reports whether the settings choose Helm 3.
func (s Settings) Helm3() bool { return s.HelmVersion == "3" }

func parseRuleSetting(v string) (lint.RuleConfig, error) {
	if strings.EqualFold(v, "off") {
		return lint.RuleConfig{Off: true}, nil
	}
	sev, err := lint.ParseSeverity(v)
	if err != nil {
		return lint.RuleConfig{}, fmt.Errorf("%q is not off, info, warning or error", v)
	}
	return lint.RuleConfig{Severity: sev}, nil
}

// Config is what applies to one chart: the editor's settings, with what
// the chart's .chartwright.yaml sets taking precedence, so that the editor
// and CI agree.
type Config struct {
	Helm3       bool
	KubeVersion string
	// Lint holds the rules' settings.
	Lint *lint.Config
	// ValuesFiles are the extra values files, absolute: those of
	// .chartwright.yaml if it names any, else the editor's. Completion,
	// hover and inlay hints apply them all, in order, over the defaults.
	ValuesFiles []string
	// SeparateSets lints with each values file as a values set of its own,
	// as `chartwright lint` does with those of .chartwright.yaml; the
	// editor's files are linted together, as one render would use them.
	SeparateSets bool
	// File is the .chartwright.yaml that applies, "" for none; Problem is
	// why it could not be read, or names a rule that does not exist: the
	// chart is linted meanwhile as if the file were not there.
	File    string
	Problem *lint.ConfigError
}

// resolveConfig merges the editor's settings for the chart folder dir with
// its configuration file (nil when there is none or it could not be read,
// fileErr saying why), checked against the known rules.
func resolveConfig(s Settings, folders []string, dir string, file *lint.Config, fileErr error, known []*lint.Rule) Config {
	cfg := Config{Helm3: s.Helm3(), KubeVersion: s.KubeVersion, Lint: &lint.Config{Rules: map[lint.RuleID]lint.RuleConfig{}}}
	if file != nil {
		if fileErr = file.Check(known); fileErr != nil {
			file = nil
		}
	}
	errors.As(fileErr, &cfg.Problem)
	for id, v := range s.Rules {
		if rc, err := parseRuleSetting(v); err == nil {
			cfg.Lint.Rules[lint.RuleID(id)] = rc
		}
	}
	cfg.ValuesFiles = settingsValuesFiles(s, folders, dir)
	if file == nil {
		return cfg
	}
	cfg.File = file.Path
	cfg.Lint.Path = file.Path
	for id, rc := range file.Rules {
		cfg.Lint.Rules[id] = rc
	}
	if file.KubeVersion != "" {
		cfg.KubeVersion = file.KubeVersion
	}
	if len(file.ValuesFiles) > 0 {
		cfg.ValuesFiles, cfg.SeparateSets = file.ValuesFiles, true
	}
	return cfg
}

// settingsValuesFiles returns the editor's extra values files of the chart
// folder dir, absolute.
func settingsValuesFiles(s Settings, folders []string, dir string) []string {
	for key, files := range s.ValuesFiles {
		if !namesFolder(key, folders, dir) {
			continue
		}
		out := make([]string, len(files))
		for i, f := range files {
			if !filepath.IsAbs(f) {
				f = filepath.Join(dir, f)
			}
			out[i] = filepath.Clean(f)
		}
		return out
	}
	return nil
}

// namesFolder reports whether key, absolute or relative to one of the
// workspace folders, is dir.
func namesFolder(key string, folders []string, dir string) bool {
	if filepath.IsAbs(key) {
		return filepath.Clean(key) == dir
	}
	for _, f := range folders {
		if filepath.Join(f, key) == dir {
			return true
		}
	}
	return false
}
