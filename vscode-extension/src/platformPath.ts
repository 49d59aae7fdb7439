// The path functions of a given platform, so that pure modules can be tested
// for Windows paths on any machine.
import * as path from 'path';

export function pathApi(platform: NodeJS.Platform): path.PlatformPath {
    return platform === 'win32' ? path.win32 : path.posix;
}
