import '../stub/register';
import * as assert from 'assert/strict';
import { describe, it } from 'node:test';
import type * as vscode from 'vscode';
import { answerConfiguration } from '../../src/configuration';
import type { ServerSettings } from '../../src/settings';

const settings = (kubeVersion: string): ServerSettings => ({
    valuesFiles: {},
    rules: {},
    kubeVersion,
    helmVersion: '4',
});

describe('answerConfiguration', () => {
    it('answers chartwright items with the settings of their scope', async () => {
        const scopes: (string | undefined)[] = [];
        const answers = await answerConfiguration(
            [{ section: 'chartwright', scopeUri: 'file:///w/a/templates/x.yaml' }, { section: 'chartwright' }],
            (scope: vscode.Uri | undefined) => {
                scopes.push(scope?.toString());
                return settings(String(scopes.length));
            },
            () => {
                throw new Error('the default handler is not needed');
            },
        );
        assert.deepEqual(answers, [settings('1'), settings('2')]);
        assert.deepEqual(scopes, ['file:///w/a/templates/x.yaml', undefined]);
    });

    it("leaves other sections to the default handler, in the request's order", async () => {
        const answers = await answerConfiguration(
            [{ section: 'editor' }, { section: 'chartwright' }, { section: null }],
            () => settings('1.33'),
            async () => [{ tabSize: 2 }, 'ignored', { all: true }],
        );
        assert.deepEqual(answers, [{ tabSize: 2 }, settings('1.33'), { all: true }]);
    });

    it('answers null where the default handler gives nothing', async () => {
        const answers = await answerConfiguration(
            [{ section: 'editor' }],
            () => settings(''),
            () => undefined,
        );
        assert.deepEqual(answers, [null]);
    });
});
