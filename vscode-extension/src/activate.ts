// Wiring the extension together. The language client comes in as a
// LaunchServer so that activation is tested with a fake server.
import * as vscode from 'vscode';
import { registerChartCommands } from './chartCommands';
import { ServerSettingsReader } from './configuration';
import { registerHelmLanguageCheck } from './helmLanguage';
import { commandIds, serverCommandIds } from './ids';
import { registerUserCommand } from './notify';
import { PreviewProvider } from './preview';
import { registerPreview, WorkspaceValuesChoices } from './previewCommands';
import type { LaunchServer } from './server';
import { ServerManager } from './serverManager';
import { ServerStatus } from './status';

/** Activation's result: the server manager, and the start of the server, which activation does not wait for. */
export interface Activated {
    manager: ServerManager;
    /** started resolves once the server runs or failed to start. */
    started: Promise<void>;
}

/** activateWith sets the extension up and starts the server. */
export function activateWith(context: vscode.ExtensionContext, launch: LaunchServer): Activated {
    const output = vscode.window.createOutputChannel('chartwright', { log: true });
    const status = new ServerStatus();
    const settings = new ServerSettingsReader((message) => output.warn(message));
    const manager = new ServerManager({ launch, output, status, settings, extensionPath: context.extensionPath });
    const choices = new WorkspaceValuesChoices(context.workspaceState);
    const preview = new PreviewProvider(
        (chart, valuesFiles) => manager.execute(serverCommandIds.renderPreview, [chart.toString(), { valuesFiles }]),
        choices,
    );
    context.subscriptions.push(
        output,
        status,
        manager,
        preview,
        ...registerPreview(preview, choices),
        ...registerChartCommands((command, args) => manager.execute(command, args)),
        ...registerHelmLanguageCheck(),
        registerUserCommand(commandIds.restartServer, () => manager.restart()),
        registerUserCommand(commandIds.showOutput, async () => output.show(true)),
        vscode.workspace.onDidChangeConfiguration((e) => {
            if (e.affectsConfiguration('chartwright.path')) {
                void manager.restart();
            } else if (e.affectsConfiguration('chartwright')) {
                manager.settingsChanged();
            }
        }),
    );
    return { manager, started: manager.start() };
}
