import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { describe, it } from 'node:test';
import {
    failedPreview,
    LineMap,
    parseRenderResult,
    renderedPreview,
    type RenderedDocument,
} from '../../src/previewLines';

/**
 * webapp-render.json is what `chartwright template demo testdata/charts/webapp`
 * printed as text and, with -o json, as documents, with the `uri` fields the
 * server adds (chart at /charts/webapp).
 */
const webapp = parseRenderResult(
    JSON.parse(fs.readFileSync(path.join(__dirname, '../../../test/fixtures/webapp-render.json'), 'utf8')),
);
const template = (file: string) => `file:///charts/webapp/${file}`;

/** lineOf finds the 0-based line of the text that equals wanted, after the one at from. */
function lineOf(text: string, wanted: string, from = 0): number {
    const index = text.split('\n').findIndex((l, i) => i >= from && l === wanted);
    assert.ok(index >= 0, `no line ${JSON.stringify(wanted)}`);
    return index;
}

describe('LineMap on the webapp chart', () => {
    const map = new LineMap(webapp.text, webapp.documents);
    const text = webapp.text;

    it('maps a document line to its template line', () => {
        const deployment = lineOf(text, '# Source: webapp/templates/deployment.yaml');
        assert.deepEqual(map.templateLineOf(lineOf(text, '  replicas: 2', deployment)), {
            uri: template('templates/deployment.yaml'),
            line: 8,
        });
    });

    it('maps lines an include produced to the define in _helpers.tpl', () => {
        const deployment = lineOf(text, '# Source: webapp/templates/deployment.yaml');
        assert.deepEqual(map.templateLineOf(lineOf(text, '    team: platform', deployment)), {
            uri: template('templates/_helpers.tpl'),
            line: 11,
        });
    });

    it('maps the Source header to the first line of the template', () => {
        assert.deepEqual(map.templateLineOf(lineOf(text, '# Source: webapp/templates/service.yaml')), {
            uri: template('templates/service.yaml'),
            line: 1,
        });
    });

    it("maps a subchart's document to the subchart's folder", () => {
        const header = lineOf(text, '# Source: webapp/charts/redis/templates/statefulset.yaml');
        assert.deepEqual(map.templateLineOf(header + 1), {
            uri: template('charts/cache/templates/statefulset.yaml'),
            line: 1,
        });
    });

    it('maps nothing to the document separators', () => {
        assert.equal(map.templateLineOf(0), undefined);
        assert.equal(map.templateLineOf(lineOf(text, '---', 1)), undefined);
    });

    it('maps every line of every document', () => {
        let mapped = 0;
        for (let i = 0; i < text.split('\n').length; i++) {
            if (map.templateLineOf(i)) {
                mapped++;
            }
        }
        const contentLines = webapp.documents.reduce((n, d) => n + d.content.split('\n').length, 0);
        const headers = webapp.documents.length;
        assert.equal(mapped, contentLines + headers);
    });
});

