// The one module that speaks vscode-languageclient: it starts `<binary> lsp`
// over stdio and adapts the LanguageClient to the Server interface.
import {
    DidChangeConfigurationNotification,
    ExecuteCommandRequest,
    LanguageClient,
    State,
    TransportKind,
    type ConfigurationParams,
    type LSPAny,
    type LanguageClientOptions,
    type ServerOptions,
} from 'vscode-languageclient/node';
import { answerConfiguration } from './configuration';
import { documentSelector } from './ids';
import type { LaunchServer, Server, ServerLaunch, ServerState } from './server';

export const launchLanguageClient: LaunchServer = async (launch) => {
    const client = new LanguageClient('chartwright', 'chartwright', serverOptions(launch), clientOptions(launch));
    client.onDidChangeState((e) => launch.onStateChange(stateName(e.newState)));
    await client.start();
    return adapt(client);
};

function serverOptions(launch: ServerLaunch): ServerOptions {
    return { command: launch.binary.path, args: ['lsp'], transport: TransportKind.stdio };
}

function clientOptions(launch: ServerLaunch): LanguageClientOptions {
    return {
        documentSelector,
        outputChannel: launch.output,
        middleware: {
            workspace: {
                configuration: (params: ConfigurationParams, token, next) =>
                    answerConfiguration(params.items, launch.settingsFor, () => next(params, token)) as Promise<
                        LSPAny[]
                    >,
            },
        },
    };
}

function adapt(client: LanguageClient): Server {
    return {
        executeCommand: (command, args) => client.sendRequest(ExecuteCommandRequest.type, { command, arguments: args }),
        sendSettings: (settings) => {
            void client.sendNotification(DidChangeConfigurationNotification.type, {
                settings: { chartwright: settings },
            });
        },
        stop: () => client.stop(),
    };
}

function stateName(state: State): ServerState {
    switch (state) {
        case State.Starting:
            return 'starting';
        case State.Running:
            return 'running';
        default:
            return 'stopped';
    }
}
