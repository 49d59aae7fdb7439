// Finding the chartwright binary the extension starts as `<binary> lsp`.
// Pure: the file system and environment come in through BinaryLookup, so the
// lookup order and its messages are tested without VS Code.
import { pathApi } from './platformPath';

/** The command that installs chartwright, shown when no binary is found. */
export const installCommand = 'go install github.com/chartwright/chartwright/cmd/chartwright@latest';

/** Where a binary was found: the chartwright.path setting, the extension's bin/, or PATH. */
export type BinarySource = 'setting' | 'bundled' | 'PATH';

export interface FoundBinary {
    found: true;
    path: string;
    source: BinarySource;
}

export interface MissingBinary {
    found: false;
    /** What went wrong, ready to show to the user. */
    message: string;
}

export type BinaryResolution = FoundBinary | MissingBinary;

/** Everything resolveBinary reads from the outside world. */
export interface BinaryLookup {
    /** The chartwright.path setting; empty when unset. */
    configured: string;
    /** The extension's own bin/ folder, where a bundled binary would be. */
    bundledDir: string;
    /** The PATH environment variable. */
    envPath: string;
    platform: NodeJS.Platform;
    homeDir: string;
    /** The first workspace folder: a relative chartwright.path is resolved against it. */
    workspaceFolder?: string;
    /** Reports whether p is a file the user may execute. */
    isExecutable(p: string): boolean;
}

/**
 * resolveBinary looks for chartwright in the order the README documents: the
 * chartwright.path setting, then a binary bundled in the extension's bin/,
 * then PATH. A setting that names no executable is an error of its own: the
 * user asked for that binary, so another one is not silently started instead.
 */
export function resolveBinary(lookup: BinaryLookup): BinaryResolution {
    const configured = lookup.configured.trim();
    if (configured !== '') {
        return resolveConfigured(configured, lookup);
    }
    const paths = pathApi(lookup.platform);
    for (const name of executableNames('chartwright', lookup.platform)) {
        const bundled = paths.join(lookup.bundledDir, name);
        if (lookup.isExecutable(bundled)) {
            return { found: true, path: bundled, source: 'bundled' };
        }
    }
    const onPath = searchPath('chartwright', lookup);
    if (onPath !== undefined) {
        return { found: true, path: onPath, source: 'PATH' };
    }
    return {
        found: false,
        message:
            'chartwright: no chartwright binary was found (looked at the chartwright.path setting, ' +
            `the extension's bin/ folder and PATH). Install it with \`${installCommand}\` ` +
            '(then make sure $(go env GOPATH)/bin is on PATH) or set chartwright.path to its location.',
    };
}

function resolveConfigured(configured: string, lookup: BinaryLookup): BinaryResolution {
    const paths = pathApi(lookup.platform);
    const expanded = expandHome(configured, lookup.homeDir, lookup.platform);
    const isBareName = !expanded.includes('/') && !(lookup.platform === 'win32' && expanded.includes('\\'));
    let candidate: string | undefined;
    if (isBareName) {
        candidate = searchPath(expanded, lookup);
    } else if (paths.isAbsolute(expanded)) {
        candidate = firstExecutable([expanded, ...withExtensions(expanded, lookup.platform)], lookup);
    } else if (lookup.workspaceFolder !== undefined) {
        const absolute = paths.resolve(lookup.workspaceFolder, expanded);
        candidate = firstExecutable([absolute, ...withExtensions(absolute, lookup.platform)], lookup);
    }
    if (candidate !== undefined) {
        return { found: true, path: candidate, source: 'setting' };
    }
    return {
        found: false,
        message:
            `chartwright: the chartwright.path setting is "${configured}", but no executable file is there. ` +
            `Fix the setting, or clear it to use chartwright from PATH (install: \`${installCommand}\`).`,
    };
}

function searchPath(name: string, lookup: BinaryLookup): string | undefined {
    const paths = pathApi(lookup.platform);
    const separator = lookup.platform === 'win32' ? ';' : ':';
    const dirs = lookup.envPath.split(separator).filter((dir) => dir !== '');
    for (const dir of dirs) {
        const found = firstExecutable(
            executableNames(name, lookup.platform).map((n) => paths.join(dir, n)),
            lookup,
        );
        if (found !== undefined) {
            return found;
        }
    }
    return undefined;
}

function firstExecutable(candidates: string[], lookup: BinaryLookup): string | undefined {
    return candidates.find((c) => lookup.isExecutable(c));
}

/** executableNames lists the file names a program called name may have on platform. */
export function executableNames(name: string, platform: NodeJS.Platform): string[] {
    if (platform !== 'win32' || name.toLowerCase().endsWith('.exe')) {
        return [name];
    }
    return [`${name}.exe`, name];
}

function withExtensions(file: string, platform: NodeJS.Platform): string[] {
    return platform === 'win32' && !file.toLowerCase().endsWith('.exe') ? [`${file}.exe`] : [];
}

function expandHome(p: string, homeDir: string, platform: NodeJS.Platform): string {
    if (p === '~') {
        return homeDir;
    }
    if (p.startsWith('~/') || (platform === 'win32' && p.startsWith('~\\'))) {
        return pathApi(platform).join(homeDir, p.slice(2));
    }
    return p;
}
