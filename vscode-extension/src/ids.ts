// The names the extension and the server share: command IDs, the preview's
// URI scheme and the documents the language client hands to the server.

/** The extension's own commands, as contributed in package.json. */
export const commandIds = {
    preview: 'chartwright.preview',
    choosePreviewValues: 'chartwright.preview.chooseValues',
    goToTemplateLine: 'chartwright.preview.goToTemplateLine',
    packageChart: 'chartwright.package',
    indexRepository: 'chartwright.index',
    restartServer: 'chartwright.restartServer',
    showOutput: 'chartwright.showOutput',
} as const;

/**
 * The server's workspace/executeCommand commands. They differ from
 * commandIds because vscode-languageclient registers every command the
 * server announces as a VS Code command of the same name.
 */
export const serverCommandIds = {
    renderPreview: 'chartwright.renderPreview',
    packageChart: 'chartwright.packageChart',
    indexRepository: 'chartwright.indexRepository',
} as const;

/** The URI scheme of rendered-manifest previews. */
export const previewScheme = 'chartwright-preview';

/** The documents the language client sends to the server. */
export const documentSelector = [
    { scheme: 'file', language: 'helm' },
    { scheme: 'file', language: 'yaml', pattern: '**/Chart.yaml' },
    { scheme: 'file', language: 'yaml', pattern: '**/values*.yaml' },
    { scheme: 'file', language: 'json', pattern: '**/values.schema.json' },
    { scheme: 'file', language: 'yaml', pattern: '**/.chartwright.yaml' },
];
