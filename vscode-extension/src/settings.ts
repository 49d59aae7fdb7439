// Mapping VS Code's chartwright.* settings to the `chartwright` configuration
// object the language server pulls with workspace/configuration. Pure: the
// caller reads the settings, this module validates and normalizes them.
import * as path from 'path';
import { pathApi } from './platformPath';

/** A lint rule's level, as in .chartwright.yaml. */
export type RuleLevel = 'off' | 'info' | 'warning' | 'error';

const ruleLevels: readonly RuleLevel[] = ['off', 'info', 'warning', 'error'];

/** The configuration object the server receives for section `chartwright`. */
export interface ServerSettings {
    /** Absolute chart folder path → extra values files, relative to that chart folder. */
    valuesFiles: Record<string, string[]>;
    /** Rule ID → level. */
    rules: Record<string, RuleLevel>;
    /** Kubernetes version such as "1.33"; absent for the server's default. */
    kubeVersion?: string;
    helmVersion: '3' | '4';
}

/** The chartwright.* settings as VS Code returns them: anything a user typed. */
export interface RawSettings {
    rules?: unknown;
    kubeVersion?: unknown;
    helmVersion?: unknown;
}

/** One workspace folder's chartwright.valuesFiles, whose relative keys resolve against it. */
export interface FolderValuesFiles {
    /** The folder's file system path; undefined when there is no workspace folder. */
    folder: string | undefined;
    valuesFiles: unknown;
}

export interface MappedSettings {
    settings: ServerSettings;
    /** Settings that were ignored and why, for the output channel. */
    problems: string[];
}

/**
 * toServerSettings validates the settings and builds the object the server
 * receives. Relative chart folder keys of valuesFiles are made absolute
 * against the folder whose settings they come from, so the server never has
 * to guess which workspace folder a key meant. Invalid entries are left out
 * and described in problems.
 */
export function toServerSettings(
    raw: RawSettings,
    folders: FolderValuesFiles[],
    platform: NodeJS.Platform,
): MappedSettings {
    const problems: string[] = [];
    const valuesFiles = mapValuesFiles(folders, pathApi(platform), problems);
    const rules = mapRules(raw.rules, problems);
    const kubeVersion = mapKubeVersion(raw.kubeVersion, problems);
    const helmVersion = mapHelmVersion(raw.helmVersion, problems);
    const settings: ServerSettings = { valuesFiles, rules, helmVersion };
    if (kubeVersion !== undefined) {
        settings.kubeVersion = kubeVersion;
    }
    return { settings, problems };
}

function mapValuesFiles(
    folders: FolderValuesFiles[],
    paths: path.PlatformPath,
    problems: string[],
): Record<string, string[]> {
    const result: Record<string, string[]> = {};
    for (const { folder, valuesFiles } of folders) {
        if (valuesFiles === undefined || valuesFiles === null) {
            continue;
        }
        if (!isPlainObject(valuesFiles)) {
            problems.push('chartwright.valuesFiles must be an object (chart folder → list of values files)');
            continue;
        }
        for (const [chartFolder, files] of Object.entries(valuesFiles)) {
            const key = chartFolderKey(chartFolder, folder, paths);
            if (key === undefined) {
                problems.push(
                    `chartwright.valuesFiles: "${chartFolder}" is relative, but there is no workspace folder to resolve it against`,
                );
                continue;
            }
            if (!Array.isArray(files) || !files.every((f) => typeof f === 'string' && f.trim() !== '')) {
                problems.push(`chartwright.valuesFiles["${chartFolder}"] must be a list of file names`);
                continue;
            }
            result[key] = [...(result[key] ?? []), ...files.map((f: string) => f.trim())];
        }
    }
    return result;
}

function chartFolderKey(chartFolder: string, folder: string | undefined, paths: path.PlatformPath): string | undefined {
    const trimmed = chartFolder.trim();
    if (paths.isAbsolute(trimmed)) {
        return paths.normalize(trimmed);
    }
    if (folder === undefined) {
        return undefined;
    }
    return paths.join(folder, trimmed);
}

function mapRules(rules: unknown, problems: string[]): Record<string, RuleLevel> {
    const result: Record<string, RuleLevel> = {};
    if (rules === undefined || rules === null) {
        return result;
    }
    if (!isPlainObject(rules)) {
        problems.push('chartwright.rules must be an object (rule ID → off, info, warning or error)');
        return result;
    }
    for (const [id, level] of Object.entries(rules)) {
        const normalized = typeof level === 'string' ? level.trim().toLowerCase() : level;
        if (!ruleLevels.includes(normalized as RuleLevel)) {
            problems.push(`chartwright.rules["${id}"] is ${JSON.stringify(level)}; use off, info, warning or error`);
            continue;
        }
        result[id] = normalized as RuleLevel;
    }
    return result;
}

function mapKubeVersion(version: unknown, problems: string[]): string | undefined {
    if (version === undefined || version === null || version === '') {
        return undefined;
    }
    if (typeof version !== 'string' || !/^v?\d+\.\d+(\.\d+)?$/.test(version.trim())) {
        problems.push(
            `chartwright.kubeVersion is ${JSON.stringify(version)}; use a version like "1.33" (the server's default is used)`,
        );
        return undefined;
    }
    return version.trim();
}

function mapHelmVersion(version: unknown, problems: string[]): '3' | '4' {
    if (version === undefined || version === null || version === '') {
        return '4';
    }
    const text = String(version).trim();
    if (text === '3' || text === '4') {
        return text;
    }
    problems.push(`chartwright.helmVersion is ${JSON.stringify(version)}; use "3" or "4" (using "4")`);
    return '4';
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
