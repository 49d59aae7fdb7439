import * as assert from 'assert/strict';
import { describe, it } from 'node:test';
import { rememberedChoice, valuesCandidates } from '../../src/valuesChoice';

describe('valuesCandidates', () => {
    it('offers values*.yaml besides values.yaml, then ci/*.yaml', () => {
        const files = [
            'Chart.yaml',
            'values.yaml',
            'values.schema.json',
            'values-prod.yaml',
            'values.dev.yml',
            'ci/small-values.yaml',
            'ci/README.md',
            'ci/large.yml',
            'my-values.yaml',
            'ci/nested/x.yaml',
        ];
        assert.deepEqual(valuesCandidates(files), [
            'values-prod.yaml',
            'values.dev.yml',
            'ci/large.yml',
            'ci/small-values.yaml',
        ]);
    });

    it('offers nothing for a chart with only values.yaml', () => {
        assert.deepEqual(valuesCandidates(['Chart.yaml', 'values.yaml', 'values.yml']), []);
    });
});

describe('rememberedChoice', () => {
    it('keeps the remembered files that still exist, in their order', () => {
        const candidates = ['values-prod.yaml', 'ci/a.yaml', 'ci/b.yaml'];
        assert.deepEqual(rememberedChoice(['ci/b.yaml', 'gone.yaml', 'values-prod.yaml'], candidates), [
            'ci/b.yaml',
            'values-prod.yaml',
        ]);
    });

    it('ignores what is not a list of names', () => {
        assert.deepEqual(rememberedChoice(undefined, ['a.yaml']), []);
        assert.deepEqual(rememberedChoice('a.yaml', ['a.yaml']), []);
        assert.deepEqual(rememberedChoice([1, 'a.yaml'], ['a.yaml']), ['a.yaml']);
    });
});
