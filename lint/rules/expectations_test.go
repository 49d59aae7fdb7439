package rules_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/chartwright/chartwright/lint"
	"github.com/chartwright/chartwright/lint/rules"
)

// expected are the findings each fixture of testdata/lint must give, as
// "file:line severity rule" ("file severity rule" for a finding without a
// line, "- severity rule" for one about the chart as a whole), written by
// reading the fixture, independently of its goldens: -update rewrites the
// goldens, never this table, so a changed verdict cannot be blessed
// unnoticed. Comments mark verdicts that are doubtful.
var expected = map[string][]string{
	"chart-api-version":      {"Chart.yaml:1 error chart-api-version"},
	"chart-app-version-type": {"Chart.yaml:5 error chart-app-version-type"},
	"chart-dependencies-api-version": {
		"Chart.yaml:5 warning chart-dependencies-api-version",
		"Chart.yaml:5 warning dependency-missing", // charts/ lacks sub
	},
	"chart-icon":     {"Chart.yaml:1 info chart-icon"},
	"chart-icon-url": {"Chart.yaml:4 warning chart-icon-url"},
	// Version 1.2.3.4 stops the load (reported twice, as helm lint does);
	// the metadata rules still read Chart.yaml.
	"chart-load":             {"- error chart-load", "templates error chart-load"}, // a type Helm does not know
	"chart-kube-version":     {"Chart.yaml:5 error chart-kube-version"},
	"chart-maintainers":      {"Chart.yaml:5 warning chart-maintainers"}, // the key; the entry without a name is line 6
	"chart-name":             {"Chart.yaml:2 error chart-name"},          // helm lint repeats it as two chart-load messages: --format helm only
	"chart-name-folder":      {"Chart.yaml:2 info chart-name-folder"},    // named other, in chart/
	"chart-sources":          {"Chart.yaml:5 warning chart-sources"},     // the key; the bad URL is line 6
	"chart-type-api-version": {"Chart.yaml:5 warning chart-type-api-version"},
	// helm lint repeats it as two chart-load messages and, in Helm 4, as not SemVer 2: --format helm only
	"chart-version-semver":    {"Chart.yaml:3 error chart-version-semver"},
	"chart-version-semver-v2": {"Chart.yaml:3 warning chart-version-semver-v2"},
	// version: 1.0 is a number, and reads as "1".
	"chart-version-type": {"Chart.yaml:3 error chart-version-type", "Chart.yaml:3 warning chart-version-semver-v2"},
	"chart-yaml-parse":   {"Chart.yaml:3 error chart-yaml-parse"}, // helm lint repeats it as two chart-load messages: --format helm only
	// The strict decoder's error names no line: the unknown key it names.
	"chart-yaml-strict": {"Chart.yaml:5 warning chart-yaml-strict"},
	"crd-api-version":   {"crds/widgets.yaml:1 error crd-api-version"},
	"crd-dir":           {"crds warning crd-dir"},
	"crd-kind":          {"crds/cm.yaml:2 warning crd-kind"},
	// The YAML error ("invalid map key") names no line: the template
	// action's braces, on line 4.
	"crd-yaml": {"crds/widgets.yaml:4 error crd-yaml"},
	// Loading rejects the duplicate first (the rule is unreachable).
	"dependency-duplicate": {"- error chart-load", "templates error chart-load"},
	// Judged by helm dependency update v4.3.1: version latest, repository
	// bitnami, a file:// folder the chart lacks, no version at all. The
	// vendored sub, @stable, oci:// and the path outside are accepted here.
	"dependency-entry-invalid": {
		"Chart.yaml:5 warning dependency-missing",
		"Chart.yaml:10 warning dependency-entry-invalid", "Chart.yaml:14 warning dependency-entry-invalid",
		"Chart.yaml:17 warning dependency-entry-invalid", "Chart.yaml:21 warning dependency-entry-invalid",
	},
	"dependency-missing": {"Chart.yaml:5 warning dependency-missing"},
	// charts/mid lists leaf, which its charts/ lacks: Helm installs mid
	// without it; helm lint looks only at the linted chart's.
	"dependency-missing-in-subchart": {"charts/mid/Chart.yaml:4 warning dependency-missing-in-subchart"},
	// charts/db holds database (helm dependency update looks for
	// charts/database: the entry and the subchart say it); file://./charts/cache
	// holds redis, which helm lint sees as cache missing and redis unlisted
	// (the entry says it; the folder itself is where the entry points).
	// charts/common is right.
	"dependency-name-mismatch": {
		"Chart.yaml:5 warning dependency-missing", "Chart.yaml:5 warning dependency-not-in-metadata",
		"Chart.yaml:8 warning dependency-entry-invalid", "Chart.yaml:12 warning dependency-name-mismatch",
		"charts/db/Chart.yaml:2 warning dependency-name-mismatch",
	},
	"dependency-file-folder":     {}, // file://charts/operator holds the entry's chart
	"dependency-not-in-metadata": {"Chart.yaml:1 warning dependency-not-in-metadata"},
	// An error, where helm lint warns: Kubernetes 1.37, the default target,
	// no longer serves batch/v1beta1 (removed in 1.25).
	"manifest-deprecated-api":  {"templates/cronjob.yaml:1 error manifest-deprecated-api"},
	"manifest-duplicate-key":   {"templates/cm.yaml:7 error manifest-duplicate-key", "values.yaml:1 warning values-unused"},
	"manifest-list-annotation": {"templates/list.yaml:2 warning manifest-list-annotation"},
	"manifest-name":            {"templates/cm.yaml:4 error manifest-name", "values.yaml:1 warning values-unused"},
	// replicas: many is rejected (error); imagePullPolice is dropped (warning).
	"manifest-schema":   {"templates/deploy.yaml:6 error manifest-schema", "templates/deploy.yaml:16 warning manifest-schema"},
	"manifest-selector": {"templates/deploy.yaml:2 error manifest-selector", "templates/deploy.yaml:5 error manifest-schema"},
	// A tab in a flow mapping parses; one that breaks the YAML is
	// manifest-yaml's error alone (TestTabThatBreaksYAMLIsOneFinding).
	"manifest-tabs":         {"templates/cm.yaml:6 warning manifest-tabs"},
	"manifest-unknown-kind": {"templates/widget.yaml:2 info manifest-unknown-kind"},
	"manifest-yaml":         {"templates/cm.yaml:5 error manifest-yaml", "values.yaml:1 warning values-unused"},
	// kubeVersion excludes every target and charts/ lacks the dependency:
	// helm lint renders and checks the templates all the same; helm
	// template fails on the kubeVersion.
	"render-anyway": {
		"Chart.yaml:7 error chart-kube-version",
		"Chart.yaml:8 warning dependency-missing",
		"templates/deployment.yaml:2 error manifest-selector", "templates/deployment.yaml:5 error manifest-schema",
	},
	// include with one argument only fails when .Values.extra is set; the
	// guarded read of extra is no values-undefined.
	// Only the Deployment is in Helm's table and the root chart; the others
	// are no longer served at 1.37 (the default target): errors.
	"removed-api": {
		"Chart.yaml:1 info chart-icon",
		"charts/legacy/templates/role.yaml:1 error manifest-deprecated-api",
		"templates/cronjob.yaml:2 error manifest-deprecated-api",
		"templates/deployment.yaml:1 error manifest-deprecated-api",
		"templates/psp.yaml:1 error manifest-deprecated-api",
	},
	"template-arguments":        {"templates/cm.yaml:8 warning template-arguments", "values.yaml:1 warning values-unused"},
	"template-crd-install-hook": {"templates/crd.yaml:6 warning template-crd-install-hook"},
	"template-dir":              {"templates warning template-dir", "values.yaml:1 warning values-unused"},
	"template-extension":        {"templates/cm.json:1 warning template-extension"},
	// A misspelt name, a file .helmignore leaves out, a pattern in a
	// misspelt folder, and under if a file missing from config/; the
	// reads of files that exist are no finding, nor is certs/tls.crt
	// under if (certs/ does not exist: a file for the user to add), nor
	// the range over the misspelt pattern (a range expects no file).
	"template-files-missing": {
		"templates/cm.yaml:7 warning template-files-missing", "templates/cm.yaml:8 warning template-files-missing",
		"templates/cm.yaml:12 warning template-files-missing", "templates/cm.yaml:17 warning template-files-missing",
	},
	"template-indent":       {"templates/cm.yaml:1 warning template-indent", "values.yaml:1 warning values-unused"},
	"template-release-time": {"templates/cm.yaml:6 warning template-release-time", "values.yaml:1 warning values-unused"},
	// values-unused holds back while a template does not parse: what it
	// reads is unknown (it reads .Values.name).
	"template-render":          {"templates/cm.yaml:4 error template-render"},
	"template-unknown-include": {"templates/cm.yaml:8 warning template-unknown-include", "values.yaml:1 warning values-unused"},
	// Without values.yaml, .Values.name is undefined and the name empty.
	// The name renders empty from .Values.name, which no values file
	// defines: manifest-name's error says so, values-undefined leaves it.
	"values-file": {"values.yaml info values-file", "templates/cm.yaml:4 error manifest-name"},
	// host is "" and user absent; port has a default, and the required
	// values under if and in a define are not checked.
	"values-required-without-default": {
		"templates/cm.yaml:6 warning values-required-without-default", "templates/cm.yaml:8 warning values-required-without-default",
	},
	// One problem, one finding: helm lint's repeat of the root chart's
	// schema failure by the coalesced values' check is left to --format helm.
	"values-schema":           {"values.yaml:1 error values-schema"},
	"values-schema-coalesced": {"values.yaml:1 error values-schema-coalesced"},
	// One problem, one finding: helm lint's repeat of the schema's own
	// fault for values.yaml is left to --format helm.
	"values-schema-invalid": {"values.schema.json:1 error values-schema-invalid"},
	"values-undefined":      {"templates/cm.yaml:6 warning values-undefined", "values.yaml:1 warning values-unused"},
	"values-unused":         {"values.yaml:2 warning values-unused"},
	"values-duplicate-key":  {"values.yaml:4 warning values-duplicate-key"},
	"severity-null-required": {
		"templates/service.yaml:8 error manifest-schema",     // at .Values.service.prot
		"templates/service.yaml:11 warning values-undefined", // loadBalancerIP is optional
		"templates/service.yaml:32 error manifest-schema",    // metricsPort: null in values.yaml, dropped
	},
	"library-values": {}, // its values are the defaults its helpers document
	"values-exports": {}, // exports is what a parent's import-values reads
	// The root chart's reads follow its set . "Values": unknown; the
	// subchart's typo is reported, not the key it sets. No key is unused:
	// defaults and the rest are merged whole into the rebuilt values.
	"values-rebuilt": {"charts/sub/templates/cm.yaml:7 warning values-undefined"},
	// The include fails the render (as in helm lint); the missing
	// chart may define the name and read commonLabels.
	"missing-dependency-cascade": {"Chart.yaml:5 warning dependency-missing", "templates/cm.yaml:5 error template-render"},
	// charts/mid lacks leaf, which may read global: reported as missing,
	// and its values and the globals are held back.
	"nested-missing-dependency": {"charts/mid/Chart.yaml:5 warning dependency-missing-in-subchart"},
	"umbrella-no-templates":     {"templates info template-dir"}, // it installs charts/crds
	// The API server sets status itself: the CRD generator's empty names
	// are dropped unread; a value of the wrong type still fails to decode.
	"severity-status": {"templates/deploy.yaml:19 error manifest-schema"},
	// Optional files, their folders holding only a README or .gitkeep:
	// tested by if, or, with, not and default, ranged over, or read under
	// a test of the same files, they are expected to be absent; a read of
	// one outside any test is reported once, though read three times.
	"files-tested": {"templates/configmap.yaml:24 warning template-files-missing"},
	// Input the chart asks for: a required the chart's values leave empty,
	// once, at the call values-required-without-default checks (not again
	// where job-cm.yaml requires it under if); a helper's fail and
	// required, at their lines, once though the helper runs twice; a fail
	// run by the template action, whose call cannot be told, once at the
	// first action that ran it.
	"required-input": {
		"templates/_helpers.tpl:4 warning template-render", "templates/_helpers.tpl:6 warning template-render",
		"templates/cm.yaml:7 warning values-required-without-default", "templates/svc.yaml:1 warning template-render",
	},
	// A define run in the chart and in its subchart reads .Values.psql in
	// both: one finding, naming both charts.
	"values-undefined-scopes": {"templates/_helpers.tpl:2 warning values-undefined"},
	// secretOnly is read by a file tpl gets in base64 only; neverRead by nothing.
	"values-read-by-tpl-files": {"values.yaml:5 warning values-unused", "values.yaml:7 warning values-unused"},
	// The undefined read is reported once, though the checksum includes its file.
	// pluck and | int | default are optional lookups; int alone renders 0,
	// toString <nil> (default keeps it), toYaml null, quote empty.
	"values-undefined-renders": {
		"templates/cm.yaml:9 warning values-undefined", "templates/cm.yaml:10 warning values-undefined",
		"templates/cm.yaml:11 warning values-undefined", "templates/cm.yaml:12 warning values-undefined",
	},
	// .Values.AsMap.namespaceOverride reads namespaceOverride, undefined.
	"values-read-by-values-asmap": {"templates/sa.yaml:6 warning values-undefined"},
	"values-read-by-file-include": {"templates/configmap.yaml:9 warning values-undefined", "values.yaml:5 warning values-unused"},
	"severity-capability": {
		"templates/cronjob.yaml:1 error manifest-deprecated-api",
		"templates/pdb.yaml:4 warning manifest-deprecated-api", // Has "policy/v1/PodDisruptionBudget" picks policy/v1 on a cluster
	},
	"severity-duplicate-key": {
		"templates/configmap.yaml:9 error manifest-duplicate-key",
		"templates/configmap.yaml:11 warning manifest-duplicate-key",
		"templates/configmap.yaml:13 warning manifest-duplicate-key",
	},
	"severity-api": {
		"values.yaml info values-file",
		"templates/lease.yaml:2 error manifest-deprecated-api",
		"templates/policy.yaml:2 warning manifest-deprecated-api",
		"templates/typo.yaml:3 error manifest-unknown-kind",
		"templates/widget.yaml:3 info manifest-unknown-kind",
	},
	// Linted with user-values.yaml as -f: image.tagg, imagePullSecret,
	// sub.prot and global.zone are unknown; image.tag, podAnnotations.a
	// (read whole), extra.anything (with, toYaml), sub.port,
	// global.region and domain (read by the tpl text in extra) are known.
	"values-unknown-override": {
		"../user-values.yaml:4 warning values-unknown-override", "../user-values.yaml:9 warning values-unknown-override",
		"../user-values.yaml:12 warning values-unknown-override", "../user-values.yaml:15 warning values-unknown-override",
	},
	"values-list":            {"values.yaml:1 error values-yaml-parse"},
	"chart-yaml-maintainers": {"Chart.yaml:4 error chart-yaml-parse"}, // the field of the wrong type
	"values-list-helm3":      {"values.yaml:1 error values-yaml-parse"},
	// helm lint's two chart-load messages repeat the parse error; only
	// --format helm prints them.
	"values-yaml-parse": {"values.yaml:1 error values-yaml-parse"},
	// Only the Widget without size fails: the others' fields have defaults.
	"crd-required-default": {"templates/widgets.yaml:16 error manifest-schema"},
	// bucket "" is present; prefix "" breaks minLength; provider is null.
	"crd-required-empty-string": {"templates/store.yaml:9 error manifest-schema", "templates/store.yaml:10 error manifest-schema"},
	// interval breaks its duration pattern; port "" breaks its pattern too.
	"crd-pattern": {"templates/monitor.yaml:8 error manifest-schema", "templates/monitor.yaml:10 error manifest-schema"},
	// replicas under its minimum, name over its maxLength, hosts under minItems.
	"crd-bounds": {"templates/pool.yaml:8 error manifest-schema", "templates/pool.yaml:9 error manifest-schema", "templates/pool.yaml:10 error manifest-schema"},
	// The Probe "bad" breaks multipleOf twice (replicas, ratio), int32
	// (port) and a string format on each line after; "good" passes.
	"crd-format": {
		"templates/probes.yaml:12 error manifest-schema", "templates/probes.yaml:13 error manifest-schema",
		"templates/probes.yaml:14 error manifest-schema", "templates/probes.yaml:15 error manifest-schema",
		"templates/probes.yaml:16 error manifest-schema", "templates/probes.yaml:17 error manifest-schema",
		"templates/probes.yaml:18 error manifest-schema", "templates/probes.yaml:19 error manifest-schema",
		"templates/probes.yaml:20 error manifest-schema", "templates/probes.yaml:21 error manifest-schema",
		"templates/probes.yaml:22 error manifest-schema", "templates/probes.yaml:23 error manifest-schema",
		"templates/probes.yaml:24 error manifest-schema", "templates/probes.yaml:25 error manifest-schema",
		"templates/probes.yaml:26 error manifest-schema",
	},
	// crds/broken.yaml: gadgets' name, storage versions and version V2;
	// Things' listKind, plural, scope and missing schema; sprockets'
	// metadata, spec without type, uniqueItems, additionalProperties
	// beside properties and a typed anyOf. The rendered gizmos: a group
	// without a dot (a value), a webhook strategy without client config
	// and review versions (both at conversion:), a set on an object.
	// crds/widgets.yaml, valid, has none, nor the broken CRD of the
	// disabled subchart extras.
	"crd-invalid": {
		"crds/broken.yaml:5 error crd-invalid", "crds/broken.yaml:12 error crd-invalid",
		"crds/broken.yaml:18 error crd-invalid", "crds/broken.yaml:34 error crd-invalid",
		"crds/broken.yaml:35 error crd-invalid", "crds/broken.yaml:36 error crd-invalid",
		"crds/broken.yaml:38 error crd-invalid", "crds/broken.yaml:61 error crd-invalid",
		"crds/broken.yaml:65 error crd-invalid", "crds/broken.yaml:69 error crd-invalid",
		"crds/broken.yaml:75 error crd-invalid", "crds/broken.yaml:79 error crd-invalid",
		"templates/gizmos.yaml:8 error crd-invalid", "templates/gizmos.yaml:13 error crd-invalid",
		"templates/gizmos.yaml:13 error crd-invalid", "templates/gizmos.yaml:24 error crd-invalid",
	},
	// The lists' empty names are information; the ConfigMapList's second
	// item, without a name, is an error.
	"list-kind-names": {
		"templates/configmaps.yaml:5 info manifest-name", "templates/configmaps.yaml:9 error manifest-schema",
		"templates/list.yaml:1 info manifest-name",
	},
}

