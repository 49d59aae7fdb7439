// Makes `require('vscode')` load the hand-written stub in ./vscode, so that
// the extension's modules run in Node. Import this before any module that
// imports vscode.
import Module = require('module');

const stubPath = require.resolve('./vscode');
type Resolve = (request: string, ...rest: unknown[]) => string;
const moduleInternals = Module as unknown as { _resolveFilename: Resolve };
const original = moduleInternals._resolveFilename;
moduleInternals._resolveFilename = function (this: unknown, request: string, ...rest: unknown[]): string {
    return request === 'vscode' ? stubPath : original.call(this, request, ...rest);
};
