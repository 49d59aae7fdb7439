// The extension's entry point, bundled into dist/extension.js.
import type * as vscode from 'vscode';
import { activateWith } from './activate';
import { launchLanguageClient } from './languageClient';
import type { ServerManager } from './serverManager';

let manager: ServerManager | undefined;

/** activate sets the extension up; the server starts in the background, its state shown in the status bar. */
export function activate(context: vscode.ExtensionContext): void {
    manager = activateWith(context, launchLanguageClient).manager;
}

/** deactivate stops the server and waits for it, as VS Code asks of language clients. */
export async function deactivate(): Promise<void> {
    await manager?.stop();
    manager = undefined;
}
