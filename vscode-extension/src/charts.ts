// Finding charts through VS Code's file system: the chart a file or folder
// belongs to, and the files of a chart the preview can read values from.
import * as path from 'path';
import * as vscode from 'vscode';
import { findChartRoot } from './chartRoot';

/**
 * chartOf returns the root folder of the chart that uri (a file or a folder)
 * belongs to, or undefined when no Chart.yaml is at or above it.
 */
export async function chartOf(uri: vscode.Uri): Promise<vscode.Uri | undefined> {
    const startDir = (await isDirectory(uri)) ? uri.path : path.posix.dirname(uri.path);
    const root = await findChartRoot(startDir, (dir) => exists(uri.with({ path: path.posix.join(dir, 'Chart.yaml') })));
    return root === undefined ? undefined : uri.with({ path: root });
}

/**
 * chartForCommand finds the chart a command works on: the chart of the
 * explorer or editor-title argument, else the chart of the active editor.
 * It throws an error for the user when there is none.
 */
export async function chartForCommand(arg: unknown): Promise<vscode.Uri> {
    const target = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
    if (!target || target.scheme !== 'file') {
        throw new Error('open a file of a Helm chart first (or pick its folder in the explorer)');
    }
    const chart = await chartOf(target);
    if (!chart) {
        throw new Error(`${target.fsPath} is not inside a Helm chart: no Chart.yaml at or above it`);
    }
    return chart;
}

/** chartFiles lists the chart-relative paths of the files at a chart's top level and in its ci/ folder. */
export async function chartFiles(chart: vscode.Uri): Promise<string[]> {
    const files = await filesIn(chart, '');
    const ci = await filesIn(vscode.Uri.joinPath(chart, 'ci'), 'ci/');
    return [...files, ...ci];
}

async function filesIn(folder: vscode.Uri, prefix: string): Promise<string[]> {
    try {
        const entries = await vscode.workspace.fs.readDirectory(folder);
        return entries.filter(([, type]) => (type & vscode.FileType.File) !== 0).map(([name]) => prefix + name);
    } catch {
        return [];
    }
}

export async function exists(uri: vscode.Uri): Promise<boolean> {
    try {
        await vscode.workspace.fs.stat(uri);
        return true;
    } catch {
        return false;
    }
}

async function isDirectory(uri: vscode.Uri): Promise<boolean> {
    try {
        return ((await vscode.workspace.fs.stat(uri)).type & vscode.FileType.Directory) !== 0;
    } catch {
        return false;
    }
}
