// Temporary charts, executables and extension contexts for the tests that
// run the extension's VS Code side against the stub.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { LaunchServer, Server, ServerLaunch } from '../../src/server';
import type { ServerSettings } from '../../src/settings';

/** tempRoots are the temporary folders this test process made; they are removed when it exits. */
const tempRoots: string[] = [];

process.on('exit', () => {
    for (const root of tempRoots) {
        fs.rmSync(root, { recursive: true, force: true });
    }
});

/**
 * tempTree writes files (relative path → content) under a new temporary folder and returns its path;
 * the folder is removed when the test process exits.
 */
export function tempTree(files: Record<string, string>): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'chartwright-ext-'));
    tempRoots.push(root);
    for (const [name, content] of Object.entries(files)) {
        const file = path.join(root, name);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, content);
    }
    return root;
}

/** webappChart is a small chart with a subchart, extra values files and a templates folder outside any chart. */
export function webappChart(): string {
    return tempTree({
        'webapp/Chart.yaml': 'apiVersion: v2\nname: webapp\nversion: 1.0.0\n',
        'webapp/values.yaml': 'replicaCount: 1\n',
        'webapp/values-prod.yaml': 'replicaCount: 3\n',
        'webapp/ci/small-values.yaml': 'replicaCount: 1\n',
        'webapp/templates/deployment.yaml': 'kind: Deployment\nspec:\n  replicas: {{ .Values.replicaCount }}\n',
        'webapp/templates/_helpers.tpl': '{{- define "webapp.name" -}}webapp{{- end }}\n',
        'webapp/templates/NOTES.txt': 'Installed {{ .Release.Name }}.\n',
        'webapp/charts/cache/Chart.yaml': 'apiVersion: v2\nname: cache\nversion: 1.0.0\n',
        'webapp/charts/cache/templates/statefulset.yaml': 'kind: StatefulSet\n',
        'other/templates/workflow.yaml': 'on: push\n',
        'other/templates/readme.txt': 'not a chart\n',
    });
}

/** executable writes an executable file and returns its path. */
export function executable(dir: string, name: string): string {
    const file = path.join(dir, name);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(file, '#!/bin/sh\n', { mode: 0o755 });
    return file;
}

/** MemoryMemento is a vscode.Memento kept in memory. */
export class MemoryMemento {
    private readonly values = new Map<string, unknown>();
    keys(): readonly string[] {
        return [...this.values.keys()];
    }
    get<T>(key: string, fallback?: T): T | undefined {
        return this.values.has(key) ? (this.values.get(key) as T) : fallback;
    }
    async update(key: string, value: unknown): Promise<void> {
        this.values.set(key, value);
    }
}

/** FakeServer records what the extension asks of the language server and answers with handlers. */
export class FakeServer implements Server {
    readonly requests: { command: string; args: unknown[] }[] = [];
    readonly sentSettings: ServerSettings[] = [];
    stopped = false;
    handlers = new Map<string, (args: unknown[]) => unknown>();

    constructor(readonly launch: ServerLaunch) {}

    async executeCommand(command: string, args: unknown[]): Promise<unknown> {
        this.requests.push({ command, args });
        const handler = this.handlers.get(command);
        if (!handler) {
            throw new Error(`no handler for ${command}`);
        }
        return handler(args);
    }

    sendSettings(settings: ServerSettings): void {
        this.sentSettings.push(settings);
    }

    async stop(): Promise<void> {
        this.stopped = true;
        this.launch.onStateChange('stopped');
    }
}

/** fakeLauncher launches FakeServers, or fails with failWith, and keeps every one it launched. */
export function fakeLauncher(options: { failWith?: string } = {}): { launch: LaunchServer; servers: FakeServer[] } {
    const servers: FakeServer[] = [];
    const launch: LaunchServer = async (l) => {
        l.onStateChange('starting');
        if (options.failWith !== undefined) {
            l.onStateChange('stopped');
            throw new Error(options.failWith);
        }
        const server = new FakeServer(l);
        servers.push(server);
        l.onStateChange('running');
        return server;
    };
    return { launch, servers };
}
