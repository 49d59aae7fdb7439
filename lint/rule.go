package lint

// Family groups rules by what they look at.
type Family string

// The rule families.
const (
	FamilyChart      Family = "chart"      // Chart.yaml and the chart's layout
	FamilyValues     Family = "values"     // values.yaml and values.schema.json
	FamilyTemplate   Family = "template"   // template sources and their rendering
	FamilyManifest   Family = "manifest"   // rendered Kubernetes documents
	FamilyDependency Family = "dependency" // Chart.yaml dependencies and charts/
	FamilyCRD        Family = "crd"        // CustomResourceDefinitions: files under crds/, rendered ones
)

// Rule is one check. Rules are values: the list is rules.All(), and a
// rule keeps no state between runs.
type Rule struct {
	ID     RuleID
	Family Family
	// Severity is the default severity; configuration overrides it.
	Severity Severity
	// Summary is one line for tables and help.
	Summary string
	// Doc returns the rule's documentation (Markdown: what, why, Bad, Good,
	// options, suppression), printed by --explain: read when asked, since
	// most runs never print it.
	Doc func() string
	// Helm is true for rules that mirror a helm lint check and keep its
	// message text byte for byte.
	Helm bool
	// ReadsIndex is set on rules that may read Pass.Index: with more than
	// one core, a pass then builds the index from the start, beside the
	// render that the rules sorted before them wait for.
	ReadsIndex bool
	// Check reports the rule's findings for one values set through the Pass.
	Check func(*Pass)
}
