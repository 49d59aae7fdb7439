// The language server as the rest of the extension sees it. Only
// languageClient.ts knows it is a vscode-languageclient LanguageClient, so
// everything else is tested with a fake Server.
import type * as vscode from 'vscode';
import type { FoundBinary } from './binary';
import type { ServerSettings } from './settings';

export type ServerState = 'starting' | 'running' | 'stopped';

/** A started language server. */
export interface Server {
    /** executeCommand runs workspace/executeCommand; it rejects with the server's error message. */
    executeCommand(command: string, args: unknown[]): Promise<unknown>;
    /** sendSettings sends workspace/didChangeConfiguration with the `chartwright` settings. */
    sendSettings(settings: ServerSettings): void;
    stop(): Promise<void>;
}

/** What launching a server needs from the extension. */
export interface ServerLaunch {
    binary: FoundBinary;
    output: vscode.LogOutputChannel;
    /** settingsFor answers workspace/configuration for section `chartwright`. */
    settingsFor(scopeUri: vscode.Uri | undefined): ServerSettings;
    onStateChange(state: ServerState): void;
}

/** LaunchServer starts `<binary> lsp` and resolves once the server answered initialize. */
export type LaunchServer = (launch: ServerLaunch) => Promise<Server>;
