import * as assert from 'assert/strict';
import { describe, it } from 'node:test';
import { fallbackLanguage, findChartRoot, isHelmTemplate, isInside } from '../../src/chartRoot';

/** hasChartYamlIn answers like a file system where only dirs hold a Chart.yaml, and records what was asked. */
function hasChartYamlIn(dirs: string[], asked: string[] = []) {
    return async (dir: string) => {
        asked.push(dir);
        return dirs.includes(dir);
    };
}

describe('findChartRoot', () => {
    const charts = ['/repo/charts/webapp', '/repo/charts/webapp/charts/cache'];

    it('finds the chart of a template', async () => {
        assert.equal(
            await findChartRoot('/repo/charts/webapp/templates', hasChartYamlIn(charts)),
            '/repo/charts/webapp',
        );
        assert.equal(
            await findChartRoot('/repo/charts/webapp/templates/tests', hasChartYamlIn(charts)),
            '/repo/charts/webapp',
        );
    });

    it('gives a subchart template to the subchart', async () => {
        assert.equal(
            await findChartRoot('/repo/charts/webapp/charts/cache/templates', hasChartYamlIn(charts)),
            '/repo/charts/webapp/charts/cache',
        );
    });

    it('starts at the folder itself', async () => {
        assert.equal(await findChartRoot('/repo/charts/webapp', hasChartYamlIn(charts)), '/repo/charts/webapp');
    });

    it('climbs to the root and stops there when there is no chart', async () => {
        const asked: string[] = [];
        assert.equal(await findChartRoot('/other/templates', hasChartYamlIn(charts, asked)), undefined);
        assert.deepEqual(asked, ['/other/templates', '/other', '/']);
    });
});

describe('isHelmTemplate', () => {
    const root = '/repo/webapp';
    const cases: [string, boolean][] = [
        ['/repo/webapp/templates/deployment.yaml', true],
        ['/repo/webapp/templates/tests/test-connection.yml', true],
        ['/repo/webapp/templates/_helpers.tpl', true],
        ['/repo/webapp/templates/NOTES.txt', true],
        ['/repo/webapp/templates/tests/NOTES.txt', false],
        ['/repo/webapp/templates/data.json', false],
        ['/repo/webapp/values.yaml', false],
        ['/repo/webapp/files/templates/a.yaml', false],
        ['/repo/webapp-other/templates/a.yaml', false],
    ];
    for (const [file, want] of cases) {
        it(`${file} → ${want}`, () => assert.equal(isHelmTemplate(file, root), want));
    }
});

describe('fallbackLanguage', () => {
    it('keeps YAML files yaml and makes the rest plain text', () => {
        assert.equal(fallbackLanguage('/x/templates/a.yaml'), 'yaml');
        assert.equal(fallbackLanguage('/x/templates/a.yml'), 'yaml');
        assert.equal(fallbackLanguage('/x/templates/_helpers.tpl'), 'plaintext');
        assert.equal(fallbackLanguage('/x/templates/NOTES.txt'), 'plaintext');
    });
});

describe('isInside', () => {
    it('needs a whole folder name', () => {
        assert.equal(isInside('/a/chart/templates/x.yaml', '/a/chart'), true);
        assert.equal(isInside('/a/chart/templates/x.yaml', '/a/chart/'), true);
        assert.equal(isInside('/a/chart-2/x.yaml', '/a/chart'), false);
        assert.equal(isInside('/a/chart', '/a/chart'), false);
    });
});
