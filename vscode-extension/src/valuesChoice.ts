// Which values files the preview can render a chart with, and which of them
// the user chose. Pure: the caller lists the chart's files and keeps the
// choice in the workspace state.

/**
 * valuesCandidates picks, from the chart-relative paths of a chart's files
 * (top level and ci/), the values files a preview can add: values*.yaml or
 * .yml at the top level other than values.yaml itself (Helm always reads
 * that one), and every YAML file in ci/ (the chart-testing convention). The
 * result is sorted, top-level files first.
 */
export function valuesCandidates(chartRelativePaths: string[]): string[] {
    const topLevel = chartRelativePaths.filter(
        (p) => /^values[^/]*\.ya?ml$/.test(p) && p !== 'values.yaml' && p !== 'values.yml',
    );
    const ci = chartRelativePaths.filter((p) => /^ci\/[^/]+\.ya?ml$/.test(p));
    return [...topLevel.sort(), ...ci.sort()];
}

/**
 * rememberedChoice returns the remembered values files that still exist,
 * in the order they were stored (Helm merges -f files in that order).
 */
export function rememberedChoice(remembered: unknown, candidates: string[]): string[] {
    if (!Array.isArray(remembered)) {
        return [];
    }
    return remembered.filter((p): p is string => typeof p === 'string' && candidates.includes(p));
}
