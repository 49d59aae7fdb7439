package rules

import (
	"fmt"
	"net/url"
	"path"
	"strconv"
	"strings"

	"github.com/Masterminds/semver/v3"
	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/lint"
)

const dependencyEntryInvalid lint.RuleID = "dependency-entry-invalid"

func dependencyEntryInvalidRule() *lint.Rule {
	return &lint.Rule{
		ID: dependencyEntryInvalid, Family: lint.FamilyDependency, Severity: lint.Warning,
		Summary: "Chart.yaml dependencies must be entries helm dependency update accepts",
		Doc:     doc(dependencyEntryInvalid), Check: checkDependencyEntries,
	}
}

// checkDependencyEntries reports the dependencies of the root chart that
// helm dependency update (v4.3.1's downloader and resolver) rejects, as far
// as the chart alone tells: a missing name, a version that is no semver
// constraint, a repository that is neither empty, file://, oci://, a
// repository alias (@name, alias:name) nor a URL, and a local path that the
// chart does not hold. Paths outside the chart and aliases of the user's
// repositories are not checked.
func checkDependencyEntries(p *lint.Pass) {
	c := p.Chart
	if p.LoadErr != nil || c == nil || c.Metadata == nil {
		return
	}
	entries := dependencyEntries(p)
	for i, d := range c.Metadata.Dependencies {
		if d == nil {
			continue
		}
		at := func(field string) source.Span { return entries.span(i, field) }
		if d.Name == "" {
			p.Reportf(at("name"), "dependency %d has no name: helm dependency update cannot find its chart", i+1)
		}
		if _, err := semver.NewConstraint(d.Version); err != nil {
			p.Reportf(at("version"), "dependency %q has an invalid version/constraint format: %v", d.Name, err)
		}
		if msg := repositoryProblem(c, d); msg != "" {
			p.Reportf(at("repository"), "dependency %q: %s", d.Name, msg)
		}
	}
}

// repositoryProblem says why helm dependency update rejects the entry's
// repository, "" when it does not or when the chart cannot tell.
func repositoryProblem(c *chart.Chart, d *chart.Dependency) string {
	repo := d.Repository
	switch {
	case repo == "":
		// Helm looks for the folder charts/<name>; when no chart of that
		// name is there at all, dependency-missing says so.
		if d.Name == "" || hasPath(c, "charts/"+d.Name) || !hasSubchart(c, d.Name) {
			return ""
		}
		return fmt.Sprintf("repository is empty, and charts/%s does not exist: helm dependency update looks for the chart there (an archive does not count)", d.Name)
	case strings.HasPrefix(repo, "file://"):
		local := strings.TrimPrefix(repo, "file://")
		if strings.HasPrefix(local, "/") {
			return ""
		}
		clean := path.Clean(local)
		if clean == ".." || strings.HasPrefix(clean, "../") || hasPath(c, clean) {
			return "" // outside the chart: not checked
		}
		return fmt.Sprintf("directory %s not found in the chart", clean)
	case strings.HasPrefix(repo, "oci://"), strings.HasPrefix(repo, "@"), strings.HasPrefix(repo, "alias:"):
		return ""
	}
	if _, err := url.ParseRequestURI(repo); err != nil {
		return fmt.Sprintf("no repository definition for %s: the repository must be a URL, oci://, file:// or a repository alias (@name)", repo)
	}
	return ""
}

// hasPath reports whether the chart holds a file or folder at the
// chart-relative path (a loaded subchart's folder included).
func hasPath(c *chart.Chart, name string) bool {
	if name == "." {
		return true
	}
	for _, s := range c.Subcharts {
		if s.Dir == name || strings.HasPrefix(s.Dir, name+"/") {
			return true
		}
	}
	for _, f := range c.Raw {
		if f.Name == name || strings.HasPrefix(f.Name, name+"/") {
			return true
		}
	}
	return false
}

// hasSubchart reports whether a subchart of that name is loaded.
func hasSubchart(c *chart.Chart, name string) bool {
	for _, s := range c.Subcharts {
		if s.Name() == name {
			return true
		}
	}
	return false
}

// dependencyIndex locates the dependency entries in Chart.yaml (or in
// requirements.yaml for apiVersion v1).
type dependencyIndex struct {
	keys *chart.KeyIndex
	file *source.File
}

func dependencyEntries(p *lint.Pass) dependencyIndex {
	for _, name := range []string{"Chart.yaml", "requirements.yaml"} {
		f := p.RawFile(name)
		if f == nil {
			continue
		}
		if idx, err := chart.IndexYAMLKeys(f); err == nil {
			if _, ok := idx.Lookup([]string{"dependencies"}); ok {
				return dependencyIndex{keys: idx, file: f}
			}
		}
	}
	return dependencyIndex{file: p.RawFile("Chart.yaml")}
}

// span is the value of the field of entry i, or the entry's dash when the
// field is absent, or the start of the file.
func (x dependencyIndex) span(i int, field string) source.Span {
	if x.keys == nil {
		return fileStart(x.file)
	}
	entry := []string{"dependencies", strconv.Itoa(i)}
	if k, ok := x.keys.Lookup(append(entry, field)); ok {
		return k.Value
	}
	if k, ok := x.keys.Lookup(entry); ok {
		return k.Key
	}
	return fileStart(x.file)
}
