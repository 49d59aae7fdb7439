// The rendered-manifest preview's text and where each of its lines came from.
// Pure: built from the result of the server's chartwright.renderPreview.

/** The origin of one rendered line, as `chartwright template -o json` gives it. */
export interface LineOrigin {
    /** Helm's template name, such as "webapp/templates/deployment.yaml". */
    template: string;
    /** 1-based line in that template. */
    line: number;
    /** The template's file URI; absent when it cannot be opened. */
    uri?: string;
}

/** One rendered document of the chart. */
export interface RenderedDocument {
    source: string;
    content: string;
    /** lines[i] is the origin of content's line i+1. */
    lines: LineOrigin[];
}

/** The result of chartwright.renderPreview. */
export interface RenderResult {
    /** The whole manifest as `helm template` prints it. */
    text: string;
    documents: RenderedDocument[];
}

/** A place in a template: a file URI and a 1-based line. */
export interface TemplateLine {
    uri: string;
    line: number;
}

/**
 * parseRenderResult checks that the server's answer has the shape of a
 * RenderResult, so that a server speaking another version of the protocol
 * gives a clear error instead of a broken preview.
 */
export function parseRenderResult(value: unknown): RenderResult {
    const fail = (what: string): never => {
        throw new Error(`chartwright.renderPreview returned an unexpected result: ${what}`);
    };
    if (typeof value !== 'object' || value === null) {
        return fail('not an object');
    }
    const { text, documents } = value as { text?: unknown; documents?: unknown };
    if (typeof text !== 'string') {
        return fail('no "text" string');
    }
    if (!Array.isArray(documents)) {
        return fail('no "documents" list');
    }
    return { text, documents: documents.map((d, i) => parseDocument(d, i, fail)) };
}

function parseDocument(value: unknown, index: number, fail: (what: string) => never): RenderedDocument {
    const doc = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
    if (typeof doc.content !== 'string' || !Array.isArray(doc.lines)) {
        return fail(`document ${index} has no "content" string or "lines" list`);
    }
    const lines = doc.lines.map((l): LineOrigin => {
        const origin = (typeof l === 'object' && l !== null ? l : {}) as Record<string, unknown>;
        const parsed: LineOrigin = {
            template: typeof origin.template === 'string' ? origin.template : '',
            line: typeof origin.line === 'number' ? origin.line : 0,
        };
        if (typeof origin.uri === 'string' && origin.uri !== '') {
            parsed.uri = origin.uri;
        }
        return parsed;
    });
    return { source: typeof doc.source === 'string' ? doc.source : '', content: doc.content, lines };
}

/**
 * LineMap says which template line produced each line of a rendered text.
 * It locates each document's content in the text, in order, and maps the
 * content's lines through the document's `lines`. The `# Source:` header in
 * front of a document maps to the first line of its template.
 */
export class LineMap {
    private readonly targets: (TemplateLine | undefined)[];

    constructor(text: string, documents: RenderedDocument[]) {
        this.targets = mapLines(text, documents);
    }

    /** templateLineOf returns the origin of the text's 0-based line, if it is navigable. */
    templateLineOf(line: number): TemplateLine | undefined {
        return this.targets[line];
    }
}

function mapLines(text: string, documents: RenderedDocument[]): (TemplateLine | undefined)[] {
    const lineStarts = lineStartOffsets(text);
    const targets: (TemplateLine | undefined)[] = new Array(lineStarts.length).fill(undefined);
    let searchFrom = 0;
    for (const doc of documents) {
        if (doc.content === '') {
            continue;
        }
        const at = indexAtLineStart(text, doc.content, searchFrom);
        if (at < 0) {
            continue;
        }
        searchFrom = at + doc.content.length;
        const firstLine = lineOfOffset(lineStarts, at);
        const contentLines = doc.content.split('\n').length;
        for (let i = 0; i < contentLines && i < doc.lines.length; i++) {
            targets[firstLine + i] = navigable(doc.lines[i]);
        }
        mapSourceHeader(text, lineStarts, firstLine, doc, targets);
    }
    return targets;
}

/** mapSourceHeader points a "# Source: <name>" line just above a document at its template's first line. */
function mapSourceHeader(
    text: string,
    lineStarts: number[],
    firstLine: number,
    doc: RenderedDocument,
    targets: (TemplateLine | undefined)[],
): void {
    const headerLine = firstLine - 1;
    if (headerLine < 0 || targets[headerLine] !== undefined) {
        return;
    }
    const header = text.slice(lineStarts[headerLine], lineStarts[firstLine] - 1);
    if (header !== `# Source: ${doc.source}`) {
        return;
    }
    const own = doc.lines.find((l) => l.template === doc.source && l.uri !== undefined);
    if (own?.uri !== undefined) {
        targets[headerLine] = { uri: own.uri, line: 1 };
    }
}

/** indexAtLineStart finds the first occurrence of part at or after from that starts a line. */
function indexAtLineStart(text: string, part: string, from: number): number {
    for (let at = text.indexOf(part, from); at >= 0; at = text.indexOf(part, at + 1)) {
        if (at === 0 || text[at - 1] === '\n') {
            return at;
        }
    }
    return -1;
}

function navigable(origin: LineOrigin | undefined): TemplateLine | undefined {
    if (origin?.uri === undefined || origin.line < 1) {
        return undefined;
    }
    return { uri: origin.uri, line: origin.line };
}

function lineStartOffsets(text: string): number[] {
    const starts = [0];
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
        starts.push(i + 1);
    }
    return starts;
}

/** lineOfOffset finds the 0-based line holding offset by binary search. */
function lineOfOffset(lineStarts: number[], offset: number): number {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
        const mid = Math.ceil((low + high) / 2);
        if (lineStarts[mid] <= offset) {
            low = mid;
        } else {
            high = mid - 1;
        }
    }
    return low;
}

/** The text of a preview document and the origins of its lines. */
export interface PreviewContent {
    text: string;
    /** templateLineOf returns the origin of the preview's 0-based line, if it is navigable. */
    templateLineOf(line: number): TemplateLine | undefined;
}

/**
 * renderedPreview is the preview of a successful render: one header line
 * naming the chart and the values files, then the manifest.
 */
export function renderedPreview(chartName: string, valuesFiles: string[], result: RenderResult): PreviewContent {
    const header = previewHeader(chartName, valuesFiles);
    const map = new LineMap(result.text, result.documents);
    const body = result.text === '' ? '# The chart rendered no manifests.\n' : result.text;
    return {
        text: `${header}\n${body}`,
        templateLineOf: (line) => (line < 1 ? undefined : map.templateLineOf(line - 1)),
    };
}

/** failedPreview is the preview of a render that failed: the header, then the error as comments. */
export function failedPreview(chartName: string, valuesFiles: string[], message: string): PreviewContent {
    const quoted = message
        .trimEnd()
        .split('\n')
        .map((l) => `#   ${l}`.trimEnd());
    const text = [previewHeader(chartName, valuesFiles), '#', '# The chart could not be rendered:', ...quoted, ''];
    return { text: text.join('\n'), templateLineOf: () => undefined };
}

function previewHeader(chartName: string, valuesFiles: string[]): string {
    const values = ['values.yaml', ...valuesFiles].join(', ');
    return `# chartwright preview of chart ${chartName} with ${values} (read-only; F12 on a line opens its template)`;
}
