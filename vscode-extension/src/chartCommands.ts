// Package Chart and Index Repository: ask what the server needs, run the
// server's command with progress, and report the result.
import * as path from 'path';
import * as vscode from 'vscode';
import { chartForCommand, exists } from './charts';
import { parseIndexResult, parsePackageResult } from './commandResults';
import { commandIds, serverCommandIds } from './ids';
import { registerUserCommand } from './notify';

/** Runs a server command; see ServerManager.execute. */
export type ExecuteServerCommand = (command: string, args: unknown[]) => Promise<unknown>;

export function registerChartCommands(execute: ExecuteServerCommand): vscode.Disposable[] {
    return [
        registerUserCommand(commandIds.packageChart, (arg) => packageChart(execute, arg)),
        registerUserCommand(commandIds.indexRepository, (arg) => indexRepository(execute, arg)),
    ];
}

async function packageChart(execute: ExecuteServerCommand, arg: unknown): Promise<void> {
    const chart = await chartForCommand(arg);
    const destination = await pickDestination(chart);
    if (destination === undefined) {
        return;
    }
    const result = parsePackageResult(
        await withProgress(`Packaging ${path.posix.basename(chart.path)}`, () =>
            execute(serverCommandIds.packageChart, [chart.toString(), { destination: destination.fsPath }]),
        ),
    );
    const reveal = 'Reveal in File Explorer';
    const copyDigest = 'Copy Digest';
    const choice = await vscode.window.showInformationMessage(
        `chartwright: packaged ${result.path} (${result.digest})`,
        reveal,
        copyDigest,
    );
    if (choice === reveal) {
        await vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(result.path));
    } else if (choice === copyDigest) {
        await vscode.env.clipboard.writeText(result.digest);
    }
}

/** pickDestination asks where the .tgz goes: beside the chart folder, or a folder the user picks. */
async function pickDestination(chart: vscode.Uri): Promise<vscode.Uri | undefined> {
    const parent = vscode.Uri.joinPath(chart, '..');
    const beside = { label: 'Next to the chart folder', description: parent.fsPath };
    const other = { label: 'Choose a folder…' };
    const choice = await vscode.window.showQuickPick([beside, other], { title: 'Where should the chart archive go?' });
    if (choice === beside) {
        return parent;
    }
    if (choice === other) {
        const picked = await vscode.window.showOpenDialog({
            canSelectFolders: true,
            canSelectFiles: false,
            defaultUri: parent,
            openLabel: 'Package Here',
        });
        return picked?.[0];
    }
    return undefined;
}

async function indexRepository(execute: ExecuteServerCommand, arg: unknown): Promise<void> {
    const folder = arg instanceof vscode.Uri ? arg : await pickRepositoryFolder();
    if (folder === undefined) {
        return;
    }
    const url = await vscode.window.showInputBox({
        title: 'URL of the chart repository (optional)',
        prompt: 'The index lists the charts with URLs under this address; leave it empty for relative URLs.',
        placeHolder: 'https://charts.example.com',
        validateInput: (value) =>
            value === '' || /^(https?|oci):\/\//.test(value) ? undefined : 'Enter an http(s) URL, or nothing',
    });
    if (url === undefined) {
        return;
    }
    const merge = await pickMerge(folder);
    if (merge === undefined) {
        return;
    }
    const options: { url?: string; merge?: string } = {};
    if (url !== '') {
        options.url = url;
    }
    if (merge !== '') {
        options.merge = merge;
    }
    const result = parseIndexResult(
        await withProgress('Indexing the chart repository', () =>
            execute(serverCommandIds.indexRepository, [folder.toString(), options]),
        ),
    );
    const open = 'Open index.yaml';
    const choice = await vscode.window.showInformationMessage(
        `chartwright: wrote ${result.path} with ${result.entries} chart version${result.entries === 1 ? '' : 's'}`,
        open,
    );
    if (choice === open) {
        await vscode.window.showTextDocument(vscode.Uri.file(result.path));
    }
}

async function pickRepositoryFolder(): Promise<vscode.Uri | undefined> {
    const picked = await vscode.window.showOpenDialog({
        canSelectFolders: true,
        canSelectFiles: false,
        defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
        openLabel: 'Index This Folder',
        title: 'Folder of chart archives (.tgz) to index',
    });
    return picked?.[0];
}

/**
 * pickMerge asks, when the folder already has an index.yaml, whether to merge
 * into it (keeping entries of archives no longer in the folder) or replace it.
 * It resolves to the index path to merge, '' for none, undefined when cancelled.
 */
async function pickMerge(folder: vscode.Uri): Promise<string | undefined> {
    const existing = vscode.Uri.joinPath(folder, 'index.yaml');
    if (!(await exists(existing))) {
        return '';
    }
    const merge = {
        label: 'Merge into the existing index.yaml',
        description: 'keeps entries of archives not in the folder',
    };
    const replace = { label: 'Replace index.yaml', description: 'lists only the archives in the folder' };
    const choice = await vscode.window.showQuickPick([merge, replace], {
        title: 'The folder already has an index.yaml',
    });
    if (choice === undefined) {
        return undefined;
    }
    return choice === merge ? existing.fsPath : '';
}

function withProgress<T>(title: string, task: () => Promise<T>): Promise<T> {
    return Promise.resolve(
        vscode.window.withProgress(
            { location: vscode.ProgressLocation.Notification, title: `chartwright: ${title}…` },
            task,
        ),
    );
}