// TestFixtureExpectations lints every fixture of testdata/lint and compares
// its findings with the hand-written expectation of the table above; every
// fixture needs one.
func TestFixtureExpectations(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", "..", "testdata", "lint"))
	if err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	all := rules.All()
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		name := e.Name()
		seen[name] = true
		t.Run(name, func(t *testing.T) {
			want, ok := expected[name]
			if !ok {
				t.Fatal("no expectation: add the fixture's findings to the table")
			}
			var got []string
			for _, f := range lintFixture(t, filepath.Join(root, name), all).Findings {
				got = append(got, describeFinding(f))
			}
			slices.Sort(got)
			want = slices.Sorted(slices.Values(want))
			if !slices.Equal(got, want) {
				t.Errorf("findings:\n%q\nwant:\n%q", got, want)
			}
		})
	}
	for name := range expected {
		if !seen[name] {
			t.Errorf("expectation for %s, which is no fixture", name)
		}
	}
}

// describeFinding writes a finding as the table does.
func describeFinding(f lint.Finding) string {
	where := f.Path
	switch {
	case where == "" && f.Helm != nil && f.Helm.Path != "":
		where = filepath.Base(f.Helm.Path)
	case where == "":
		where = "-"
	}
	if line := f.Position().Line; line > 0 {
		where = fmt.Sprintf("%s:%d", where, line)
	}
	return fmt.Sprintf("%s %s %s", where, f.Severity, f.Rule)
}
