package lint

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/chartwright/chartwright/render"
	yaml "go.yaml.in/yaml/v3"
)

// ConfigFile is the name of the configuration file, looked up from the
// chart directory upwards.
const ConfigFile = ".chartwright.yaml"

// Config is a parsed .chartwright.yaml:
//
//	kubeVersion: "1.30"        # target Kubernetes version
//	values: [ci/prod.yaml]     # extra values files, each linted as a values set
//	rules:
//	  values-unused: off       # off, info, warning or error
//	  manifest-schema: warning
type Config struct {
	// Path is the file the configuration was read from, "" for none.
	Path        string
	KubeVersion string
	// ValuesFiles are absolute paths (relative ones are resolved against
	// the configuration file's directory).
	ValuesFiles []string
	// Rules holds the per-rule settings, by ID.
	Rules map[RuleID]RuleConfig
}

// RuleConfig is one rule's setting: off, or a severity.
type RuleConfig struct {
	Off      bool
	Severity Severity
	line     int
}

// FindConfig looks for .chartwright.yaml in dir and its parents and parses
// the first one found; it returns an empty Config when there is none.
func FindConfig(dir string) (*Config, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	for d := abs; ; d = filepath.Dir(d) {
		p := filepath.Join(d, ConfigFile)
		data, err := os.ReadFile(p)
		if err == nil {
			return ParseConfig(p, data)
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("read config: %w", err)
		}
		if filepath.Dir(d) == d {
			return &Config{}, nil
		}
	}
}

// ConfigError is a mistake in a configuration file: `chartwright lint`
// stops on it, and the language server shows it on the file's line.
type ConfigError struct {
	Path string
	// Line is 1-based, 0 when the mistake has no line.
	Line    int
	Message string
}

func (e *ConfigError) Error() string {
	if e.Line == 0 {
		return e.Path + ": " + e.Message
	}
	return fmt.Sprintf("%s:%d: %s", e.Path, e.Line, e.Message)
}

// yamlErrorLine matches the line the YAML decoder names in a syntax error.
var yamlErrorLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// yamlConfigError is the ConfigError of a configuration file that is not
// YAML, at the line the decoder names.
func yamlConfigError(path string, err error) *ConfigError {
	m := yamlErrorLine.FindStringSubmatch(err.Error())
	if m == nil {
		return &ConfigError{Path: path, Message: err.Error()}
	}
	line, _ := strconv.Atoi(m[1])
	return &ConfigError{Path: path, Line: line, Message: "yaml: " + m[2]}
}

// ParseConfig parses the content of a configuration file read from path.
// Errors are *ConfigError, naming the file and line.
func ParseConfig(path string, data []byte) (*Config, error) {
	cfg := &Config{Path: path, Rules: map[RuleID]RuleConfig{}}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, yamlConfigError(path, err)
	}
	if len(doc.Content) == 0 {
		return cfg, nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, &ConfigError{Path: path, Line: root.Line, Message: "the configuration must be a mapping"}
	}
	bad := func(n *yaml.Node, format string, args ...any) error {
		return &ConfigError{Path: path, Line: n.Line, Message: fmt.Sprintf(format, args...)}
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		switch k.Value {
		case "kubeVersion":
			if v.Kind != yaml.ScalarNode {
				return nil, bad(v, "kubeVersion must be a string")
			}
			if _, err := render.ParseKubeVersion(v.Value); err != nil {
				return nil, bad(v, "invalid kubeVersion %q: %v", v.Value, err)
			}
			cfg.KubeVersion = v.Value
		case "values":
			if v.Kind != yaml.SequenceNode {
				return nil, bad(v, "values must be a list of files")
			}
			for _, f := range v.Content {
				p := f.Value
				if !filepath.IsAbs(p) {
					p = filepath.Join(filepath.Dir(path), p)
				}
				cfg.ValuesFiles = append(cfg.ValuesFiles, p)
			}
		case "rules":
			if v.Kind != yaml.MappingNode {
				return nil, bad(v, "rules must map rule IDs to off, info, warning or error")
			}
			for j := 0; j+1 < len(v.Content); j += 2 {
				id, setting := v.Content[j], v.Content[j+1]
				rc := RuleConfig{line: id.Line}
				if strings.EqualFold(setting.Value, "off") {
					rc.Off = true
				} else if s, err := ParseSeverity(setting.Value); err == nil {
					rc.Severity = s
				} else {
					return nil, bad(setting, "rule %s: %q is not off, info, warning or error", id.Value, setting.Value)
				}
				cfg.Rules[RuleID(id.Value)] = rc
			}
		default:
			return nil, bad(k, "unknown setting %q (want kubeVersion, values or rules)", k.Value)
		}
	}
	return cfg, nil
}

// Check reports the first rule ID the configuration names that is not in
// rules, as a *ConfigError.
func (c *Config) Check(rules []*Rule) error {
	known := map[RuleID]bool{}
	for _, r := range rules {
		known[r.ID] = true
	}
	for id, rc := range c.Rules {
		if !known[id] {
			return &ConfigError{Path: c.Path, Line: rc.line, Message: fmt.Sprintf("unknown rule %q", id)}
		}
	}
	return nil
}

// configures reports whether the configuration sets the rule's severity:
// it then applies to every finding of the rule, whatever the rule's
// verdict case by case.
func (c *Config) configures(r *Rule) bool {
	if c == nil {
		return false
	}
	_, ok := c.Rules[r.ID]
	return ok
}

// severity applies the configuration to a rule: its severity, or false
// when the rule is off.
func (c *Config) severity(r *Rule) (Severity, bool) {
	if c == nil {
		return r.Severity, true
	}
	rc, ok := c.Rules[r.ID]
	switch {
	case !ok:
		return r.Severity, true
	case rc.Off:
		return 0, false
	}
	return rc.Severity, true
}
