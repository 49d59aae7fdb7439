// The status bar item that shows the language server's state and opens the
// output channel on click.
import * as vscode from 'vscode';
import type { FoundBinary } from './binary';
import { commandIds } from './ids';
import type { ServerState } from './server';

/** What the status bar shows: a server state, or that no binary was found. */
export type StatusState = ServerState | 'missing';

const looks: Record<StatusState, { icon: string; words: string; error: boolean }> = {
    starting: { icon: '$(sync~spin)', words: 'starting', error: false },
    running: { icon: '$(check)', words: 'running', error: false },
    stopped: { icon: '$(error)', words: 'stopped', error: true },
    missing: { icon: '$(error)', words: 'not started: no chartwright binary found', error: true },
};

export class ServerStatus implements vscode.Disposable {
    private readonly item: vscode.StatusBarItem;

    constructor() {
        this.item = vscode.window.createStatusBarItem('chartwright.status', vscode.StatusBarAlignment.Right, 100);
        this.item.name = 'chartwright';
        this.item.command = commandIds.showOutput;
        this.show('starting', undefined);
        this.item.show();
    }

    /** show displays state; binary is the server's binary, if one was found. */
    show(state: StatusState, binary: FoundBinary | undefined): void {
        const look = looks[state];
        this.item.text = `${look.icon} chartwright`;
        this.item.backgroundColor = look.error ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
        const binaryLine = binary ? `binary: ${binary.path} (from ${describeSource(binary)})` : 'binary: none';
        this.item.tooltip = `chartwright language server: ${look.words}\n${binaryLine}\nClick to show the output.`;
    }

    dispose(): void {
        this.item.dispose();
    }
}

function describeSource(binary: FoundBinary): string {
    switch (binary.source) {
        case 'setting':
            return 'the chartwright.path setting';
        case 'bundled':
            return "the extension's bin/ folder";
        case 'PATH':
            return 'PATH';
    }
}
