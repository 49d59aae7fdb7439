// Reading the chartwright.* settings from VS Code and answering the server's
// workspace/configuration requests with them (see settings.ts for the mapping).
import * as vscode from 'vscode';
import { toServerSettings, type FolderValuesFiles, type ServerSettings } from './settings';

/** One item of a workspace/configuration request. */
export interface ConfigurationItem {
    section?: string | null;
    scopeUri?: string | null;
}

/**
 * answerConfiguration answers a workspace/configuration request: items for
 * section `chartwright` get the mapped settings of their scope, the others
 * what the default handler answers for them.
 */
export async function answerConfiguration(
    items: ConfigurationItem[],
    settingsFor: (scope: vscode.Uri | undefined) => ServerSettings,
    defaultAnswers: () => unknown,
): Promise<unknown[]> {
    const ours = items.map((item) =>
        item.section === 'chartwright'
            ? settingsFor(item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined)
            : undefined,
    );
    if (ours.every((answer) => answer !== undefined)) {
        return ours;
    }
    const defaults = await Promise.resolve(defaultAnswers());
    return ours.map((answer, i) => answer ?? (Array.isArray(defaults) ? defaults[i] : null) ?? null);
}

/**
 * ServerSettingsReader maps VS Code's settings for a scope and logs, once per
 * change, the settings it had to ignore.
 */
export class ServerSettingsReader {
    private lastProblems = '';

    constructor(private readonly log: (message: string) => void) {}

    /**
     * settingsFor reads the settings of scope's workspace folder, or of the
     * whole workspace when scope is undefined: then every folder contributes
     * its valuesFiles, resolved against that folder.
     */
    settingsFor(scope: vscode.Uri | undefined): ServerSettings {
        const config = vscode.workspace.getConfiguration('chartwright', scope);
        const raw = {
            rules: config.get('rules'),
            kubeVersion: config.get('kubeVersion'),
            helmVersion: config.get('helmVersion'),
        };
        const { settings, problems } = toServerSettings(raw, valuesFilesOf(scope), process.platform);
        this.report(problems);
        return settings;
    }

    private report(problems: string[]): void {
        const text = problems.join('\n');
        if (text !== this.lastProblems && text !== '') {
            this.log(`Some chartwright settings are ignored:\n${text}`);
        }
        this.lastProblems = text;
    }
}

function valuesFilesOf(scope: vscode.Uri | undefined): FolderValuesFiles[] {
    const scopeFolder = scope ? vscode.workspace.getWorkspaceFolder(scope) : undefined;
    const folders = scopeFolder ? [scopeFolder] : (vscode.workspace.workspaceFolders ?? []);
    if (folders.length === 0) {
        return [
            {
                folder: undefined,
                valuesFiles: vscode.workspace.getConfiguration('chartwright', scope).get('valuesFiles'),
            },
        ];
    }
    return folders.map((f) => ({
        folder: f.uri.fsPath,
        valuesFiles: vscode.workspace.getConfiguration('chartwright', f.uri).get('valuesFiles'),
    }));
}
