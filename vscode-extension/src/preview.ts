// The rendered-manifest preview: a read-only virtual document per chart whose
// content is the server's chartwright.renderPreview result, re-rendered when
// the chart's files change, and whose lines lead back to their templates.
import * as path from 'path';
import * as vscode from 'vscode';
import { isInside } from './chartRoot';
import { Debouncer, realTimers, type Timers } from './debounce';
import { previewScheme } from './ids';
import {
    failedPreview,
    parseRenderResult,
    renderedPreview,
    type PreviewContent,
    type TemplateLine,
} from './previewLines';
import { errorMessage } from './notify';

/** Renders a chart with extra values files (chart-relative paths); resolves to the server's raw result. */
export type RenderChart = (chart: vscode.Uri, valuesFiles: string[]) => Promise<unknown>;

/** The values files chosen for each chart's preview. */
export interface ValuesChoices {
    get(chart: vscode.Uri): string[];
}

/** How long typing must pause before the preview renders again. */
export const rerenderDelayMs = 300;

/** previewUri is the preview document of a chart: "<chart name> (rendered).yaml", the chart URI in the query. */
export function previewUri(chart: vscode.Uri): vscode.Uri {
    const name = `${path.posix.basename(chart.path)} (rendered).yaml`;
    return vscode.Uri.from({ scheme: previewScheme, path: `/${name}`, query: chart.toString() });
}

/** chartOfPreview is the chart a preview URI shows. */
export function chartOfPreview(preview: vscode.Uri): vscode.Uri {
    return vscode.Uri.parse(preview.query);
}

export class PreviewProvider
    implements vscode.TextDocumentContentProvider, vscode.DefinitionProvider, vscode.Disposable
{
    private readonly changed = new vscode.EventEmitter<vscode.Uri>();
    readonly onDidChange = this.changed.event;
    /** The last content of each open preview, by preview URI. */
    private readonly contents = new Map<string, PreviewContent>();
    private readonly debouncer: Debouncer<string>;

    constructor(
        private readonly render: RenderChart,
        private readonly choices: ValuesChoices,
        timers: Timers = realTimers,
    ) {
        this.debouncer = new Debouncer(rerenderDelayMs, timers);
    }

    async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
        const chart = chartOfPreview(uri);
        const chartName = path.posix.basename(chart.path);
        const valuesFiles = this.choices.get(chart);
        let content: PreviewContent;
        try {
            content = renderedPreview(chartName, valuesFiles, parseRenderResult(await this.render(chart, valuesFiles)));
        } catch (err) {
            content = failedPreview(chartName, valuesFiles, errorMessage(err));
        }
        this.contents.set(uri.toString(), content);
        return content.text;
    }

    /** templateLineOf returns where the preview's 0-based line came from, if known. */
    templateLineOf(preview: vscode.Uri, line: number): TemplateLine | undefined {
        return this.contents.get(preview.toString())?.templateLineOf(line);
    }

    provideDefinition(document: vscode.TextDocument, position: vscode.Position): vscode.LocationLink[] {
        const target = this.templateLineOf(document.uri, position.line);
        if (!target) {
            return [];
        }
        const targetLine = new vscode.Range(target.line - 1, 0, target.line - 1, 0);
        return [
            {
                originSelectionRange: document.lineAt(position.line).range,
                targetUri: vscode.Uri.parse(target.uri),
                targetRange: targetLine,
                targetSelectionRange: targetLine,
            },
        ];
    }

    /** refresh renders a preview again now. */
    refresh(preview: vscode.Uri): void {
        this.debouncer.cancel(preview.toString());
        this.changed.fire(preview);
    }

    /**
     * fileChanged renders again, after a pause in typing, every open preview
     * whose chart holds the file (a subchart's file changes its parent too).
     */
    fileChanged(file: vscode.Uri, immediately: boolean): void {
        for (const preview of this.previewsShowing(file)) {
            if (immediately) {
                this.refresh(preview);
            } else {
                this.debouncer.schedule(preview.toString(), () => this.changed.fire(preview));
            }
        }
    }

    /** closed forgets a preview document VS Code closed. */
    closed(preview: vscode.Uri): void {
        this.debouncer.cancel(preview.toString());
        this.contents.delete(preview.toString());
    }

    dispose(): void {
        this.debouncer.cancelAll();
        this.changed.dispose();
    }

    private previewsShowing(file: vscode.Uri): vscode.Uri[] {
        if (file.scheme !== 'file') {
            return [];
        }
        return [...this.contents.keys()]
            .map((key) => vscode.Uri.parse(key))
            .filter((preview) => isInside(file.path, chartOfPreview(preview).path));
    }
}
