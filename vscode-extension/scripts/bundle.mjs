// Bundles the extension and vscode-languageclient into dist/extension.js, the
// one file of code the .vsix carries (`vscode` is VS Code's own at run time),
// and writes dist/ThirdPartyNotices.txt with the license of every package
// that went into the bundle, as their licenses ask of copies.
import { build } from 'esbuild';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const result = await build({
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    external: ['vscode'],
    minify: true,
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
});

writeFileSync('dist/ThirdPartyNotices.txt', notices(bundledPackages(result.metafile)));

/** bundledPackages lists the node_modules folders whose files esbuild put in the bundle. */
function bundledPackages(metafile) {
    const dirs = new Set();
    for (const input of Object.keys(metafile.inputs)) {
        const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
        if (match) {
            dirs.add(match[1]);
        }
    }
    return [...dirs].sort();
}

function notices(dirs) {
    const sections = dirs.map((dir) => {
        const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
        const licenseFile = readdirSync(dir).find((f) => /^licen[cs]e/i.test(f));
        if (!licenseFile) {
            throw new Error(`${pkg.name} is bundled but has no license file`);
        }
        const text = readFileSync(join(dir, licenseFile), 'utf8').trim();
        return `${pkg.name} ${pkg.version} (${pkg.license})\n\n${text}\n`;
    });
    const header =
        'The chartwright extension bundles these packages into dist/extension.js.\n' + 'Their licenses follow.\n';
    return [header, ...sections].join(`\n${'='.repeat(78)}\n\n`);
}
