// Keeping the helm language to chart templates. package.json gives helm to
// every file under a templates/ folder; a file that is no template of a chart
// (no Chart.yaml above it) goes back to yaml or plain text.
import * as vscode from 'vscode';
import { fallbackLanguage, isHelmTemplate } from './chartRoot';
import { chartOf } from './charts';

export function registerHelmLanguageCheck(): vscode.Disposable[] {
    for (const doc of vscode.workspace.textDocuments) {
        void checkHelmDocument(doc);
    }
    return [vscode.workspace.onDidOpenTextDocument((doc) => void checkHelmDocument(doc))];
}

/** checkHelmDocument gives a helm document that is no chart template its fallback language. */
export async function checkHelmDocument(doc: vscode.TextDocument): Promise<void> {
    if (doc.languageId !== 'helm' || doc.uri.scheme !== 'file') {
        return;
    }
    const chart = await chartOf(doc.uri);
    if (chart && isHelmTemplate(doc.uri.path, chart.path)) {
        return;
    }
    await vscode.languages.setTextDocumentLanguage(doc, fallbackLanguage(doc.uri.path));
}
