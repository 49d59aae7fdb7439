import '../stub/register';
import * as assert from 'assert/strict';
import * as path from 'path';
import { beforeEach, describe, it } from 'node:test';
import type * as vscode from 'vscode';
import { checkHelmDocument, registerHelmLanguageCheck } from '../../src/helmLanguage';
import { webappChart } from '../support/fixtures';
import { resetStub, settled, stub, StubDocument, Uri } from '../stub/vscode';

function helmDocument(file: string): StubDocument {
    return new StubDocument(Uri.file(file), 'helm', '');
}

describe('the helm language check', () => {
    beforeEach(() => resetStub());

    it('keeps chart templates helm', async () => {
        const chart = path.join(webappChart(), 'webapp');
        for (const file of [
            'templates/deployment.yaml',
            'templates/_helpers.tpl',
            'templates/NOTES.txt',
            'charts/cache/templates/statefulset.yaml',
        ]) {
            const doc = helmDocument(path.join(chart, file));
            await checkHelmDocument(doc as unknown as vscode.TextDocument);
            assert.equal(doc.languageId, 'helm', file);
        }
        assert.deepEqual(stub.languageChanges, []);
    });

    it('gives files of templates folders outside charts back to yaml or plain text', async () => {
        const root = webappChart();
        const workflow = helmDocument(path.join(root, 'other/templates/workflow.yaml'));
        const notes = helmDocument(path.join(root, 'other/templates/NOTES.txt'));
        const inFiles = helmDocument(path.join(root, 'webapp/files/templates/x.yaml'));
        for (const doc of [workflow, notes, inFiles]) {
            await checkHelmDocument(doc as unknown as vscode.TextDocument);
        }
        assert.deepEqual(
            [workflow, notes, inFiles].map((d) => d.languageId),
            ['yaml', 'plaintext', 'yaml'],
        );
    });

    it('checks documents already open and those opened later, leaving other languages alone', async () => {
        const root = webappChart();
        const open = helmDocument(path.join(root, 'other/templates/a.yaml'));
        stub.documents.push(open);
        registerHelmLanguageCheck();
        const later = helmDocument(path.join(root, 'other/templates/b.yml'));
        stub.events.openTextDocument.fire(later);
        const yaml = new StubDocument(Uri.file(path.join(root, 'other/templates/c.yaml')), 'yaml', '');
        stub.events.openTextDocument.fire(yaml);
        await settled(() => stub.languageChanges.length >= 2);
        assert.deepEqual(stub.languageChanges.map((c) => path.basename(c.uri) + ' ' + c.languageId).sort(), [
            'a.yaml yaml',
            'b.yml yaml',
        ]);
    });
});
