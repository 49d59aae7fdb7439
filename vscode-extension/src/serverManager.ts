// Starting, restarting and stopping the language server: resolving the
// binary, telling the user when there is none, and keeping the status bar
// in step with the server's state.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { resolveBinary, type BinaryResolution, type FoundBinary } from './binary';
import type { ServerSettingsReader } from './configuration';
import { errorMessage, reportMissingBinary } from './notify';
import type { LaunchServer, Server } from './server';
import type { ServerStatus } from './status';

export interface ServerManagerOptions {
    launch: LaunchServer;
    output: vscode.LogOutputChannel;
    status: ServerStatus;
    settings: ServerSettingsReader;
    /** The extension's folder; a bundled binary is in its bin/. */
    extensionPath: string;
}

export class ServerManager implements vscode.Disposable {
    private server: Server | undefined;
    private binary: FoundBinary | undefined;

    constructor(private readonly options: ServerManagerOptions) {}

    /** start resolves the binary and starts the server; a failure is shown to the user, not thrown. */
    async start(): Promise<void> {
        const resolution = this.resolve();
        if (!resolution.found) {
            this.binary = undefined;
            this.options.status.show('missing', undefined);
            this.options.output.error(resolution.message);
            void reportMissingBinary(resolution.message);
            return;
        }
        this.binary = resolution;
        this.options.output.info(`Starting ${resolution.path} lsp (found through ${resolution.source})`);
        this.options.status.show('starting', resolution);
        try {
            this.server = await this.options.launch({
                binary: resolution,
                output: this.options.output,
                settingsFor: (scope) => this.options.settings.settingsFor(scope),
                onStateChange: (state) => this.options.status.show(state, resolution),
            });
        } catch (err) {
            // The language client has already shown a notification with a way to the output.
            this.server = undefined;
            this.options.status.show('stopped', resolution);
            this.options.output.error(
                `The language server (${resolution.path} lsp) did not start: ${errorMessage(err)}`,
            );
        }
    }

    async restart(): Promise<void> {
        await this.stop();
        await this.start();
    }

    async stop(): Promise<void> {
        const server = this.server;
        this.server = undefined;
        if (server) {
            try {
                await server.stop();
            } catch (err) {
                this.options.output.warn(`Stopping the language server: ${errorMessage(err)}`);
            }
        }
        this.options.status.show('stopped', this.binary);
    }

    /** execute runs a server command; it rejects with a message for the user when there is no server. */
    async execute(command: string, args: unknown[]): Promise<unknown> {
        if (!this.server) {
            throw new Error('the chartwright language server is not running (see the chartwright output)');
        }
        return this.server.executeCommand(command, args);
    }

    /** settingsChanged pushes the current settings to the server. */
    settingsChanged(): void {
        this.server?.sendSettings(this.options.settings.settingsFor(undefined));
    }

    dispose(): void {
        void this.stop();
    }

    private resolve(): BinaryResolution {
        const configured = vscode.workspace.getConfiguration('chartwright').get<string>('path') ?? '';
        return resolveBinary({
            configured,
            bundledDir: path.join(this.options.extensionPath, 'bin'),
            envPath: process.env.PATH ?? '',
            platform: process.platform,
            homeDir: os.homedir(),
            workspaceFolder: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
            isExecutable,
        });
    }
}

function isExecutable(file: string): boolean {
    try {
        if (!fs.statSync(file).isFile()) {
            return false;
        }
        if (process.platform !== 'win32') {
            fs.accessSync(file, fs.constants.X_OK);
        }
        return true;
    } catch {
        return false;
    }
}
