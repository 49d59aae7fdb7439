// A small stand-in for the `vscode` module: the part of the API the extension
// uses, with a `stub` object through which tests play the user (answers to
// prompts), fire events and read what the extension did. Files are read from
// the real file system, so tests use charts in temporary folders.
import * as fs from 'fs';

// ---- values ----

export class Uri {
    private constructor(
        readonly scheme: string,
        readonly authority: string,
        readonly path: string,
        readonly query: string,
        readonly fragment: string,
    ) {}

    static file(fsPath: string): Uri {
        return new Uri('file', '', fsPath, '', '');
    }

    static parse(value: string): Uri {
        const url = new URL(value);
        const scheme = url.protocol.slice(0, -1);
        return new Uri(
            scheme,
            url.host,
            decodeURIComponent(url.pathname),
            decodeURIComponent(url.search.slice(1)),
            decodeURIComponent(url.hash.slice(1)),
        );
    }

    static from(parts: { scheme: string; authority?: string; path?: string; query?: string; fragment?: string }): Uri {
        return new Uri(parts.scheme, parts.authority ?? '', parts.path ?? '', parts.query ?? '', parts.fragment ?? '');
    }

    static joinPath(base: Uri, ...segments: string[]): Uri {
        const joined = require('path').posix.join(base.path, ...segments) as string;
        return base.with({ path: joined });
    }

    get fsPath(): string {
        return this.path;
    }

    with(change: { scheme?: string; path?: string; query?: string }): Uri {
        return new Uri(
            change.scheme ?? this.scheme,
            this.authority,
            change.path ?? this.path,
            change.query ?? this.query,
            this.fragment,
        );
    }

    toString(): string {
        const encodedPath = this.path.split('/').map(encodeURIComponent).join('/');
        const query = this.query === '' ? '' : `?${encodeURIComponent(this.query)}`;
        return `${this.scheme}://${this.authority}${encodedPath}${query}`;
    }

    toJSON(): string {
        return this.toString();
    }
}

export class Position {
    constructor(
        readonly line: number,
        readonly character: number,
    ) {}
}

export class Range {
    readonly start: Position;
    readonly end: Position;
    constructor(startLine: number, startCharacter: number, endLine: number, endCharacter: number) {
        this.start = new Position(startLine, startCharacter);
        this.end = new Position(endLine, endCharacter);
    }
    get isEmpty(): boolean {
        return this.start.line === this.end.line && this.start.character === this.end.character;
    }
}

export class Selection extends Range {
    get active(): Position {
        return this.end;
    }
}

export class ThemeColor {
    constructor(readonly id: string) {}
}

export class Disposable {
    constructor(private readonly onDispose: () => void) {}
    dispose(): void {
        this.onDispose();
    }
}

type Listener<T> = (e: T) => unknown;

export class EventEmitter<T> {
    private listeners: Listener<T>[] = [];
    readonly event = (listener: Listener<T>): Disposable => {
        this.listeners.push(listener);
        return new Disposable(() => {
            this.listeners = this.listeners.filter((l) => l !== listener);
        });
    };
    fire(e: T): void {
        for (const l of [...this.listeners]) {
            l(e);
        }
    }
    dispose(): void {
        this.listeners = [];
    }
}

export enum StatusBarAlignment {
    Left = 1,
    Right = 2,
}

export enum ViewColumn {
    Active = -1,
    Beside = -2,
    One = 1,
    Two = 2,
}

export enum TextEditorSelectionChangeKind {
    Keyboard = 1,
    Mouse = 2,
    Command = 3,
}

export enum ProgressLocation {
    Notification = 15,
}

export enum FileType {
    Unknown = 0,
    File = 1,
    Directory = 2,
    SymbolicLink = 64,
}

// ---- documents and editors ----