describe('LineMap edge cases', () => {
    const doc = (source: string, content: string, lines: [number, string?][]): RenderedDocument => ({
        source,
        content,
        lines: lines.map(([line, uri]) => ({ template: source, line, ...(uri ? { uri } : {}) })),
    });

    it('tells apart two documents with the same content by their order', () => {
        const a = doc('c/templates/a.yaml', 'kind: A\n', [
            [1, 'file:///a'],
            [2, 'file:///a'],
        ]);
        const b = doc('c/templates/b.yaml', 'kind: A\n', [
            [5, 'file:///b'],
            [6, 'file:///b'],
        ]);
        const text = '---\n# Source: c/templates/a.yaml\nkind: A\n\n---\n# Source: c/templates/b.yaml\nkind: A\n\n';
        const map = new LineMap(text, [a, b]);
        assert.deepEqual(map.templateLineOf(2), { uri: 'file:///a', line: 1 });
        assert.deepEqual(map.templateLineOf(6), { uri: 'file:///b', line: 5 });
        assert.deepEqual(map.templateLineOf(5), { uri: 'file:///b', line: 1 });
    });

    it('only matches content at the start of a line', () => {
        const a = doc('c/templates/a.yaml', 'x: 1\n', [[3, 'file:///a']]);
        const text = '# note: x: 1\nx: 1\n';
        assert.deepEqual(new LineMap(text, [a]).templateLineOf(1), { uri: 'file:///a', line: 3 });
        assert.equal(new LineMap(text, [a]).templateLineOf(0), undefined);
    });

    it('leaves lines without a URI or line number unmapped', () => {
        const a = doc('c/templates/a.yaml', 'a: 1\nb: 2\nc: 3\n', [[1], [0, 'file:///a'], [3, 'file:///a']]);
        const map = new LineMap('a: 1\nb: 2\nc: 3\n', [a]);
        assert.equal(map.templateLineOf(0), undefined);
        assert.equal(map.templateLineOf(1), undefined);
        assert.deepEqual(map.templateLineOf(2), { uri: 'file:///a', line: 3 });
    });

    it('skips a document whose content is not in the text, and empty ones', () => {
        const missing = doc('c/templates/m.yaml', 'nowhere: 1\n', [[1, 'file:///m']]);
        const empty = doc('c/templates/e.yaml', '', []);
        const a = doc('c/templates/a.yaml', 'a: 1\n', [[4, 'file:///a']]);
        const map = new LineMap('a: 1\n', [missing, empty, a]);
        assert.deepEqual(map.templateLineOf(0), { uri: 'file:///a', line: 4 });
    });

    it('does not read past the lines a document gives', () => {
        const a = doc('c/templates/a.yaml', 'a: 1\nb: 2\n', [[1, 'file:///a']]);
        const map = new LineMap('a: 1\nb: 2\n', [a]);
        assert.equal(map.templateLineOf(1), undefined);
        assert.equal(map.templateLineOf(99), undefined);
    });
});

describe('parseRenderResult', () => {
    it('rejects what is not a render result, saying what is missing', () => {
        assert.throws(() => parseRenderResult(null), /unexpected result: not an object/);
        assert.throws(() => parseRenderResult({ documents: [] }), /no "text" string/);
        assert.throws(() => parseRenderResult({ text: '' }), /no "documents" list/);
        assert.throws(() => parseRenderResult({ text: '', documents: [{ content: 'a' }] }), /document 0 has no/);
    });

    it('keeps only well-formed line origins', () => {
        const result = parseRenderResult({
            text: 'a\n',
            documents: [
                { source: 's', content: 'a\n', lines: [{ template: 't', line: 2, uri: 'file:///t' }, {}, null] },
            ],
        });
        assert.deepEqual(result.documents[0].lines, [
            { template: 't', line: 2, uri: 'file:///t' },
            { template: '', line: 0 },
            { template: '', line: 0 },
        ]);
    });
});

describe('renderedPreview', () => {
    it('puts a header line above the manifest and shifts the line map by it', () => {
        const preview = renderedPreview('webapp', ['ci/prod.yaml'], webapp);
        const lines = preview.text.split('\n');
        assert.equal(
            lines[0],
            '# chartwright preview of chart webapp with values.yaml, ci/prod.yaml (read-only; F12 on a line opens its template)',
        );
        assert.equal(preview.text.slice(lines[0].length + 1), webapp.text);
        const replicas = lineOf(preview.text, '  replicas: 2');
        assert.deepEqual(preview.templateLineOf(replicas), { uri: template('templates/deployment.yaml'), line: 8 });
        assert.equal(preview.templateLineOf(0), undefined);
    });

    it('says so when the chart renders nothing', () => {
        const preview = renderedPreview('empty', [], { text: '', documents: [] });
        assert.match(preview.text, /\n# The chart rendered no manifests\.\n$/);
    });
});

describe('failedPreview', () => {
    it('shows the error as comments', () => {
        const preview = failedPreview('webapp', [], 'webapp/templates/a.yaml:3:7: bad\nsecond line\n');
        assert.equal(
            preview.text,
            [
                '# chartwright preview of chart webapp with values.yaml (read-only; F12 on a line opens its template)',
                '#',
                '# The chart could not be rendered:',
                '#   webapp/templates/a.yaml:3:7: bad',
                '#   second line',
                '',
            ].join('\n'),
        );
        assert.equal(preview.templateLineOf(3), undefined);
    });
});
