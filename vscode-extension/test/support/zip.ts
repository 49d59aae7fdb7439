// Reading a .zip (a .vsix is one) without a dependency: the central directory
// lists the entries, and each entry is stored or deflated.
import * as zlib from 'zlib';

export interface ZipEntry {
    name: string;
    size: number;
    /** read returns the entry's uncompressed bytes. */
    read(): Buffer;
}

const endOfDirectorySignature = 0x06054b50;
const directoryEntrySignature = 0x02014b50;
const localHeaderSignature = 0x04034b50;

export function readZip(zip: Buffer): ZipEntry[] {
    const end = findEndOfDirectory(zip);
    const count = zip.readUInt16LE(end + 10);
    let at = zip.readUInt32LE(end + 16);
    const entries: ZipEntry[] = [];
    for (let i = 0; i < count; i++) {
        if (zip.readUInt32LE(at) !== directoryEntrySignature) {
            throw new Error(`zip: no central directory entry at ${at}`);
        }
        const method = zip.readUInt16LE(at + 10);
        const compressedSize = zip.readUInt32LE(at + 20);
        const size = zip.readUInt32LE(at + 24);
        const nameLength = zip.readUInt16LE(at + 28);
        const extraLength = zip.readUInt16LE(at + 30);
        const commentLength = zip.readUInt16LE(at + 32);
        const localHeader = zip.readUInt32LE(at + 42);
        const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
        entries.push({ name, size, read: () => entryData(zip, localHeader, method, compressedSize) });
        at += 46 + nameLength + extraLength + commentLength;
    }
    return entries;
}

function findEndOfDirectory(zip: Buffer): number {
    for (let at = zip.length - 22; at >= Math.max(0, zip.length - 22 - 0xffff); at--) {
        if (zip.readUInt32LE(at) === endOfDirectorySignature) {
            return at;
        }
    }
    throw new Error('zip: no end of central directory');
}

function entryData(zip: Buffer, localHeader: number, method: number, compressedSize: number): Buffer {
    if (zip.readUInt32LE(localHeader) !== localHeaderSignature) {
        throw new Error(`zip: no local header at ${localHeader}`);
    }
    const start = localHeader + 30 + zip.readUInt16LE(localHeader + 26) + zip.readUInt16LE(localHeader + 28);
    const data = zip.subarray(start, start + compressedSize);
    if (method === 0) {
        return data;
    }
    if (method === 8) {
        return zlib.inflateRawSync(data);
    }
    throw new Error(`zip: compression method ${method} is not supported`);
}
