// Checks of package.json, the extension's manifest: what VS Code reads
// before any code runs, so mistakes there show only in a real editor.
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { describe, it } from 'node:test';
import { commandIds, documentSelector, previewScheme, serverCommandIds } from '../../src/ids';

const root = path.join(__dirname, '../../..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8'));

describe('package.json', () => {
    it('targets VS Code 1.82 with vscode-languageclient 9 and matching types', () => {
        assert.equal(manifest.engines.vscode, '^1.82.0');
        assert.match(manifest.dependencies['vscode-languageclient'], /^\^9\./);
        assert.match(lock.packages['node_modules/@types/vscode'].version, /^1\.82\./);
        assert.match(lock.packages['node_modules/@vscode/vsce'].version, /^3\./);
        assert.equal(manifest.main, './dist/extension.js');
        assert.equal(manifest.license, 'Apache-2.0');
    });

    it('gives every command a title in the chartwright category, apart from the server commands', () => {
        const serverCommands: string[] = Object.values(serverCommandIds);
        for (const command of manifest.contributes.commands) {
            assert.ok(command.title, `${command.command} has a title`);
            assert.equal(command.category, 'chartwright');
            assert.ok(!serverCommands.includes(command.command), `${command.command} is also a server command`);
        }
        assert.deepEqual(
            manifest.contributes.commands.map((c: { command: string }) => c.command).sort(),
            Object.values(commandIds).sort(),
        );
    });

    it('puts only contributed commands in menus', () => {
        const known = new Set(manifest.contributes.commands.map((c: { command: string }) => c.command));
        for (const [menu, entries] of Object.entries(
            manifest.contributes.menus as Record<string, { command: string }[]>,
        )) {
            for (const entry of entries) {
                assert.ok(known.has(entry.command), `${menu} lists unknown ${entry.command}`);
            }
        }
        const previewWhen = manifest.contributes.menus['editor/title']
            .filter((e: { when: string }) => e.when.includes(previewScheme))
            .map((e: { command: string }) => e.command);
        assert.deepEqual(previewWhen, [commandIds.choosePreviewValues, commandIds.goToTemplateLine]);
    });

    it('declares the helm language for chart templates with its grammar and configuration', () => {
        const [helm] = manifest.contributes.languages;
        assert.equal(helm.id, 'helm');
        assert.deepEqual(helm.filenamePatterns, [
            '**/templates/**/*.yaml',
            '**/templates/**/*.yml',
            '**/templates/**/*.tpl',
            '**/templates/NOTES.txt',
        ]);
        const configuration = JSON.parse(fs.readFileSync(path.join(root, helm.configuration), 'utf8'));
        assert.equal(configuration.comments.lineComment, '#');
        assert.deepEqual(configuration.brackets[0], ['{{', '}}']);
        const [grammar] = manifest.contributes.grammars;
        assert.equal(grammar.language, 'helm');
        const tmLanguage = JSON.parse(fs.readFileSync(path.join(root, grammar.path), 'utf8'));
        assert.equal(tmLanguage.scopeName, grammar.scopeName);
        for (const include of JSON.stringify(tmLanguage).match(/"#[\w-]+"/g) ?? []) {
            assert.ok(tmLanguage.repository[include.slice(2, -1)], `the grammar defines ${include}`);
        }
    });

    it('activates for helm files and workspaces with charts', () => {
        assert.deepEqual(manifest.activationEvents, ['onLanguage:helm', 'workspaceContains:**/Chart.yaml']);
    });

    it("declares the server's settings and the client's own", () => {
        const properties = manifest.contributes.configuration.properties;
        assert.deepEqual(Object.keys(properties).sort(), [
            'chartwright.helmVersion',
            'chartwright.kubeVersion',
            'chartwright.path',
            'chartwright.rules',
            'chartwright.trace.server',
            'chartwright.valuesFiles',
        ]);
        assert.deepEqual(properties['chartwright.helmVersion'].enum, ['3', '4']);
        assert.equal(properties['chartwright.helmVersion'].default, '4');
        assert.deepEqual(properties['chartwright.rules'].additionalProperties.enum, [
            'off',
            'info',
            'warning',
            'error',
        ]);
        assert.deepEqual(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations, ['chartwright.path']);
    });

    it('hands the server helm templates and the chart files it reads, on disk only', () => {
        assert.deepEqual(documentSelector, [
            { scheme: 'file', language: 'helm' },
            { scheme: 'file', language: 'yaml', pattern: '**/Chart.yaml' },
            { scheme: 'file', language: 'yaml', pattern: '**/values*.yaml' },
            { scheme: 'file', language: 'json', pattern: '**/values.schema.json' },
            { scheme: 'file', language: 'yaml', pattern: '**/.chartwright.yaml' },
        ]);
    });
});
