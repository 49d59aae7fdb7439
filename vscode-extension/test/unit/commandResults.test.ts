import * as assert from 'assert/strict';
import { describe, it } from 'node:test';
import { parseIndexResult, parsePackageResult } from '../../src/commandResults';

describe('parsePackageResult', () => {
    it('reads path and digest', () => {
        assert.deepEqual(parsePackageResult({ path: '/out/webapp-1.0.0.tgz', digest: 'sha256:ab', extra: 1 }), {
            path: '/out/webapp-1.0.0.tgz',
            digest: 'sha256:ab',
        });
    });

    it('rejects other shapes', () => {
        assert.throws(() => parsePackageResult('done'), /chartwright.packageChart returned an unexpected result/);
        assert.throws(() => parsePackageResult({ path: '/x.tgz' }), /no "path" and "digest" strings/);
    });
});

describe('parseIndexResult', () => {
    it('counts entries given as a number, a list or index.yaml entries', () => {
        assert.equal(parseIndexResult({ path: '/r/index.yaml', entries: 3 }).entries, 3);
        assert.equal(parseIndexResult({ path: '/r/index.yaml', entries: [{}, {}] }).entries, 2);
        assert.equal(
            parseIndexResult({ path: '/r/index.yaml', entries: { webapp: [{}, {}], cache: [{}] } }).entries,
            3,
        );
        assert.deepEqual(parseIndexResult({ path: '/r/index.yaml' }), { path: '/r/index.yaml', entries: 0 });
    });

    it('rejects a result without a path', () => {
        assert.throws(() => parseIndexResult({ entries: 1 }), /chartwright.indexRepository .* no "path" string/);
    });
});
