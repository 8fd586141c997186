// `npm run build [-- --clean]`: builds what the console runs from into dist/, redoing only what
// changed since the last build:
// - main process: tsc in build mode with --incremental (dist/main, dist/shared, dist/issuer-api,
//   dist/sandbox; its .tsbuildinfo lives in dist/), then compiled files whose source is gone are
//   deleted;
// - the sandboxed preload (one CommonJS bundle) and the renderer: Vite, skipped while the stamp of
//   its last build holds (content of every file it read, its config, these scripts; outputs present).
// --clean, or a package-lock.json other than the one dist/ was built with, starts from an empty dist/.
// --main builds only the main process (for the command-line tools and benches that run from dist/).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compiledFiles, filesUnder, pruneOrphans, stampOutputs, staleReason, writeStamp } from './lib/incremental.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(root, 'dist');
const STAMPS = join(DIST, '.stamps');
/** Changing how we build invalidates every Vite stamp. */
const BUILD_SCRIPTS = [fileURLToPath(import.meta.url), fileURLToPath(new URL('lib/incremental.mjs', import.meta.url))];
const VITE_STEPS = [
  { name: 'preload', configFile: 'vite.preload.config.ts' },
  { name: 'renderer', configFile: 'vite.config.ts' },
];

/**
 * Builds dist/; resolves to a one-line summary of what ran, rejects when a step fails.
 * `log` receives progress (run-built sends it to stderr, keeping a tool's stdout its own).
 */
export async function build({ clean = false, mainOnly = false, log = console.log } = {}) {
  const dependencies = join(STAMPS, 'dependencies.json');
  // No dependencies stamp: a dist/ from before stamps, or a half-done clean build.
  const reason = clean ? '--clean' : staleReason(root, dependencies);
  if (reason) {
    log(`build: from scratch (${reason})`);
    rmSync(DIST, { recursive: true, force: true });
  }
  const [main, vite] = await Promise.allSettled([buildMain(log), mainOnly ? [] : buildViteSteps(log)]);
  if (main.status === 'rejected') throw main.reason;
  if (vite.status === 'rejected') throw vite.reason;
  writeStamp(root, dependencies, { inputs: ['package-lock.json'], outputs: [] });
  return [main.value, ...vite.value].join(', ');
}

/**
 * The main process: skipped while its stamp holds; otherwise tsc, which recompiles only what
 * changed (its .tsbuildinfo), then compiled files whose source is gone are deleted.
 */
async function buildMain(log) {
  const stamp = join(STAMPS, 'main.json');
  const { parts, inputs } = mainSources();
  const reason = staleReason(root, stamp, { inputs });
  if (!reason) return 'main unchanged';
  // tsc trusts its .tsbuildinfo even when an output was deleted by hand: then compile everything.
  const force = stampOutputs(root, stamp).some((file) => !existsSync(file));
  log(`build: main (${reason})`);
  const started = performance.now();
  await tsc(['-b', 'main/tsconfig.json', '--incremental', ...(force ? ['--force'] : [])]);
  const pruned = pruneOrphans(root, DIST, parts);
  writeStamp(root, stamp, { inputs, outputs: compiledFiles(DIST, parts) });
  return `main ${seconds(started)}${pruned.length ? ` (${pruned.length} stale files removed)` : ''}`;
}

/**
 * What the main build reads: the folders its tsconfig includes (each compiled to dist/<folder>),
 * and as inputs every TypeScript file in them, the configs and these scripts.
 */
function mainSources() {
  const tsconfig = join(root, 'main/tsconfig.json');
  let include;
  try {
    // tsconfig allows comments; ours are whole lines.
    include = JSON.parse(readFileSync(tsconfig, 'utf8').replace(/^\s*\/\/.*$/gm, '')).include;
  } catch (error) {
    throw new Error(`build: cannot read the include list of main/tsconfig.json (${error.message})`);
  }
  const parts = include.map((pattern) => relative(root, join(root, 'main', pattern.split('/**')[0])));
  const sources = parts.flatMap((part) => filesUnder(join(root, part)).filter((file) => /\.tsx?$/.test(file)));
  return { parts, inputs: [...sources, tsconfig, join(root, 'tsconfig.base.json'), ...BUILD_SCRIPTS] };
}

/** Deletes main's compiled files whose source is gone (for `npm run dev`, whose tsc watch emits them). */
export function pruneMain() {
  return pruneOrphans(root, DIST, mainSources().parts);
}

/** tsc with compiler messages on stderr. */
function tsc(args) {
  const compiler = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [compiler, ...args], { cwd: root, stdio: ['ignore', 2, 2] });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`build main: tsc failed (exit ${code})`))));
  });
}

/** The Vite steps, one after another (they run beside tsc, which has a core of its own). */
async function buildViteSteps(log) {
  const done = [];
  for (const step of VITE_STEPS) {
    const stamp = join(STAMPS, `${step.name}.json`);
    const reason = staleReason(root, stamp);
    if (!reason) {
      done.push(`${step.name} unchanged`);
      continue;
    }
    log(`build: ${step.name} (${reason})`);
    const started = performance.now();
    const { inputs, outputs } = await viteBuild(step.configFile);
    writeStamp(root, stamp, { inputs: [...inputs, step.configFile, ...BUILD_SCRIPTS], outputs });
    done.push(`${step.name} ${seconds(started)}`);
  }
  return done;
}

/** One Vite build in this process; returns the project files it read and the files it wrote. */
async function viteBuild(configFile) {
  const { build: vite } = await import('vite');
  const nodeEnv = process.env.NODE_ENV;
  const record = { inputs: [], outputs: [] };
  try {
    await vite({
      configFile: join(root, configFile),
      logLevel: 'warn',
      plugins: [
        {
          name: 'record-inputs-and-outputs',
          buildEnd() {
            record.inputs = [...this.getModuleIds()];
          },
          writeBundle(options, bundle) {
            record.outputs = Object.keys(bundle).map((file) => join(options.dir, file));
          },
        },
      ],
    });
  } finally {
    // Vite sets NODE_ENV=production for its build; what we start afterwards must not inherit it.
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  // Virtual modules and query suffixes are not files; dependencies are covered by package-lock.json.
  const files = record.inputs
    .map((id) => id.replace(/\?.*$/, ''))
    .filter((id) => id.startsWith(root) && !/[\\/]node_modules[\\/]/.test(id));
  // Each part's tsconfig.json steers how Vite transforms its files.
  const tsconfigs = [...new Set(files.map((file) => relative(root, file).split(sep)[0]))]
    .map((part) => join(root, part, 'tsconfig.json'))
    .filter((file) => existsSync(file));
  return { inputs: [...files, ...tsconfigs, join(root, 'tsconfig.base.json')], outputs: record.outputs };
}

const seconds = (started) => `${((performance.now() - started) / 1000).toFixed(1)} s`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  try {
    const summary = await build({ clean: process.argv.includes('--clean'), mainOnly: process.argv.includes('--main') });
    console.log(`build: dist/ is ready in ${seconds(started)} (${summary})`);
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}