export class StubDocument {
    constructor(
        readonly uri: Uri,
        public languageId: string,
        public text: string,
    ) {}
    getText(): string {
        return this.text;
    }
    get lineCount(): number {
        return this.text.split('\n').length;
    }
    lineAt(line: number): { text: string; range: Range } {
        const text = this.text.split('\n')[line] ?? '';
        return { text, range: new Range(line, 0, line, text.length) };
    }
}

export class StubEditor {
    selection = new Selection(0, 0, 0, 0);
    constructor(
        readonly document: StubDocument,
        readonly viewColumn: ViewColumn,
    ) {}
    get selections(): Selection[] {
        return [this.selection];
    }
}

// ---- what tests control and observe ----

interface ContentProvider {
    provideTextDocumentContent(uri: Uri): Promise<string> | string;
    onDidChange?: (listener: (uri: Uri) => void) => Disposable;
}

export interface Message {
    kind: 'error' | 'info' | 'warning';
    text: string;
    items: string[];
}

export interface Shown {
    uri: string;
    options: { viewColumn?: ViewColumn; preserveFocus?: boolean; selection?: Range; preview?: boolean };
}

type Answer<Q> = (question: Q) => unknown;

function createStubState() {
    return {
        commands: new Map<string, (...args: unknown[]) => unknown>(),
        /** Commands executed that nobody registered (VS Code's own), with their arguments. */
        executed: [] as { command: string; args: unknown[] }[],
        messages: [] as Message[],
        shown: [] as Shown[],
        clipboard: '',
        statusItems: [] as StubStatusBarItem[],
        outputLines: [] as string[],
        outputShown: 0,
        /** Settings by section.key, for everything, and per workspace folder URI. */
        settings: {} as Record<string, unknown>,
        folderSettings: new Map<string, Record<string, unknown>>(),
        workspaceFolders: undefined as { uri: Uri; name: string; index: number }[] | undefined,
        documents: [] as StubDocument[],
        activeTextEditor: undefined as StubEditor | undefined,
        contentProviders: new Map<string, ContentProvider>(),
        definitionProviders: [] as { selector: unknown; provider: unknown }[],
        languageChanges: [] as { uri: string; languageId: string }[],
        /** Answers to the next prompts, in order: each gets the question and returns the user's answer. */
        answers: {
            message: [] as Answer<Message>[],
            quickPick: [] as Answer<{ items: unknown[]; options: unknown }>[],
            openDialog: [] as Answer<unknown>[],
            inputBox: [] as Answer<unknown>[],
        },
        pending: new Set<Promise<unknown>>(),
        events: {
            changeTextDocument: new EventEmitter<{ document: StubDocument }>(),
            saveTextDocument: new EventEmitter<StubDocument>(),
            openTextDocument: new EventEmitter<StubDocument>(),
            closeTextDocument: new EventEmitter<StubDocument>(),
            changeConfiguration: new EventEmitter<{ affectsConfiguration(section: string): boolean }>(),
            changeSelection: new EventEmitter<{
                textEditor: StubEditor;
                selections: Selection[];
                kind: TextEditorSelectionChangeKind;
            }>(),
        },
    };
}

export let stub = createStubState();

/** resetStub forgets everything a previous test did. */
export function resetStub(): void {
    stub = createStubState();
}

/** idle waits until every document update the stub started has finished. */
export async function idle(): Promise<void> {
    while (stub.pending.size > 0) {
        await Promise.all([...stub.pending]);
    }
    await new Promise((resolve) => setImmediate(resolve));
}

/**
 * settled waits until condition holds, for work the stub cannot track (file
 * system calls of fire-and-forget listeners); it gives up after many turns.
 */
export async function settled(condition: () => boolean): Promise<void> {
    for (let turn = 0; turn < 1000 && !condition(); turn++) {
        await new Promise((resolve) => setTimeout(resolve, 1));
    }
}

function track<T>(promise: Promise<T>): Promise<T> {
    stub.pending.add(promise);
    void promise.finally(() => stub.pending.delete(promise)).catch(() => undefined);
    return promise;
}

