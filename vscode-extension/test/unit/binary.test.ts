import * as assert from 'assert/strict';
import { describe, it } from 'node:test';
import { installCommand, resolveBinary, type BinaryLookup } from '../../src/binary';

/** lookup builds a BinaryLookup on a Linux machine where only the given files are executable. */
function lookup(executables: string[], change: Partial<BinaryLookup> = {}): BinaryLookup {
    return {
        configured: '',
        bundledDir: '/ext/bin',
        envPath: '/usr/local/bin:/home/me/go/bin',
        platform: 'linux',
        homeDir: '/home/me',
        isExecutable: (p) => executables.includes(p),
        ...change,
    };
}

describe('resolveBinary', () => {
    it('prefers the chartwright.path setting over bundled and PATH binaries', () => {
        const found = resolveBinary(
            lookup(['/opt/cw/chartwright', '/ext/bin/chartwright', '/usr/local/bin/chartwright'], {
                configured: '/opt/cw/chartwright',
            }),
        );
        assert.deepEqual(found, { found: true, path: '/opt/cw/chartwright', source: 'setting' });
    });

    it('prefers a bundled binary over PATH', () => {
        const found = resolveBinary(lookup(['/ext/bin/chartwright', '/usr/local/bin/chartwright']));
        assert.deepEqual(found, { found: true, path: '/ext/bin/chartwright', source: 'bundled' });
    });

    it('searches PATH in order', () => {
        const found = resolveBinary(lookup(['/home/me/go/bin/chartwright']));
        assert.deepEqual(found, { found: true, path: '/home/me/go/bin/chartwright', source: 'PATH' });
    });

    it('explains how to install when nothing is found', () => {
        const missing = resolveBinary(lookup([]));
        assert.equal(missing.found, false);
        assert.ok(!missing.found && missing.message.includes(installCommand), 'message names the install command');
        assert.ok(!missing.found && missing.message.includes('chartwright.path'), 'message names the setting');
        assert.equal(installCommand, 'go install github.com/chartwright/chartwright/cmd/chartwright@latest');
    });

    it('does not fall back when the setting names no executable', () => {
        const missing = resolveBinary(lookup(['/usr/local/bin/chartwright'], { configured: '/nowhere/chartwright' }));
        assert.equal(missing.found, false);
        assert.match(!missing.found ? missing.message : '', /chartwright\.path setting is "\/nowhere\/chartwright"/);
    });

    it('expands ~ in the setting', () => {
        const found = resolveBinary(lookup(['/home/me/bin/cw'], { configured: '~/bin/cw' }));
        assert.deepEqual(found, { found: true, path: '/home/me/bin/cw', source: 'setting' });
    });

    it('looks a bare name in the setting up on PATH', () => {
        const found = resolveBinary(lookup(['/home/me/go/bin/chartwright-dev'], { configured: 'chartwright-dev' }));
        assert.deepEqual(found, { found: true, path: '/home/me/go/bin/chartwright-dev', source: 'setting' });
    });

    it('resolves a relative setting against the workspace folder', () => {
        const found = resolveBinary(
            lookup(['/work/repo/bin/chartwright'], { configured: './bin/chartwright', workspaceFolder: '/work/repo' }),
        );
        assert.deepEqual(found, { found: true, path: '/work/repo/bin/chartwright', source: 'setting' });
    });

    it('finds chartwright.exe on Windows, with PATH split at semicolons', () => {
        const windows = (executables: string[], change: Partial<BinaryLookup> = {}) =>
            lookup(executables, {
                platform: 'win32',
                bundledDir: 'C:\\ext\\bin',
                envPath: 'C:\\Windows;C:\\Users\\me\\go\\bin',
                homeDir: 'C:\\Users\\me',
                ...change,
            });
        assert.deepEqual(resolveBinary(windows(['C:\\Users\\me\\go\\bin\\chartwright.exe'])), {
            found: true,
            path: 'C:\\Users\\me\\go\\bin\\chartwright.exe',
            source: 'PATH',
        });
        assert.deepEqual(resolveBinary(windows(['C:\\ext\\bin\\chartwright.exe'])), {
            found: true,
            path: 'C:\\ext\\bin\\chartwright.exe',
            source: 'bundled',
        });
        assert.deepEqual(
            resolveBinary(windows(['D:\\tools\\chartwright.exe'], { configured: 'D:\\tools\\chartwright' })),
            {
                found: true,
                path: 'D:\\tools\\chartwright.exe',
                source: 'setting',
            },
        );
    });
});
