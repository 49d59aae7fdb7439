// Telling the user about failures: command errors, a missing binary, a server
// that did not start.
import * as vscode from 'vscode';
import { installCommand } from './binary';

export function errorMessage(err: unknown): string {
    return err instanceof Error ? err.message : String(err);
}

/**
 * registerUserCommand registers a command whose failures are shown to the
 * user as "chartwright: <message>" instead of VS Code's generic notice.
 */
export function registerUserCommand(id: string, run: (...args: unknown[]) => Promise<void>): vscode.Disposable {
    return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        try {
            await run(...args);
        } catch (err) {
            void vscode.window.showErrorMessage(`chartwright: ${errorMessage(err)}`);
        }
    });
}

/** reportMissingBinary tells the user there is no binary, with a way to set chartwright.path. */
export async function reportMissingBinary(message: string): Promise<void> {
    const openSettings = 'Open Settings';
    const copyInstall = 'Copy Install Command';
    const choice = await vscode.window.showErrorMessage(message, openSettings, copyInstall);
    if (choice === openSettings) {
        await vscode.commands.executeCommand('workbench.action.openSettings', 'chartwright.path');
    } else if (choice === copyInstall) {
        await vscode.env.clipboard.writeText(installCommand);
    }
}
