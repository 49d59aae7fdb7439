// Checking and describing the results of the server's chartwright.packageChart
// and chartwright.indexRepository commands. Pure.

export interface PackageResult {
    /** The written .tgz. */
    path: string;
    /** Its digest, such as "sha256:…". */
    digest: string;
}

export interface IndexResult {
    /** The written index.yaml. */
    path: string;
    /** How many chart versions the index lists. */
    entries: number;
}

export function parsePackageResult(value: unknown): PackageResult {
    const result = asRecord(value, 'chartwright.packageChart');
    if (typeof result.path !== 'string' || typeof result.digest !== 'string') {
        throw unexpected('chartwright.packageChart', 'no "path" and "digest" strings');
    }
    return { path: result.path, digest: result.digest };
}

/**
 * parseIndexResult accepts entries as a count, as a list, or as index.yaml's
 * own map of chart name → versions, and counts chart versions.
 */
export function parseIndexResult(value: unknown): IndexResult {
    const result = asRecord(value, 'chartwright.indexRepository');
    if (typeof result.path !== 'string') {
        throw unexpected('chartwright.indexRepository', 'no "path" string');
    }
    return { path: result.path, entries: countEntries(result.entries) };
}

function countEntries(entries: unknown): number {
    if (typeof entries === 'number') {
        return entries;
    }
    if (Array.isArray(entries)) {
        return entries.length;
    }
    if (typeof entries === 'object' && entries !== null) {
        return Object.values(entries).reduce<number>((n, v) => n + (Array.isArray(v) ? v.length : 1), 0);
    }
    return 0;
}

function asRecord(value: unknown, command: string): Record<string, unknown> {
    if (typeof value !== 'object' || value === null) {
        throw unexpected(command, 'not an object');
    }
    return value as Record<string, unknown>;
}

function unexpected(command: string, what: string): Error {
    return new Error(`${command} returned an unexpected result: ${what}`);
}
