import '../stub/register';
import * as assert from 'assert/strict';
import * as path from 'path';
import { beforeEach, describe, it } from 'node:test';
import type * as vscode from 'vscode';
import { commandIds, previewScheme } from '../../src/ids';
import { PreviewProvider, rerenderDelayMs } from '../../src/preview';
import { registerPreview, WorkspaceValuesChoices } from '../../src/previewCommands';
import type { RenderResult } from '../../src/previewLines';
import { MemoryMemento, webappChart } from '../support/fixtures';
import { ManualTimers } from '../support/manualTimers';
import {
    idle,
    Position,
    resetStub,
    Selection,
    stub,
    StubDocument,
    StubEditor,
    TextEditorSelectionChangeKind,
    Uri,
    ViewColumn,
    workspace,
} from '../stub/vscode';

interface RenderCall {
    chart: string;
    valuesFiles: string[];
}

/** A preview set up on the webapp chart, with a render function that answers like the server. */
async function setUp(options: { fail?: string } = {}) {
    resetStub();
    const root = webappChart();
    const chart = path.join(root, 'webapp');
    const deployment = Uri.file(path.join(chart, 'templates/deployment.yaml'));
    const calls: RenderCall[] = [];
    const render = async (chartUri: vscode.Uri, valuesFiles: string[]): Promise<RenderResult> => {
        calls.push({ chart: chartUri.toString(), valuesFiles });
        if (options.fail) {
            throw new Error(options.fail);
        }
        const replicas = valuesFiles.length === 0 ? 1 : 3;
        const content = `kind: Deployment\nspec:\n  replicas: ${replicas}\n`;
        const origin = (line: number) => ({
            template: 'webapp/templates/deployment.yaml',
            line,
            uri: deployment.toString(),
        });
        return {
            text: `---\n# Source: webapp/templates/deployment.yaml\n${content}\n`,
            documents: [
                {
                    source: 'webapp/templates/deployment.yaml',
                    content,
                    lines: [origin(1), origin(2), origin(3), origin(3)],
                },
            ],
        };
    };
    const timers = new ManualTimers();
    const choices = new WorkspaceValuesChoices(new MemoryMemento() as unknown as vscode.Memento);
    const provider = new PreviewProvider(render, choices, timers);
    registerPreview(provider, choices);
    const templateDoc = await workspace.openTextDocument(deployment);
    stub.activeTextEditor = new StubEditor(templateDoc, ViewColumn.One);
    return { root, chart, deployment, calls, timers, provider, templateDoc };
}

async function run(command: string, ...args: unknown[]): Promise<void> {
    await stub.commands.get(command)!(...args);
    await idle();
}

function previewDocument(): StubDocument {
    const doc = stub.documents.find((d) => d.uri.scheme === previewScheme);
    assert.ok(doc, 'a preview document is open');
    return doc;
}

