package rules

import "github.com/chartwright/chartwright/lint"

// ownRules are the checks helm lint does not have.
func ownRules() []*lint.Rule {
	return append([]*lint.Rule{
		valuesUndefinedRule(),
		valuesUnusedRule(),
		valuesDuplicateKeyRule(),
		valuesSchemaInvalidRule(),
		valuesRequiredWithoutDefaultRule(),
		valuesUnknownOverrideRule(),
		dependencyEntryInvalidRule(),
		dependencyNameMismatchRule(),
		dependencyMissingInSubchartRule(),
		chartNameFolderRule(),
		chartKubeVersionRule(),
		templateUnknownIncludeRule(),
		templateArgumentsRule(),
		templateFilesMissingRule(),
		manifestDuplicateKeyRule(),
		manifestTabsRule(),
		crdInvalidRule(),
	}, manifestSchemaRules()...)
}
