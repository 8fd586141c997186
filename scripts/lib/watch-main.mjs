// `npm run dev`'s compiler, in a worker thread so that the dev server stays responsive while it
// works: tsc's watch over main/tsconfig.json, incremental into dist/ like `npm run build`. The
// program stays in memory, so a change recompiles in about a second. After each compile that wrote
// JavaScript it posts { files, errors, changedAt } (changedAt: when the change was seen, epoch ms).
import { parentPort } from 'node:worker_threads';
import ts from 'typescript';

const formatHost = { getCanonicalFileName: (file) => file, getCurrentDirectory: ts.sys.getCurrentDirectory, getNewLine: () => ts.sys.newLine };
let wrote = 0;
let changedAt = Date.now();

const watchHost = ts.createWatchCompilerHost(
  'main/tsconfig.json',
  { incremental: true },
  ts.sys,
  ts.createEmitAndSemanticDiagnosticsBuilderProgram,
  (diagnostic) => console.error(ts.formatDiagnosticsWithColorAndContext([diagnostic], formatHost)),
  (_diagnostic, _newLine, _options, errors) => {
    // Only the end-of-compile summary carries an error count; the others start a compile.
    if (errors === undefined) {
      changedAt = Date.now();
      return;
    }
    if (errors > 0) console.log(`dev: main has ${errors} type error${errors > 1 ? 's' : ''} (above)`);
    if (wrote > 0) parentPort.postMessage({ files: wrote, errors, changedAt });
    wrote = 0;
  },
  // Editors and git replace a file rather than write into it: watch folders, not files.
  { watchFile: ts.WatchFileKind.UseFsEventsOnParentDirectory },
);
const writeFile = watchHost.writeFile;
watchHost.writeFile = (path, ...rest) => {
  if (/\.[cm]?js$/.test(path)) wrote += 1;
  writeFile(path, ...rest);
};
ts.createWatchProgram(watchHost);
