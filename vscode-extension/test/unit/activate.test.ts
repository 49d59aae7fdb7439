import '../stub/register';
import * as assert from 'assert/strict';
import * as path from 'path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type * as vscode from 'vscode';
import { activateWith } from '../../src/activate';
import { installCommand } from '../../src/binary';
import { commandIds } from '../../src/ids';
import { executable, fakeLauncher, MemoryMemento, tempTree, webappChart } from '../support/fixtures';
import { fireConfigurationChange, resetStub, settled, stub, Uri } from '../stub/vscode';

const manifest = require('../../../package.json') as { contributes: { commands: { command: string }[] } };

function context(extensionPath: string): vscode.ExtensionContext {
    return {
        subscriptions: [],
        extensionPath,
        workspaceState: new MemoryMemento(),
    } as unknown as vscode.ExtensionContext;
}

describe('activation', () => {
    const savedPath = process.env.PATH;
    let emptyDir: string;

    beforeEach(() => {
        resetStub();
        emptyDir = tempTree({});
        process.env.PATH = emptyDir;
    });
    afterEach(() => {
        process.env.PATH = savedPath;
    });

    it('registers exactly the commands package.json contributes', async () => {
        await activateWith(context(emptyDir), fakeLauncher().launch).started;
        const contributed = manifest.contributes.commands.map((c) => c.command).sort();
        assert.deepEqual([...stub.commands.keys()].sort(), contributed);
        assert.deepEqual(Object.values(commandIds).sort(), contributed);
    });

    it('starts `<binary> lsp` with the binary of the chartwright.path setting and shows it running', async () => {
        const binary = executable(path.join(emptyDir, 'tools'), 'cw');
        stub.settings['chartwright.path'] = binary;
        const { launch, servers } = fakeLauncher();
        await activateWith(context(emptyDir), launch).started;
        assert.equal(servers.length, 1);
        assert.deepEqual(servers[0].launch.binary, { found: true, path: binary, source: 'setting' });
        const [item] = stub.statusItems;
        assert.equal(item.text, '$(check) chartwright');
        assert.equal(item.command, commandIds.showOutput);
        assert.equal(item.visible, true);
        assert.equal(
            item.tooltip,
            `chartwright language server: running\nbinary: ${binary} (from the chartwright.path setting)\nClick to show the output.`,
        );
        assert.deepEqual(stub.messages, []);
    });

    it('prefers a bundled binary to one on PATH', async () => {
        const extension = tempTree({});
        const bundled = executable(path.join(extension, 'bin'), 'chartwright');
        executable(emptyDir, 'chartwright');
        const { launch, servers } = fakeLauncher();
        await activateWith(context(extension), launch).started;
        assert.deepEqual(servers[0].launch.binary, { found: true, path: bundled, source: 'bundled' });
    });

    it('uses chartwright from PATH', async () => {
        const onPath = executable(emptyDir, 'chartwright');
        const { launch, servers } = fakeLauncher();
        await activateWith(context(tempTree({})), launch).started;
        assert.deepEqual(servers[0].launch.binary, { found: true, path: onPath, source: 'PATH' });
    });

    it('explains how to install chartwright when no binary is found, and opens the setting', async () => {
        stub.answers.message.push(() => 'Open Settings');
        const { launch, servers } = fakeLauncher();
        await activateWith(context(emptyDir), launch).started;
        await settled(() => stub.executed.length > 0);
        assert.equal(servers.length, 0);
        assert.equal(stub.messages.length, 1);
        const [message] = stub.messages;
        assert.equal(message.kind, 'error');
        assert.ok(message.text.includes(installCommand), message.text);
        assert.deepEqual(message.items, ['Open Settings', 'Copy Install Command']);
        assert.deepEqual(stub.executed, [{ command: 'workbench.action.openSettings', args: ['chartwright.path'] }]);
        const [item] = stub.statusItems;
        assert.equal(item.text, '$(error) chartwright');
        assert.match(String(item.tooltip), /not started: no chartwright binary found\nbinary: none/);
    });

    it('copies the install command when asked', async () => {
        stub.answers.message.push(() => 'Copy Install Command');
        await activateWith(context(emptyDir), fakeLauncher().launch).started;
        await settled(() => stub.clipboard !== '');
        assert.equal(stub.clipboard, installCommand);
    });

    it('logs a server that does not start and shows it stopped, leaving the notification to the language client', async () => {
        const binary = executable(emptyDir, 'chartwright');
        await activateWith(context(tempTree({})), fakeLauncher({ failWith: 'exit status 2' }).launch).started;
        assert.deepEqual(stub.messages, []);
        assert.ok(
            stub.outputLines.includes(`[error] The language server (${binary} lsp) did not start: exit status 2`),
            stub.outputLines.join('\n'),
        );
        assert.equal(stub.statusItems[0].text, '$(error) chartwright');
        assert.match(String(stub.statusItems[0].tooltip), /: stopped\n/);
    });

    it('restarts the server on Restart Server and when chartwright.path changes', async () => {
        executable(emptyDir, 'chartwright');
        const { launch, servers } = fakeLauncher();
        await activateWith(context(tempTree({})), launch).started;
        await stub.commands.get(commandIds.restartServer)!();
        assert.equal(servers.length, 2);
        assert.equal(servers[0].stopped, true);
        assert.equal(servers[1].stopped, false);

        const other = executable(path.join(emptyDir, 'other'), 'chartwright');
        stub.settings['chartwright.path'] = other;
        fireConfigurationChange('chartwright.path');
        await settled(() => servers.length === 3);
        assert.equal(servers.length, 3);
        assert.equal(servers[1].stopped, true);
        assert.equal(servers[2].launch.binary.path, other);
    });

    it('sends the mapped settings when a chartwright setting changes', async () => {
        executable(emptyDir, 'chartwright');
        const root = webappChart();
        stub.workspaceFolders = [{ uri: Uri.file(root), name: 'repo', index: 0 }];
        const { launch, servers } = fakeLauncher();
        await activateWith(context(tempTree({})), launch).started;
        stub.settings['chartwright.valuesFiles'] = { webapp: ['values-prod.yaml'] };
        stub.settings['chartwright.rules'] = { 'values-unused': 'off' };
        stub.settings['chartwright.helmVersion'] = '3';
        fireConfigurationChange('chartwright.rules');
        assert.deepEqual(servers[0].sentSettings, [
            {
                valuesFiles: { [path.join(root, 'webapp')]: ['values-prod.yaml'] },
                rules: { 'values-unused': 'off' },
                helmVersion: '3',
            },
        ]);
        fireConfigurationChange('editor.fontSize');
        assert.equal(servers[0].sentSettings.length, 1);
        assert.equal(servers.length, 1);
    });

    it('answers workspace/configuration with the settings of the asking folder', async () => {
        executable(emptyDir, 'chartwright');
        const a = tempTree({});
        const b = tempTree({});
        stub.workspaceFolders = [
            { uri: Uri.file(a), name: 'a', index: 0 },
            { uri: Uri.file(b), name: 'b', index: 1 },
        ];
        stub.settings['chartwright.kubeVersion'] = '1.33';
        stub.folderSettings.set(Uri.file(a).toString(), { 'chartwright.valuesFiles': { chart: ['x.yaml'] } });
        stub.folderSettings.set(Uri.file(b).toString(), {
            'chartwright.valuesFiles': { chart: ['y.yaml'] },
            'chartwright.kubeVersion': '1.30',
        });
        const { launch, servers } = fakeLauncher();
        await activateWith(context(tempTree({})), launch).started;
        const settingsFor = servers[0].launch.settingsFor;
        assert.deepEqual(settingsFor(Uri.file(path.join(b, 'chart/templates/a.yaml')) as unknown as vscode.Uri), {
            valuesFiles: { [path.join(b, 'chart')]: ['y.yaml'] },
            rules: {},
            kubeVersion: '1.30',
            helmVersion: '4',
        });
        assert.deepEqual(settingsFor(undefined), {
            valuesFiles: { [path.join(a, 'chart')]: ['x.yaml'], [path.join(b, 'chart')]: ['y.yaml'] },
            rules: {},
            kubeVersion: '1.33',
            helmVersion: '4',
        });
    });

    it('logs settings it ignores once, not on every request', async () => {
        executable(emptyDir, 'chartwright');
        stub.settings['chartwright.helmVersion'] = '2';
        const { launch, servers } = fakeLauncher();
        await activateWith(context(tempTree({})), launch).started;
        servers[0].launch.settingsFor(undefined);
        servers[0].launch.settingsFor(undefined);
        const warnings = stub.outputLines.filter((l) => l.startsWith('[warn]'));
        assert.deepEqual(warnings, [
            '[warn] Some chartwright settings are ignored:\nchartwright.helmVersion is "2"; use "3" or "4" (using "4")',
        ]);
    });

    it('shows the output on Show Output and on a click on the status item', async () => {
        await activateWith(context(emptyDir), fakeLauncher().launch).started;
        await stub.commands.get(stub.statusItems[0].command!)!();
        assert.equal(stub.outputShown, 1);
    });

    it("renders the preview with the server's chartwright.renderPreview", async () => {
        executable(emptyDir, 'chartwright');
        const chart = path.join(webappChart(), 'webapp');
        const { launch, servers } = fakeLauncher();
        await activateWith(context(tempTree({})), launch).started;
        servers[0].handlers.set('chartwright.renderPreview', () => ({ text: 'kind: A\n', documents: [] }));
        await stub.commands.get(commandIds.preview)!(Uri.file(path.join(chart, 'Chart.yaml')));
        assert.deepEqual(servers[0].requests, [
            { command: 'chartwright.renderPreview', args: [Uri.file(chart).toString(), { valuesFiles: [] }] },
        ]);
        const preview = stub.documents.find((d) => d.uri.scheme === 'chartwright-preview');
        assert.match(preview?.getText() ?? '', /\nkind: A\n$/);
    });

    it('tells the user that server commands need a running server', async () => {
        const chart = webappChart();
        await activateWith(context(emptyDir), fakeLauncher().launch).started;
        stub.messages.length = 0;
        stub.answers.quickPick.push(({ items }) => items[0]);
        await stub.commands.get(commandIds.packageChart)!(Uri.file(path.join(chart, 'webapp')));
        assert.deepEqual(
            stub.messages.map((m) => m.text),
            ['chartwright: the chartwright language server is not running (see the chartwright output)'],
        );
    });
});
