// What an incremental build decides: whether a step's inputs changed since it last ran, and which
// compiled files no longer have a source. Pure file-system logic, so a unit test can drive it.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';

/** Bumped when a stamp's meaning changes, so stamps written by an older build script never match. */
const STAMP_VERSION = 1;

/**
 * Records what a build step read and wrote: each input's content hash (content, not mtime: a
 * checkout or a touch that changes nothing rebuilds nothing) and the list of outputs.
 * Paths are kept relative to `root`.
 */
export function writeStamp(root, stampFile, { inputs, outputs }) {
  const rel = (path) => relativeTo(root, path);
  const stamp = {
    version: STAMP_VERSION,
    inputs: Object.fromEntries([...new Set(inputs.map(rel))].sort().map((path) => [path, hashOf(join(root, path))])),
    outputs: [...new Set(outputs.map(rel))].sort(),
  };
  mkdirSync(dirname(stampFile), { recursive: true });
  writeFileSync(stampFile, `${JSON.stringify(stamp, null, 1)}\n`);
}

/**
 * Why the step must run again (e.g. `renderer/App.tsx changed`), or null when its stamp still holds.
 * `inputs`, when the step knows them before running: a file among them that the stamp lacks is new.
 */
export function staleReason(root, stampFile, { inputs } = {}) {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(stampFile, 'utf8'));
  } catch {
    return 'never built';
  }
  if (stamp?.version !== STAMP_VERSION || typeof stamp.inputs !== 'object' || !Array.isArray(stamp.outputs)) {
    return 'stamp from another build script';
  }
  const missing = stamp.outputs.find((path) => !existsSync(join(root, path)));
  if (missing) return `${missing} is missing`;
  const added = inputs?.map((path) => relativeTo(root, path)).find((path) => !(path in stamp.inputs));
  if (added) return `${added} is new`;
  for (const [path, hash] of Object.entries(stamp.inputs)) {
    const now = hashOf(join(root, path));
    if (now === null) return `${path} was deleted`;
    if (now !== hash) return `${path} changed`;
  }
  return null;
}

/** The outputs a stamp lists (absolute paths); none without a stamp. */
export function stampOutputs(root, stampFile) {
  try {
    return JSON.parse(readFileSync(stampFile, 'utf8')).outputs.map((path) => join(root, path));
  } catch {
    return [];
  }
}

/** Every file under `dir` (absolute paths); none when it does not exist. */
export function filesUnder(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

const COMPILED = /\.([cm]?)js(\.map)?$/;

/** The compiler's outputs (.js, .mjs, .cjs and their maps) in outDir/<part> for each of `parts`. */
export function compiledFiles(outDir, parts) {
  return parts.flatMap((part) => filesUnder(join(outDir, part))).filter((file) => COMPILED.test(file));
}

/**
 * Deletes compiled files in outDir/<part> whose TypeScript source root/<part>/… is gone (moved or
 * deleted since the last build), so an incremental build leaves what a clean one would.
 * Returns the deleted paths.
 */
export function pruneOrphans(root, outDir, parts) {
  const deleted = [];
  for (const file of compiledFiles(outDir, parts)) {
    const [suffix, module] = COMPILED.exec(file);
    const base = join(root, relative(outDir, file)).slice(0, -suffix.length);
    const sources = module ? [`${base}.${module}ts`] : [`${base}.ts`, `${base}.tsx`];
    if (sources.some((source) => existsSync(source))) continue;
    rmSync(file);
    deleted.push(file);
    // A folder emptied by a move goes too, as it would after a clean build.
    if (readdirSync(dirname(file)).length === 0) rmdirSync(dirname(file));
  }
  return deleted;
}

/** A file's content hash, or null when it does not exist. */
function hashOf(path) {
  try {
    return createHash('sha256').update(readFileSync(path)).digest('base64url');
  } catch {
    return null;
  }
}

/** A path as stamps keep it: relative to the project, with / separators. */
const relativeTo = (root, path) => (isAbsolute(path) ? relative(root, path) : path).split(sep).join('/');
