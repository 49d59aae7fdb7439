import '../stub/register';
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { beforeEach, describe, it } from 'node:test';
import { registerChartCommands } from '../../src/chartCommands';
import { commandIds, serverCommandIds } from '../../src/ids';
import { tempTree, webappChart } from '../support/fixtures';
import { idle, resetStub, stub, StubEditor, Uri, ViewColumn, workspace } from '../stub/vscode';

/** setUp registers the commands with a server that answers through answer and records its requests. */
function setUp(answer: (command: string, args: unknown[]) => unknown) {
    const requests: { command: string; args: unknown[] }[] = [];
    registerChartCommands(async (command, args) => {
        requests.push({ command, args });
        return answer(command, args);
    });
    return requests;
}

async function run(command: string, ...args: unknown[]): Promise<void> {
    await stub.commands.get(command)!(...args);
    await idle();
}

describe('Package Chart', () => {
    beforeEach(() => resetStub());

    it('packages the chart next to its folder and reports the archive and digest', async () => {
        const chart = path.join(webappChart(), 'webapp');
        const requests = setUp(() => ({ path: '/out/webapp-1.0.0.tgz', digest: 'sha256:0123' }));
        let offered: { label: string; description?: string }[] = [];
        stub.answers.quickPick.push(({ items }) => {
            offered = items as typeof offered;
            return offered[0];
        });
        stub.answers.message.push(() => 'Copy Digest');
        await run(commandIds.packageChart, Uri.file(path.join(chart, 'Chart.yaml')));
        assert.deepEqual(offered[0], { label: 'Next to the chart folder', description: path.dirname(chart) });
        assert.deepEqual(requests, [
            {
                command: serverCommandIds.packageChart,
                args: [Uri.file(chart).toString(), { destination: path.dirname(chart) }],
            },
        ]);
        assert.deepEqual(stub.messages, [
            {
                kind: 'info',
                text: 'chartwright: packaged /out/webapp-1.0.0.tgz (sha256:0123)',
                items: ['Reveal in File Explorer', 'Copy Digest'],
            },
        ]);
        assert.equal(stub.clipboard, 'sha256:0123');
    });

    it('packages the chart of the active editor into a chosen folder', async () => {
        const chart = path.join(webappChart(), 'webapp');
        const destination = tempTree({});
        const requests = setUp(() => ({ path: path.join(destination, 'webapp-1.0.0.tgz'), digest: 'sha256:ab' }));
        stub.activeTextEditor = new StubEditor(
            await workspace.openTextDocument(Uri.file(path.join(chart, 'templates/deployment.yaml'))),
            ViewColumn.One,
        );
        stub.answers.quickPick.push(({ items }) => items[1]);
        stub.answers.openDialog.push(() => [Uri.file(destination)]);
        stub.answers.message.push(() => 'Reveal in File Explorer');
        await run(commandIds.packageChart);
        assert.deepEqual(requests[0].args, [Uri.file(chart).toString(), { destination }]);
        assert.equal(stub.executed[0].command, 'revealFileInOS');
        assert.equal(String(stub.executed[0].args[0]), Uri.file(path.join(destination, 'webapp-1.0.0.tgz')).toString());
    });

    it('does nothing when the destination question is dismissed', async () => {
        const chart = path.join(webappChart(), 'webapp');
        const requests = setUp(() => undefined);
        await run(commandIds.packageChart, Uri.file(chart));
        assert.deepEqual(requests, []);
        assert.deepEqual(stub.messages, []);
    });

    it("shows the server's error", async () => {
        const chart = path.join(webappChart(), 'webapp');
        setUp(() => {
            throw new Error('Chart.yaml: version "x" is not a valid SemVer');
        });
        stub.answers.quickPick.push(({ items }) => items[0]);
        await run(commandIds.packageChart, Uri.file(chart));
        assert.deepEqual(stub.messages, [
            { kind: 'error', text: 'chartwright: Chart.yaml: version "x" is not a valid SemVer', items: [] },
        ]);
    });
});

describe('Index Repository', () => {
    beforeEach(() => resetStub());

    it('indexes a picked folder with a URL', async () => {
        const folder = tempTree({ 'webapp-1.0.0.tgz': '' });
        const requests = setUp(() => ({ path: path.join(folder, 'index.yaml'), entries: { webapp: [{}] } }));
        stub.answers.openDialog.push(() => [Uri.file(folder)]);
        let validate: ((value: string) => string | undefined) | undefined;
        stub.answers.inputBox.push((options) => {
            validate = (options as { validateInput: typeof validate }).validateInput;
            return 'https://charts.example.com';
        });
        stub.answers.message.push(() => 'Open index.yaml');
        fs.writeFileSync(path.join(folder, 'index.yaml'), 'apiVersion: v1\n');
        stub.answers.quickPick.push(({ items }) => items[1]);
        await run(commandIds.indexRepository);
        assert.deepEqual(requests, [
            {
                command: serverCommandIds.indexRepository,
                args: [Uri.file(folder).toString(), { url: 'https://charts.example.com' }],
            },
        ]);
        assert.equal(
            stub.messages[0].text,
            `chartwright: wrote ${path.join(folder, 'index.yaml')} with 1 chart version`,
        );
        assert.equal(stub.shown.at(-1)!.uri, Uri.file(path.join(folder, 'index.yaml')).toString());
        assert.equal(validate!('ftp://x'), 'Enter an http(s) URL, or nothing');
        assert.equal(validate!(''), undefined);
        assert.equal(validate!('https://x'), undefined);
    });

    it('merges into an existing index.yaml when asked, without a URL', async () => {
        const folder = tempTree({ 'index.yaml': 'apiVersion: v1\n' });
        const requests = setUp(() => ({ path: path.join(folder, 'index.yaml'), entries: 4 }));
        stub.answers.inputBox.push(() => '');
        stub.answers.quickPick.push(({ items }) => items[0]);
        await run(commandIds.indexRepository, Uri.file(folder));
        assert.deepEqual(requests[0].args, [Uri.file(folder).toString(), { merge: path.join(folder, 'index.yaml') }]);
        assert.equal(
            stub.messages[0].text,
            `chartwright: wrote ${path.join(folder, 'index.yaml')} with 4 chart versions`,
        );
    });

    it('stops when a question is dismissed', async () => {
        const folder = tempTree({});
        const requests = setUp(() => undefined);
        await run(commandIds.indexRepository);
        stub.answers.inputBox.push(() => undefined);
        await run(commandIds.indexRepository, Uri.file(folder));
        assert.deepEqual(requests, []);
    });

    it('reports a result it cannot read', async () => {
        const folder = tempTree({});
        setUp(() => ({ entries: 1 }));
        stub.answers.inputBox.push(() => '');
        await run(commandIds.indexRepository, Uri.file(folder));
        assert.equal(
            stub.messages[0].text,
            'chartwright: chartwright.indexRepository returned an unexpected result: no "path" string',
        );
    });
});
