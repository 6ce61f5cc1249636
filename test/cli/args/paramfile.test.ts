import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultParamfileContext, loadParamfile, ParamfileError, type ParamfileContext } from '../../../src/cli/args/paramfile.js';

const files: Record<string, Buffer> = {
  '/home/u/a.txt': Buffer.from('A\r\nB\rC\n'),
  '/srv/b.bin': Buffer.from([0xff, 0x00]),
  '/srv/bom.txt': Buffer.from([0xef, 0xbb, 0xbf, 0x41]),
};
const ctx: ParamfileContext = {
  env: { HOME: '/home/u', DIR: '/srv' },
  readFile: (p) => {
    if (files[p]) return files[p]!;
    if (p === '/locked') throw Object.assign(new Error('x'), { code: 'EACCES' });
    throw Object.assign(new Error('x'), { code: 'ENOENT' });
  },
};

describe('loadParamfile', () => {
  it('reads file:// as text with universal newlines, fileb:// as bytes', () => {
    expect(loadParamfile('file://~/a.txt', ctx)).toBe('A\nB\nC\n');
    expect(loadParamfile('fileb://$DIR/b.bin', ctx)).toEqual(Buffer.from([0xff, 0x00]));
    expect(loadParamfile('file://${DIR}/bom.txt', ctx)).toBe('\ufeffA');
  });
  it('leaves other values (and other types) alone', () => {
    for (const v of ['hello', 'http://x', 'FILE://x', ' file://x', 5, undefined, ['file://x']]) {
      expect(loadParamfile(v, ctx)).toBeUndefined();
    }
  });
  it('words failures as the CLI does', () => {
    const msg = (v: string) => {
      try {
        loadParamfile(v, ctx);
      } catch (e) {
        expect(e).toBeInstanceOf(ParamfileError);
        return (e as Error).message;
      }
      return undefined;
    };
    expect(msg('file://x')).toBe("Unable to load paramfile file://x: [Errno 2] No such file or directory: 'x'");
    expect(msg('fileb:///locked')).toBe("Unable to load paramfile fileb:///locked: [Errno 13] Permission denied: '/locked'");
    expect(msg('file://$NOPE/x')).toBe("Unable to load paramfile file://$NOPE/x: [Errno 2] No such file or directory: '$NOPE/x'");
    expect(msg('file:///srv/b.bin')).toBe(
      'Unable to load paramfile (/srv/b.bin), text contents could not be decoded.  If this is a binary file, please use the fileb:// prefix instead of the file:// prefix.',
    );
  });
  it('reads the real file system by default', () => {
    const dir = mkdtempSync(join(tmpdir(), 'awsmsg-args-'));
    try {
      writeFileSync(join(dir, 'body.txt'), 'héllo');
      expect(loadParamfile(`file://${dir}/body.txt`, defaultParamfileContext())).toBe('héllo');
      expect(() => loadParamfile(`file://${dir}`, defaultParamfileContext())).toThrow(`[Errno 21] Is a directory: '${dir}'`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
