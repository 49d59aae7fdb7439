import * as assert from 'assert/strict';
import { describe, it } from 'node:test';
import { toServerSettings } from '../../src/settings';

describe('toServerSettings', () => {
    it('gives the defaults for empty settings', () => {
        assert.deepEqual(toServerSettings({}, [], 'linux'), {
            settings: { valuesFiles: {}, rules: {}, helmVersion: '4' },
            problems: [],
        });
    });

    it('maps every setting', () => {
        const mapped = toServerSettings(
            { rules: { 'values-unused': 'off', 'values-undefined': 'Error' }, kubeVersion: '1.33', helmVersion: '3' },
            [{ folder: '/work/repo', valuesFiles: { 'charts/webapp': ['ci/prod.yaml', ' values-dev.yaml '] } }],
            'linux',
        );
        assert.deepEqual(mapped, {
            settings: {
                valuesFiles: { '/work/repo/charts/webapp': ['ci/prod.yaml', 'values-dev.yaml'] },
                rules: { 'values-unused': 'off', 'values-undefined': 'error' },
                kubeVersion: '1.33',
                helmVersion: '3',
            },
            problems: [],
        });
    });

    it('keeps absolute chart folders and resolves relative ones against their own workspace folder', () => {
        const { settings } = toServerSettings(
            {},
            [
                { folder: '/work/a', valuesFiles: { chart: ['x.yaml'], '/abs/chart/': ['y.yaml'] } },
                { folder: '/work/b', valuesFiles: { './chart': ['z.yaml'], '/abs/chart': ['w.yaml'] } },
            ],
            'linux',
        );
        assert.deepEqual(settings.valuesFiles, {
            '/work/a/chart': ['x.yaml'],
            '/abs/chart/': ['y.yaml'],
            '/work/b/chart': ['z.yaml'],
            '/abs/chart': ['w.yaml'],
        });
    });

    it('merges the files two folders give for the same absolute chart', () => {
        const { settings } = toServerSettings(
            {},
            [
                { folder: '/work/a', valuesFiles: { '/abs/chart': ['one.yaml'] } },
                { folder: '/work/b', valuesFiles: { '/abs/chart': ['two.yaml'] } },
            ],
            'linux',
        );
        assert.deepEqual(settings.valuesFiles, { '/abs/chart': ['one.yaml', 'two.yaml'] });
    });

    it('resolves Windows folders', () => {
        const { settings } = toServerSettings(
            {},
            [
                {
                    folder: 'C:\\work\\repo',
                    valuesFiles: { 'charts/webapp': ['ci\\prod.yaml'], 'D:\\other': ['v.yaml'] },
                },
            ],
            'win32',
        );
        assert.deepEqual(settings.valuesFiles, {
            'C:\\work\\repo\\charts\\webapp': ['ci\\prod.yaml'],
            'D:\\other': ['v.yaml'],
        });
    });

    it('leaves out what is invalid and says why', () => {
        const { settings, problems } = toServerSettings(
            { rules: { 'values-unused': 'loud', ok: 'info' }, kubeVersion: 'latest', helmVersion: '2' },
            [
                { folder: undefined, valuesFiles: { relative: ['a.yaml'], '/abs': ['b.yaml'] } },
                { folder: '/w', valuesFiles: { c: 'not-a-list', d: [''] } },
                { folder: '/w2', valuesFiles: ['not', 'an', 'object'] },
            ],
            'linux',
        );
        assert.deepEqual(settings, { valuesFiles: { '/abs': ['b.yaml'] }, rules: { ok: 'info' }, helmVersion: '4' });
        assert.deepEqual(problems, [
            'chartwright.valuesFiles: "relative" is relative, but there is no workspace folder to resolve it against',
            'chartwright.valuesFiles["c"] must be a list of file names',
            'chartwright.valuesFiles["d"] must be a list of file names',
            'chartwright.valuesFiles must be an object (chart folder → list of values files)',
            'chartwright.rules["values-unused"] is "loud"; use off, info, warning or error',
            'chartwright.kubeVersion is "latest"; use a version like "1.33" (the server\'s default is used)',
            'chartwright.helmVersion is "2"; use "3" or "4" (using "4")',
        ]);
    });

    it('accepts Kubernetes versions with a v or a patch number', () => {
        for (const version of ['v1.33', '1.33.2', ' 1.30 ']) {
            const { settings, problems } = toServerSettings({ kubeVersion: version }, [], 'linux');
            assert.equal(settings.kubeVersion, version.trim());
            assert.deepEqual(problems, []);
        }
    });
});
