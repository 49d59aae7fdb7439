// Checks of the packaged extension, chartwright.vsix, built by `npm run package`
// just before this test runs.
import * as assert from 'assert/strict';
import * as fs from 'fs';
import { builtinModules } from 'module';
import * as path from 'path';
import { describe, it } from 'node:test';
import { readZip } from '../support/zip';

const vsixPath = path.join(__dirname, '../../../chartwright.vsix');
const vsix = fs.readFileSync(vsixPath);
const entries = readZip(vsix);
const entry = (name: string) => {
    const found = entries.find((e) => e.name === name);
    assert.ok(found, `the .vsix has ${name}`);
    return found.read().toString('utf8');
};

describe('chartwright.vsix', () => {
    it('holds the bundle, the manifest and its documents, the grammar and the language configuration, and nothing else', () => {
        assert.deepEqual(entries.map((e) => e.name).sort(), [
            '[Content_Types].xml',
            'extension.vsixmanifest',
            'extension/LICENSE.txt',
            'extension/changelog.md',
            'extension/dist/ThirdPartyNotices.txt',
            'extension/dist/extension.js',
            'extension/language-configuration.json',
            'extension/package.json',
            'extension/readme.md',
            'extension/syntaxes/helm.tmLanguage.json',
        ]);
    });

    it('carries no node_modules and no binary', () => {
        for (const e of entries) {
            assert.ok(!e.name.includes('node_modules'), e.name);
            assert.ok(!/(^|\/)bin\//.test(e.name) && !/chartwright(\.exe)?$/.test(e.name), e.name);
        }
    });

    it('is small', () => {
        assert.ok(vsix.length < 250 * 1024, `the .vsix is ${vsix.length} bytes`);
        const bundle = entries.find((e) => e.name === 'extension/dist/extension.js')!;
        assert.ok(bundle.size < 600 * 1024, `the bundle is ${bundle.size} bytes`);
    });

    it('lists its license', () => {
        assert.match(entry('extension.vsixmanifest'), /<License>extension\/LICENSE\.txt<\/License>/);
        assert.match(entry('extension/LICENSE.txt'), /Apache License\s+Version 2\.0, January 2004/);
        assert.equal(JSON.parse(entry('extension/package.json')).license, 'Apache-2.0');
        assert.match(entry('extension/dist/ThirdPartyNotices.txt'), /^vscode-languageclient 9\.\d+\.\d+ \(MIT\)$/m);
    });

    it('bundles vscode-languageclient and needs only vscode and Node at run time', () => {
        const bundle = entry('extension/dist/extension.js');
        const required = new Set([...bundle.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]));
        const outside = [...required].filter(
            (m) => m !== 'vscode' && !builtinModules.includes(m.replace(/^node:/, '')),
        );
        assert.deepEqual(outside, []);
        assert.ok(required.has('vscode'));
        assert.ok(bundle.includes('workspace/executeCommand'), 'the language client is inside');
        assert.equal(JSON.parse(entry('extension/package.json')).main, './dist/extension.js');
    });

    it('carries the README that documents every command and setting', () => {
        const manifest = JSON.parse(entry('extension/package.json'));
        const readme = entry('extension/readme.md');
        for (const command of manifest.contributes.commands) {
            assert.ok(readme.includes(`chartwright: ${command.title}`), `the README documents ${command.title}`);
        }
        for (const setting of Object.keys(manifest.contributes.configuration.properties)) {
            assert.ok(readme.includes(`\`${setting}\``), `the README documents ${setting}`);
        }
        assert.ok(readme.includes('go install github.com/chartwright/chartwright/cmd/chartwright@latest'));
    });
});