describe('Preview Rendered Manifest', () => {
    beforeEach(() => resetStub());

    it('opens the rendered chart of the active template beside it, without taking the focus', async () => {
        const { chart, calls } = await setUp();
        await run(commandIds.preview);
        assert.deepEqual(calls, [{ chart: Uri.file(chart).toString(), valuesFiles: [] }]);
        const preview = previewDocument();
        assert.equal(preview.uri.path, '/webapp (rendered).yaml');
        assert.equal(preview.languageId, 'yaml');
        assert.deepEqual(stub.shown.at(-1), {
            uri: preview.uri.toString(),
            options: { viewColumn: ViewColumn.Beside, preserveFocus: true, preview: false },
        });
        assert.equal(
            preview.getText(),
            '# chartwright preview of chart webapp with values.yaml (read-only; F12 on a line opens its template)\n' +
                '---\n# Source: webapp/templates/deployment.yaml\nkind: Deployment\nspec:\n  replicas: 1\n\n',
        );
    });

    it('previews the chart of an explorer argument: a Chart.yaml, a chart folder, a subchart', async () => {
        const { chart, calls } = await setUp();
        stub.activeTextEditor = undefined;
        await run(commandIds.preview, Uri.file(path.join(chart, 'Chart.yaml')));
        await run(commandIds.preview, Uri.file(path.join(chart, 'charts/cache')));
        assert.deepEqual(
            calls.map((c) => c.chart),
            [Uri.file(chart).toString(), Uri.file(path.join(chart, 'charts/cache')).toString()],
        );
    });

    it('says what is wrong when there is no chart', async () => {
        const { root } = await setUp();
        await run(commandIds.preview, Uri.file(path.join(root, 'other/templates/workflow.yaml')));
        stub.activeTextEditor = undefined;
        await run(commandIds.preview);
        assert.deepEqual(
            stub.messages.map((m) => m.text),
            [
                `chartwright: ${path.join(root, 'other/templates/workflow.yaml')} is not inside a Helm chart: no Chart.yaml at or above it`,
                'chartwright: open a file of a Helm chart first (or pick its folder in the explorer)',
            ],
        );
    });

    it('shows a render error in the preview', async () => {
        await setUp({ fail: 'webapp/templates/deployment.yaml:3:15: executing: nil pointer' });
        await run(commandIds.preview);
        assert.match(
            previewDocument().getText(),
            /\n# The chart could not be rendered:\n# {3}webapp\/templates\/deployment\.yaml:3:15: executing: nil pointer\n$/,
        );
    });

    it('leads from a preview line to its template line: definition, Go to Template Line, and a click', async () => {
        const { deployment, provider } = await setUp();
        await run(commandIds.preview);
        const preview = previewDocument();
        const replicasLine = preview.getText().split('\n').indexOf('  replicas: 1');

        const links = provider.provideDefinition(
            preview as unknown as vscode.TextDocument,
            new Position(replicasLine, 4) as unknown as vscode.Position,
        );
        assert.equal(links.length, 1);
        assert.equal(links[0].targetUri.toString(), deployment.toString());
        assert.equal(links[0].targetRange.start.line, 2);
        assert.equal(links[0].originSelectionRange?.end.character, '  replicas: 1'.length);
        assert.deepEqual(
            provider.provideDefinition(
                preview as unknown as vscode.TextDocument,
                new Position(0, 0) as unknown as vscode.Position,
            ),
            [],
        );

        const previewEditor = new StubEditor(preview, ViewColumn.Two);
        previewEditor.selection = new Selection(replicasLine, 2, replicasLine, 2);
        stub.activeTextEditor = previewEditor;
        await run(commandIds.goToTemplateLine);
        const shown = stub.shown.at(-1)!;
        assert.equal(shown.uri, deployment.toString());
        assert.equal(shown.options.viewColumn, ViewColumn.One);
        assert.equal(shown.options.preserveFocus, false);
        assert.equal(shown.options.selection?.start.line, 2);

        stub.activeTextEditor = previewEditor;
        const sourceLine = preview.getText().split('\n').indexOf('# Source: webapp/templates/deployment.yaml');
        const clicked = new Selection(sourceLine, 3, sourceLine, 3);
        stub.events.changeSelection.fire({
            textEditor: previewEditor,
            selections: [clicked],
            kind: TextEditorSelectionChangeKind.Mouse,
        });
        await idle();
        assert.equal(stub.shown.at(-1)!.uri, deployment.toString());
        assert.equal(stub.shown.at(-1)!.options.selection?.start.line, 0);
        assert.equal(stub.shown.at(-1)!.options.preserveFocus, true);
        assert.equal(stub.activeTextEditor, previewEditor, 'the focus stays in the preview');

        const shownBefore = stub.shown.length;
        stub.events.changeSelection.fire({
            textEditor: previewEditor,
            selections: [clicked],
            kind: TextEditorSelectionChangeKind.Keyboard,
        });
        const dragged = new Selection(sourceLine, 0, sourceLine + 1, 0);
        stub.events.changeSelection.fire({
            textEditor: previewEditor,
            selections: [dragged],
            kind: TextEditorSelectionChangeKind.Mouse,
        });
        await idle();
        assert.equal(stub.shown.length, shownBefore, 'cursor keys and selections do not navigate');
    });

    it('says so when Go to Template Line is on a line without a template', async () => {
        await setUp();
        await run(commandIds.preview);
        const previewEditor = new StubEditor(previewDocument(), ViewColumn.Two);
        stub.activeTextEditor = previewEditor;
        await run(commandIds.goToTemplateLine);
        assert.deepEqual(
            stub.messages.map((m) => m.text),
            ['chartwright: line 1 of the preview comes from no template line.'],
        );
    });

    it('renders again after a pause in typing in the chart, and at once on save', async () => {
        const { root, chart, calls, timers, templateDoc } = await setUp();
        await run(commandIds.preview);
        assert.equal(calls.length, 1);

        stub.events.changeTextDocument.fire({ document: templateDoc });
        timers.advance(rerenderDelayMs - 1);
        stub.events.changeTextDocument.fire({ document: templateDoc });
        timers.advance(rerenderDelayMs - 1);
        await idle();
        assert.equal(calls.length, 1, 'no render while typing');
        timers.advance(1);
        await idle();
        assert.equal(calls.length, 2, 'one render after the pause');

        const subchartFile = new StubDocument(
            Uri.file(path.join(chart, 'charts/cache/templates/statefulset.yaml')),
            'helm',
            '',
        );
        stub.events.changeTextDocument.fire({ document: subchartFile });
        timers.advance(rerenderDelayMs);
        await idle();
        assert.equal(calls.length, 3, "a subchart's file changes its parent's preview");

        const elsewhere = new StubDocument(Uri.file(path.join(root, 'other/templates/workflow.yaml')), 'yaml', '');
        stub.events.changeTextDocument.fire({ document: elsewhere });
        timers.advance(rerenderDelayMs);
        await idle();
        assert.equal(calls.length, 3, 'files of other folders do not');

        stub.events.changeTextDocument.fire({ document: templateDoc });
        stub.events.saveTextDocument.fire(templateDoc);
        await idle();
        assert.equal(calls.length, 4, 'a save renders at once');
        timers.advance(rerenderDelayMs);
        await idle();
        assert.equal(calls.length, 4, 'and replaces the pending render');
    });

    it('stops rendering a preview once it is closed', async () => {
        const { calls, timers, templateDoc } = await setUp();
        await run(commandIds.preview);
        stub.events.closeTextDocument.fire(previewDocument());
        stub.events.changeTextDocument.fire({ document: templateDoc });
        stub.events.saveTextDocument.fire(templateDoc);
        timers.advance(rerenderDelayMs);
        await idle();
        assert.equal(calls.length, 1);
    });

    it('renders with the values files chosen for the chart, and remembers them', async () => {
        const { calls } = await setUp();
        await run(commandIds.preview);
        let offered: { label: string; picked: boolean }[] = [];
        stub.answers.quickPick.push(({ items }) => {
            offered = items as { label: string; picked: boolean }[];
            return offered.filter((i) => i.label === 'ci/small-values.yaml');
        });
        await run(commandIds.choosePreviewValues);
        assert.deepEqual(offered, [
            { label: 'values-prod.yaml', picked: false },
            { label: 'ci/small-values.yaml', picked: false },
        ]);
        assert.deepEqual(calls.at(-1)!.valuesFiles, ['ci/small-values.yaml']);
        assert.match(
            previewDocument().getText(),
            /^# chartwright preview of chart webapp with values.yaml, ci\/small-values.yaml /,
        );
        assert.match(previewDocument().getText(), /replicas: 3/);

        stub.answers.quickPick.push(({ items }) => {
            offered = items as { label: string; picked: boolean }[];
            return undefined;
        });
        await run(commandIds.choosePreviewValues);
        assert.deepEqual(
            offered.map((i) => i.picked),
            [false, true],
            'the last choice is preselected',
        );
        assert.deepEqual(calls.at(-1)!.valuesFiles, ['ci/small-values.yaml'], 'cancelling keeps the choice');
    });

    it('tells when a chart has no values files to choose', async () => {
        const { chart } = await setUp();
        await run(commandIds.choosePreviewValues, Uri.file(path.join(chart, 'charts/cache')));
        assert.match(stub.messages[0].text, /no values files besides values.yaml/);
    });
});
