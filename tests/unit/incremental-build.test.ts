import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pruneOrphans, staleReason, stampOutputs, writeStamp } from '../../scripts/lib/incremental.mjs';

// The decisions behind `npm run build`'s skips, on a real folder: a step runs again exactly when
// something it read or wrote is not what its stamp recorded.
describe('incremental build', () => {
  let root: string;
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  const stamp = () => join(root, 'dist/.stamps/step.json');

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'incremental-build-'));
    write('src/a.ts', 'export const a = 1;\n');
    write('src/b.ts', 'export const b = 2;\n');
    write('dist/out.js', 'bundle');
    writeStamp(root, stamp(), { inputs: ['src/a.ts', join(root, 'src/b.ts')], outputs: [join(root, 'dist/out.js')] });
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('holds while nothing changed, even when a file is rewritten with the same content', () => {
    expect(staleReason(root, stamp())).toBeNull();
    write('src/a.ts', 'export const a = 1;\n');
    utimesSync(join(root, 'src/a.ts'), new Date(), new Date(Date.now() + 60_000));
    expect(staleReason(root, stamp())).toBeNull();
    expect(stampOutputs(root, stamp())).toEqual([join(root, 'dist/out.js')]);
  });

  it('names the input whose content changed, or that was deleted', () => {
    write('src/b.ts', 'export const b = 3;\n');
    expect(staleReason(root, stamp())).toBe('src/b.ts changed');
    rmSync(join(root, 'src/a.ts'));
    expect(staleReason(root, stamp())).toBe('src/a.ts was deleted');
  });

  it('sees a new input among those the step says it will read', () => {
    write('src/c.ts', 'export const c = 3;\n');
    const inputs = ['src/a.ts', 'src/b.ts', 'src/c.ts'].map((path) => join(root, path));
    expect(staleReason(root, stamp(), { inputs })).toBe('src/c.ts is new');
    expect(staleReason(root, stamp(), { inputs: inputs.slice(0, 2) })).toBeNull();
  });

  it('runs again when an output is gone, when never built, or after another stamp format', () => {
    rmSync(join(root, 'dist/out.js'));
    expect(staleReason(root, stamp())).toBe('dist/out.js is missing');
    expect(staleReason(root, join(root, 'dist/.stamps/other.json'))).toBe('never built');
    writeFileSync(stamp(), JSON.stringify({ version: 0, inputs: {}, outputs: [] }));
    expect(staleReason(root, stamp())).toBe('stamp from another build script');
    writeFileSync(stamp(), '{ not json');
    expect(staleReason(root, stamp())).toBe('never built');
  });

  it('prunes compiled files whose source is gone, and only in the compiler\'s folders', () => {
    write('main/kept.ts', '');
    write('main/mod.mts', '');
    for (const file of ['kept.js', 'kept.js.map', 'mod.mjs', 'moved/old.js', 'moved/old.js.map', 'gone.cjs', 'tsconfig.tsbuildinfo']) {
      write(`dist/main/${file}`, '');
    }
    write('dist/renderer/assets/index-abc.js', '');

    const deleted = pruneOrphans(root, join(root, 'dist'), ['main']);

    expect(deleted.map((file) => file.slice(root.length + 1)).sort()).toEqual(
      ['dist/main/gone.cjs', 'dist/main/moved/old.js', 'dist/main/moved/old.js.map'].map((path) => join(path)),
    );
    expect(readdirSync(join(root, 'dist/main')).sort()).toEqual(['kept.js', 'kept.js.map', 'mod.mjs', 'tsconfig.tsbuildinfo']);
    expect(existsSync(join(root, 'dist/renderer/assets/index-abc.js'))).toBe(true);
  });
});
