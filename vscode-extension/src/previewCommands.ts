// The preview's commands and listeners: Preview Rendered Manifest, the choice
// of values files, Go to Template Line, following clicks in the preview, and
// re-rendering when the chart's files change or are saved.
import * as vscode from 'vscode';
import { chartFiles, chartForCommand } from './charts';
import { commandIds, previewScheme } from './ids';
import { errorMessage, registerUserCommand } from './notify';
import { chartOfPreview, PreviewProvider, previewUri, type ValuesChoices } from './preview';
import type { TemplateLine } from './previewLines';
import { rememberedChoice, valuesCandidates } from './valuesChoice';

const choicesKey = 'chartwright.previewValues';

/** WorkspaceValuesChoices keeps each chart's chosen values files in the workspace state. */
export class WorkspaceValuesChoices implements ValuesChoices {
    constructor(private readonly state: vscode.Memento) {}

    get(chart: vscode.Uri): string[] {
        const all = this.state.get<Record<string, unknown>>(choicesKey, {});
        const remembered = all[chart.toString()];
        return Array.isArray(remembered) ? remembered.filter((f): f is string => typeof f === 'string') : [];
    }

    async set(chart: vscode.Uri, files: string[]): Promise<void> {
        const all = this.state.get<Record<string, unknown>>(choicesKey, {});
        await this.state.update(choicesKey, { ...all, [chart.toString()]: files });
    }
}

export function registerPreview(provider: PreviewProvider, choices: WorkspaceValuesChoices): vscode.Disposable[] {
    /** The editor column each preview was opened from, where its templates open. */
    const sourceColumns = new Map<string, vscode.ViewColumn>();
    return [
        vscode.workspace.registerTextDocumentContentProvider(previewScheme, provider),
        vscode.languages.registerDefinitionProvider({ scheme: previewScheme }, provider),
        registerUserCommand(commandIds.preview, (arg) => openPreview(provider, arg, sourceColumns)),
        registerUserCommand(commandIds.choosePreviewValues, (arg) => chooseValues(provider, choices, arg)),
        registerUserCommand(commandIds.goToTemplateLine, () => goToTemplateLine(provider, sourceColumns)),
        vscode.workspace.onDidChangeTextDocument((e) => provider.fileChanged(e.document.uri, false)),
        vscode.workspace.onDidSaveTextDocument((doc) => provider.fileChanged(doc.uri, true)),
        vscode.workspace.onDidCloseTextDocument((doc) => {
            if (doc.uri.scheme === previewScheme) {
                provider.closed(doc.uri);
            }
        }),
        vscode.window.onDidChangeTextEditorSelection((e) => followClick(provider, e, sourceColumns)),
    ];
}

async function openPreview(
    provider: PreviewProvider,
    arg: unknown,
    sourceColumns: Map<string, vscode.ViewColumn>,
): Promise<void> {
    const chart = await chartFromPreviewOr(arg);
    const preview = previewUri(chart);
    const from = vscode.window.activeTextEditor;
    if (from?.document.uri.scheme === 'file' && from.viewColumn !== undefined) {
        sourceColumns.set(preview.toString(), from.viewColumn);
    }
    const alreadyOpen = vscode.workspace.textDocuments.some((d) => d.uri.toString() === preview.toString());
    const doc = await vscode.workspace.openTextDocument(preview);
    await vscode.window.showTextDocument(doc, {
        viewColumn: vscode.ViewColumn.Beside,
        preserveFocus: true,
        preview: false,
    });
    if (alreadyOpen) {
        provider.refresh(preview);
    }
}

/** chooseValues asks which values files the chart's preview renders with, remembers them and re-renders. */
async function chooseValues(provider: PreviewProvider, choices: WorkspaceValuesChoices, arg: unknown): Promise<void> {
    const chart = await chartFromPreviewOr(arg);
    const candidates = valuesCandidates(await chartFiles(chart));
    if (candidates.length === 0) {
        void vscode.window.showInformationMessage(
            'chartwright: this chart has no values files besides values.yaml (looked for values*.yaml and ci/*.yaml).',
        );
        return;
    }
    const chosen = rememberedChoice(choices.get(chart), candidates);
    const picked = await vscode.window.showQuickPick(
        candidates.map((file) => ({ label: file, picked: chosen.includes(file) })),
        { canPickMany: true, title: 'Values files for the preview (values.yaml is always read)' },
    );
    if (picked === undefined) {
        return;
    }
    await choices.set(
        chart,
        picked.map((p) => p.label),
    );
    provider.refresh(previewUri(chart));
}

/** chartFromPreviewOr is the chart of the active preview, else the chart the command's argument or editor belongs to. */
async function chartFromPreviewOr(arg: unknown): Promise<vscode.Uri> {
    const active = vscode.window.activeTextEditor?.document.uri;
    if (!(arg instanceof vscode.Uri) && active?.scheme === previewScheme) {
        return chartOfPreview(active);
    }
    return chartForCommand(arg);
}

async function goToTemplateLine(
    provider: PreviewProvider,
    sourceColumns: Map<string, vscode.ViewColumn>,
): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.document.uri.scheme !== previewScheme) {
        throw new Error('Go to Template Line works in a rendered-manifest preview');
    }
    const line = editor.selection.active.line;
    const target = provider.templateLineOf(editor.document.uri, line);
    if (!target) {
        void vscode.window.showInformationMessage(
            `chartwright: line ${line + 1} of the preview comes from no template line.`,
        );
        return;
    }
    await showTemplateLine(target, sourceColumns.get(editor.document.uri.toString()), false);
}

/** followClick shows the template line of a line clicked in a preview, keeping the focus in the preview. */
function followClick(
    provider: PreviewProvider,
    e: vscode.TextEditorSelectionChangeEvent,
    sourceColumns: Map<string, vscode.ViewColumn>,
): void {
    const preview = e.textEditor.document.uri;
    if (preview.scheme !== previewScheme || e.kind !== vscode.TextEditorSelectionChangeKind.Mouse) {
        return;
    }
    const selection = e.selections[0];
    if (!selection || !selection.isEmpty) {
        return;
    }
    const target = provider.templateLineOf(preview, selection.active.line);
    if (target) {
        showTemplateLine(target, sourceColumns.get(preview.toString()), true).catch((err) => {
            void vscode.window.showErrorMessage(`chartwright: ${errorMessage(err)}`);
        });
    }
}

async function showTemplateLine(
    target: TemplateLine,
    column: vscode.ViewColumn | undefined,
    preserveFocus: boolean,
): Promise<void> {
    const line = new vscode.Range(target.line - 1, 0, target.line - 1, 0);
    await vscode.window.showTextDocument(vscode.Uri.parse(target.uri), {
        viewColumn: column ?? vscode.ViewColumn.One,
        selection: line,
        preserveFocus,
        preview: true,
    });
}