function nextAnswer<Q>(queue: Answer<Q>[], question: Q): unknown {
    const answer = queue.shift();
    return answer ? answer(question) : undefined;
}

/** fireConfigurationChange tells listeners that the named settings changed. */
export function fireConfigurationChange(...changed: string[]): void {
    stub.events.changeConfiguration.fire({
        affectsConfiguration: (section) => changed.some((c) => c === section || c.startsWith(`${section}.`)),
    });
}

// ---- namespaces ----

class StubStatusBarItem {
    text = '';
    tooltip: string | undefined;
    command: string | undefined;
    name: string | undefined;
    backgroundColor: ThemeColor | undefined;
    visible = false;
    constructor(
        readonly id: string,
        readonly alignment: StatusBarAlignment,
    ) {}
    show(): void {
        this.visible = true;
    }
    hide(): void {
        this.visible = false;
    }
    dispose(): void {
        this.visible = false;
    }
}

function outputChannel(name: string) {
    const log = (level: string) => (message: string) => stub.outputLines.push(`[${level}] ${message}`);
    return {
        name,
        info: log('info'),
        warn: log('warn'),
        error: log('error'),
        debug: log('debug'),
        trace: log('trace'),
        appendLine: log('line'),
        append: log('text'),
        show: () => {
            stub.outputShown++;
        },
        clear: () => undefined,
        hide: () => undefined,
        dispose: () => undefined,
    };
}

function message(kind: Message['kind']) {
    return async (text: string, ...items: unknown[]): Promise<unknown> => {
        const m: Message = { kind, text, items: items.filter((i): i is string => typeof i === 'string') };
        stub.messages.push(m);
        return nextAnswer(stub.answers.message, m);
    };
}

async function showTextDocument(target: StubDocument | Uri, options: Shown['options'] = {}): Promise<StubEditor> {
    const doc = target instanceof Uri ? await workspace.openTextDocument(target) : target;
    stub.shown.push({ uri: doc.uri.toString(), options });
    const editor = new StubEditor(doc, options.viewColumn ?? ViewColumn.One);
    if (options.selection) {
        const s = options.selection;
        editor.selection = new Selection(s.start.line, s.start.character, s.end.line, s.end.character);
    }
    if (!options.preserveFocus) {
        stub.activeTextEditor = editor;
    }
    return editor;
}

export const window = {
    get activeTextEditor() {
        return stub.activeTextEditor;
    },
    createOutputChannel: outputChannel,
    createStatusBarItem(id: string, alignment: StatusBarAlignment): StubStatusBarItem {
        const item = new StubStatusBarItem(id, alignment);
        stub.statusItems.push(item);
        return item;
    },
    showErrorMessage: message('error'),
    showWarningMessage: message('warning'),
    showInformationMessage: message('info'),
    async showQuickPick(items: unknown[], options: unknown): Promise<unknown> {
        return nextAnswer(stub.answers.quickPick, { items, options });
    },
    async showOpenDialog(options: unknown): Promise<unknown> {
        return nextAnswer(stub.answers.openDialog, options);
    },
    async showInputBox(options: unknown): Promise<unknown> {
        return nextAnswer(stub.answers.inputBox, options);
    },
    showTextDocument,
    async withProgress<T>(_options: unknown, task: (progress: unknown, token: unknown) => Promise<T>): Promise<T> {
        return task({ report: () => undefined }, { isCancellationRequested: false });
    },
    onDidChangeTextEditorSelection: (l: Listener<unknown>) => stub.events.changeSelection.event(l),
};

function settingsFor(scope: Uri | undefined): Record<string, unknown> {
    const folder = scope ? workspace.getWorkspaceFolder(scope) : undefined;
    const own = folder ? stub.folderSettings.get(folder.uri.toString()) : undefined;
    return { ...stub.settings, ...own };
}

