// Which chart a file belongs to, and whether it is a chart template. Pure:
// paths are URI paths ("/home/me/chart/templates/a.yaml", always with "/"),
// and the file system is asked only through the hasChartYaml callback.
import * as path from 'path';

/** How many folders findChartRoot climbs at most. */
const maxDepth = 64;

/**
 * findChartRoot returns the nearest folder at or above startDir that holds a
 * Chart.yaml, or undefined when there is none. A subchart's template belongs
 * to the subchart (charts/<name>/Chart.yaml), as in Helm.
 */
export async function findChartRoot(
    startDir: string,
    hasChartYaml: (dir: string) => Promise<boolean>,
): Promise<string | undefined> {
    let dir = startDir;
    for (let depth = 0; depth < maxDepth; depth++) {
        if (await hasChartYaml(dir)) {
            return dir;
        }
        const parent = path.posix.dirname(dir);
        if (parent === dir) {
            return undefined;
        }
        dir = parent;
    }
    return undefined;
}

/**
 * isHelmTemplate reports whether filePath is a file Helm renders as a template
 * of the chart at chartRoot and the extension shows in the helm language:
 * templates/**\/*.{yaml,yml,tpl} and templates/NOTES.txt.
 */
export function isHelmTemplate(filePath: string, chartRoot: string): boolean {
    if (!isInside(filePath, chartRoot)) {
        return false;
    }
    const relative = path.posix.relative(chartRoot, filePath);
    if (!relative.startsWith('templates/')) {
        return false;
    }
    return relative === 'templates/NOTES.txt' || /\.(ya?ml|tpl)$/.test(relative);
}

/**
 * fallbackLanguage names the language for a file that matched the helm
 * language's file patterns but is no chart template (a "templates" folder
 * outside any chart): YAML files stay yaml, anything else is plain text.
 */
export function fallbackLanguage(filePath: string): 'yaml' | 'plaintext' {
    return /\.ya?ml$/.test(filePath) ? 'yaml' : 'plaintext';
}

/** isInside reports whether filePath lies inside folder (not folder itself). */
export function isInside(filePath: string, folder: string): boolean {
    const prefix = folder.endsWith('/') ? folder : `${folder}/`;
    return filePath.startsWith(prefix);
}
