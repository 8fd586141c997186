import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The architecture, enforced on the source text. Five parts, each allowed to see only what is
 * below it:
 * - issuer-api/: the bank-facing contract; zod and node:crypto (the approval digest) only;
 * - shared/: the console<->renderer contract; zod and issuer-api/;
 * - sandbox/: the sandbox issuer, a server of its own; its packages and issuer-api/ only;
 * - main/: the console's main process; shared/, issuer-api/ and sandbox/ (training mode runs it
 *   in-process), but never sandbox/http/ (not packaged) and, outside host/, never main/host/;
 * - renderer/: itself, shared/, issuer-api/ and its UI packages (never Node, Electron or main/).
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CODE = /\.(?:[cm]?[jt]s|[jt]sx)$/;

type Layer = 'issuer-api' | 'shared' | 'sandbox' | 'main' | 'renderer';
const LAYERS: Layer[] = ['issuer-api', 'shared', 'sandbox', 'main', 'renderer'];

/** Every module specifier in a source text: static import/export-from, side-effect import, import(), require(). */
function importSpecifiers(source: string): string[] {
  const patterns = [
    // import x from 'a'; import { a, type B } from 'a'; import * as n from 'a'; import type X from 'a';
    // export { a } from 'a'; export * from 'a'; export * as n from 'a'; export type { A } from 'a'
    /(?:^|[^\w$.])(?:import|export)\s+(?:type\s+)?[\w$*{},\s]*?\bfrom\s*(['"])([^'"\n]+)\1/g,
    // import 'a' (side effects only)
    /(?:^|[^\w$.])import\s*(['"])([^'"\n]+)\1/g,
    // import('a'), require('a')
    /(?:^|[^\w$.])(?:import|require)\s*\(\s*(['"])([^'"\n]+)\1\s*\)/g,
  ];
  const found: string[] = [];
  for (const pattern of patterns) {
    for (const match of source.matchAll(pattern)) found.push(match[2] as string);
  }
  return found;
}

const RENDERER_PACKAGES = new Set(['react', 'react-dom', 'react-dom/client', 'react/jsx-runtime', '@tanstack/react-query']);

const isRelative = (specifier: string) => specifier.startsWith('./') || specifier.startsWith('../');

/** The top folder (relative to the project root) a relative specifier lands in, from a file at `file`. */
function targetFolder(root: string, file: string, specifier: string): string {
  const target = relative(root, resolve(dirname(file), specifier));
  if (target.startsWith('..')) return '(outside the project)';
  return target.split(sep)[0] ?? '';
}

/** Where a relative specifier lands, as a project-relative path with / separators. */
function targetPath(root: string, file: string, specifier: string): string {
  return relative(root, resolve(dirname(file), specifier)).split(sep).join('/');
}

/** What is wrong with one import of a file in `layer`, or null when it is allowed. */
function importViolation(root: string, layer: Layer, file: string, specifier: string): string | null {
  const relativeTarget = isRelative(specifier) ? targetFolder(root, file, specifier) : null;
  const landsIn = (...folders: string[]) => relativeTarget !== null && folders.includes(relativeTarget);
  switch (layer) {
    case 'issuer-api':
      if (specifier === 'zod' || specifier === 'node:crypto' || landsIn('issuer-api')) return null;
      return `issuer-api/ may import only zod, node:crypto and issuer-api/, not ${specifier}`;
    case 'shared':
      if (specifier === 'zod' || landsIn('shared', 'issuer-api')) return null;
      return `shared/ may import only zod, shared/ and issuer-api/, not ${specifier}`;
    case 'sandbox':
      if (relativeTarget === null || landsIn('sandbox', 'issuer-api')) return null;
      return `sandbox/ may import only packages, sandbox/ and issuer-api/, not ${specifier} (lands in ${relativeTarget})`;
    case 'renderer':
      if (landsIn('renderer', 'shared', 'issuer-api')) return null;
      if (relativeTarget === null && RENDERER_PACKAGES.has(specifier)) return null;
      return `renderer/ may not import ${specifier}`;
    case 'main': {
      if (relativeTarget === null) return null; // packages and node: builtins are main's to use
      if (!landsIn('main', 'shared', 'issuer-api', 'sandbox')) return `main/ may not import ${specifier} (lands in ${relativeTarget})`;
      const target = targetPath(root, file, specifier);
      if (target.startsWith('sandbox/http/')) return `main/ may not import the sandbox's HTTP server or CLI (${specifier}): they are not packaged`;
      const fromHost = relative(root, file).split(sep).slice(0, 2).join('/') === 'main/host';
      if (target.startsWith('main/host/') && !fromHost) return `main/ may not import the browser host (${specifier}): it is not packaged`;
      return null;
    }
  }
}

function checkSource(root: string, layer: Layer, file: string, source: string): string[] {
  return importSpecifiers(source)
    .map((specifier) => importViolation(root, layer, file, specifier))
    .filter((v): v is string => v !== null)
    .map((v) => `${relative(root, file)}: ${v}`);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && CODE.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((file) => !file.split(sep).includes('node_modules'));
}

function checkLayer(layer: Layer): { files: number; imports: number; violations: string[] } {
  const files = sourceFiles(join(ROOT, layer));
  let imports = 0;
  const violations: string[] = [];
  for (const file of files) {
    const source = readFileSync(file, 'utf8');
    imports += importSpecifiers(source).length;
    violations.push(...checkSource(ROOT, layer, file, source));
  }
  return { files: files.length, imports, violations };
}

describe('the checker itself', () => {
  const FAKE_ROOT = join(sep, 'proj');
  const at = (path: string) => join(FAKE_ROOT, ...path.split('/'));

  it('finds every kind of import and export specifier', () => {
    const source = [
      "import { z } from 'zod';",
      "import type { Result } from './result.js';",
      "import Default, { named, type T } from '../x/default.js';",
      "import * as ns from 'node:fs';",
      "import './styles.css';",
      'import {',
      '  a,',
      '  type B,',
      "} from '../../main/multi.js';",
      "export { thing } from './thing.js';",
      "export * from './star.js';",
      "export * as grouped from './grouped.js';",
      "export type { Only } from \"./types.js\";",
      "const lazy = await import('electron');",
      "const cjs = require('better-sqlite3');",
      "const notAnImport = 'from here';",
      'export const x = 1;',
    ].join('\n');
    expect(importSpecifiers(source).sort()).toEqual(
      [
        'zod',
        './result.js',
        '../x/default.js',
        'node:fs',
        './styles.css',
        '../../main/multi.js',
        './thing.js',
        './star.js',
        './grouped.js',
        './types.js',
        'electron',
        'better-sqlite3',
      ].sort(),
    );
  });

  it('ignores words that only look like import', () => {
    expect(importSpecifiers("const reimport = 1; obj.import('x'); const s = 'export';")).toEqual([]);
  });

  it('flags a shared/ file that imports Node, a package or main/', () => {
    const file = at('shared/contract.ts');
    const source = "import { z } from 'zod';\nimport { readFileSync } from 'node:fs';\nimport { thing } from '../main/router.js';\nimport x from 'lodash';\nimport { ok } from './result.js';";
    const violations = checkSource(FAKE_ROOT, 'shared', file, source);
    expect(violations).toHaveLength(3);
    expect(violations.join('\n')).toContain('node:fs');
    expect(violations.join('\n')).toContain('../main/router.js');
    expect(violations.join('\n')).toContain('lodash');
  });

  it('flags a shared/ file whose relative import climbs out of shared/', () => {
    expect(checkSource(FAKE_ROOT, 'shared', at('shared/a.ts'), "import x from '../shared/../main/x.js';")).toHaveLength(1);
    expect(checkSource(FAKE_ROOT, 'shared', at('shared/a.ts'), "import x from '../shared/b.js';")).toEqual([]);
  });

  it('flags a renderer/ file that imports electron, node:*, main/ or an unlisted package', () => {
    const file = at('renderer/api/transport.ts');
    for (const bad of ['electron', 'node:path', 'fs', '../../main/router.js', 'zod', 'react-dom/server', '../../../etc/x.js']) {
      expect(checkSource(FAKE_ROOT, 'renderer', file, `import x from '${bad}';`), bad).toHaveLength(1);
    }
    expect(checkSource(FAKE_ROOT, 'renderer', file, "const m = await import('electron');")).toHaveLength(1);
    for (const good of ['react', 'react-dom/client', '@tanstack/react-query', '../../shared/contract.js', './client.js', '../i18n/ko.js']) {
      expect(checkSource(FAKE_ROOT, 'renderer', file, `import x from '${good}';`), good).toEqual([]);
    }
  });

  it('flags a main/ file that reaches into renderer/', () => {
    const file = at('main/electron/main.ts');
    expect(checkSource(FAKE_ROOT, 'main', file, "import { App } from '../../renderer/App.js';")).toHaveLength(1);
    expect(checkSource(FAKE_ROOT, 'main', file, "export * from '../../renderer/x.js';")).toHaveLength(1);
    expect(checkSource(FAKE_ROOT, 'main', file, "import { contract } from '../../shared/contract.js';")).toEqual([]);
    expect(checkSource(FAKE_ROOT, 'main', file, "import { app } from 'electron';\nimport { join } from 'node:path';")).toEqual([]);
  });

  it('keeps the issuer contract free of the console, and the sandbox free of main/', () => {
    expect(checkSource(FAKE_ROOT, 'issuer-api', at('issuer-api/endpoints.ts'), "import { z } from 'zod';\nimport { d } from './domain.js';")).toEqual([]);
    expect(checkSource(FAKE_ROOT, 'issuer-api', at('issuer-api/endpoints.ts'), "import { x } from '../shared/staff.js';")).toHaveLength(1);
    expect(checkSource(FAKE_ROOT, 'issuer-api', at('issuer-api/openapi.ts'), "import { v } from '../sandbox/sandbox-issuer.js';")).toHaveLength(1);
    expect(checkSource(FAKE_ROOT, 'shared', at('shared/contract.ts'), "import { d } from '../issuer-api/endpoints.js';")).toEqual([]);
    expect(checkSource(FAKE_ROOT, 'sandbox', at('sandbox/rules/staff.ts'), "import { e } from '../../issuer-api/errors.js';\nimport Db from 'better-sqlite3';")).toEqual([]);
    expect(checkSource(FAKE_ROOT, 'sandbox', at('sandbox/http/http-server.ts'), "import { log } from '../../main/app/log.js';")).toHaveLength(1);
    expect(checkSource(FAKE_ROOT, 'sandbox', at('sandbox/rules/staff.ts'), "import { s } from '../../shared/staff.js';")).toHaveLength(1);
  });

  it('keeps what is never packaged out of the packaged main process', () => {
    expect(checkSource(FAKE_ROOT, 'main', at('main/app/console.ts'), "import { S } from '../../sandbox/sandbox-issuer.js';")).toEqual([]);
    expect(checkSource(FAKE_ROOT, 'main', at('main/app/console.ts'), "import { s } from '../../sandbox/http/http-server.js';")).toHaveLength(1);
    expect(checkSource(FAKE_ROOT, 'main', at('main/app/console.ts'), "import { h } from '../host/browser-host.js';")).toHaveLength(1);
    expect(checkSource(FAKE_ROOT, 'main', at('main/host/cli.ts'), "import { h } from './browser-host.js';")).toEqual([]);
  });
});

describe('the project’s layers', () => {
  it.each<Layer>(LAYERS)('%s/ imports only what it may', (layer) => {
    const { files, imports, violations } = checkLayer(layer);
    // Guard against a checker that silently finds nothing.
    expect(files).toBeGreaterThan(0);
    expect(imports).toBeGreaterThan(0);
    expect(violations).toEqual([]);
  });

  it('renderer/ never names node:, electron or main/ (belt and braces)', () => {
    for (const file of sourceFiles(join(ROOT, 'renderer'))) {
      for (const specifier of importSpecifiers(readFileSync(file, 'utf8'))) {
        expect(specifier.startsWith('node:'), `${file}: ${specifier}`).toBe(false);
        expect(specifier, file).not.toBe('electron');
        if (isRelative(specifier)) expect(targetFolder(ROOT, file, specifier), `${file}: ${specifier}`).not.toBe('main');
      }
    }
  });
});