export const workspace = {
    get workspaceFolders() {
        return stub.workspaceFolders;
    },
    get textDocuments() {
        return stub.documents;
    },
    getWorkspaceFolder(uri: Uri) {
        return stub.workspaceFolders?.find((f) => uri.path === f.uri.path || uri.path.startsWith(`${f.uri.path}/`));
    },
    getConfiguration(section: string, scope?: Uri) {
        const values = settingsFor(scope);
        return {
            get: <T>(key: string, fallback?: T): T | undefined => {
                const value = values[`${section}.${key}`];
                return value === undefined ? fallback : (value as T);
            },
        };
    },
    fs: {
        async stat(uri: Uri) {
            const s = await fs.promises.stat(uri.fsPath);
            return { type: s.isDirectory() ? FileType.Directory : FileType.File, size: s.size };
        },
        async readDirectory(uri: Uri): Promise<[string, FileType][]> {
            const entries = await fs.promises.readdir(uri.fsPath, { withFileTypes: true });
            return entries.map((e) => [e.name, e.isDirectory() ? FileType.Directory : FileType.File]);
        },
    },
    async openTextDocument(uri: Uri): Promise<StubDocument> {
        const open = stub.documents.find((d) => d.uri.toString() === uri.toString());
        if (open) {
            return open;
        }
        const provider = stub.contentProviders.get(uri.scheme);
        const text = provider ? await provider.provideTextDocumentContent(uri) : fs.readFileSync(uri.fsPath, 'utf8');
        const languageId = uri.path.endsWith('.yaml') ? 'yaml' : 'plaintext';
        const doc = new StubDocument(uri, languageId, text);
        stub.documents.push(doc);
        stub.events.openTextDocument.fire(doc);
        return doc;
    },
    registerTextDocumentContentProvider(scheme: string, provider: ContentProvider): Disposable {
        stub.contentProviders.set(scheme, provider);
        const subscription = provider.onDidChange?.((uri) => {
            const doc = stub.documents.find((d) => d.uri.toString() === uri.toString());
            if (doc) {
                track(
                    Promise.resolve(provider.provideTextDocumentContent(uri)).then((text) => {
                        doc.text = text;
                    }),
                );
            }
        });
        return new Disposable(() => {
            subscription?.dispose();
            stub.contentProviders.delete(scheme);
        });
    },
    onDidChangeTextDocument: (l: Listener<unknown>) => stub.events.changeTextDocument.event(l),
    onDidSaveTextDocument: (l: Listener<unknown>) => stub.events.saveTextDocument.event(l),
    onDidOpenTextDocument: (l: Listener<unknown>) => stub.events.openTextDocument.event(l),
    onDidCloseTextDocument: (l: Listener<unknown>) => stub.events.closeTextDocument.event(l),
    onDidChangeConfiguration: (l: Listener<unknown>) => stub.events.changeConfiguration.event(l),
};

export const languages = {
    registerDefinitionProvider(selector: unknown, provider: unknown): Disposable {
        stub.definitionProviders.push({ selector, provider });
        return new Disposable(() => undefined);
    },
    async setTextDocumentLanguage(doc: StubDocument, languageId: string): Promise<StubDocument> {
        stub.languageChanges.push({ uri: doc.uri.toString(), languageId });
        doc.languageId = languageId;
        return doc;
    },
};

export const commands = {
    registerCommand(id: string, handler: (...args: unknown[]) => unknown): Disposable {
        if (stub.commands.has(id)) {
            throw new Error(`command '${id}' already exists`);
        }
        stub.commands.set(id, handler);
        return new Disposable(() => stub.commands.delete(id));
    },
    async executeCommand(id: string, ...args: unknown[]): Promise<unknown> {
        const handler = stub.commands.get(id);
        if (handler) {
            return handler(...args);
        }
        stub.executed.push({ command: id, args });
        return undefined;
    },
};

export const env = {
    clipboard: {
        async writeText(text: string): Promise<void> {
            stub.clipboard = text;
        },
    },
};
