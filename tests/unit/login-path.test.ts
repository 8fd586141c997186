import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { normaliseStaffId, passwordRule, staffIdRule } from '../../shared/login-rules.js';
import { PasswordSchema, StaffIdSchema } from '../../shared/staff.js';

/**
 * The login form comes first: what the page evaluates before it may not include zod or the
 * contract (most of the renderer's weight; `npm run bench:login` times the path).
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The modules a file evaluates with it: value imports and re-exports, not `import type` nor `import()`. */
function staticImports(source: string): string[] {
  const statements = source.matchAll(/(?:^|[;\n])\s*(import|export)(\s+type\b)?[^;'"]*?(?:\bfrom\s*)?(['"])([^'"\n]+)\3/g);
  return [...statements].filter((match) => !match[2]).map((match) => match[4] as string);
}

/** Every project file and package that evaluating `entries` evaluates. */
function evaluatedWith(entries: string[]): { files: string[]; packages: string[] } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const specifier of staticImports(readFileSync(file, 'utf8'))) {
      if (!specifier.startsWith('.')) {
        packages.add(specifier);
        continue;
      }
      const target = resolve(dirname(file), specifier);
      if (target.endsWith('.css')) continue;
      const source = [target.replace(/\.js$/, '.ts'), target.replace(/\.js$/, '.tsx')].find((candidate) => existsSync(candidate));
      if (!source) throw new Error(`${relative(ROOT, file)}: cannot resolve ${specifier}`);
      visit(source);
    }
  };
  entries.forEach((entry) => visit(join(ROOT, entry)));
  return { files: [...files].map((file) => relative(ROOT, file)), packages: [...packages] };
}

describe('the login path', () => {
  it('reads value imports and skips type-only and lazy ones', () => {
    const source = [
      "import { a, type B } from './a.js';",
      "import type { C } from './c.js';",
      "import './styles.css';",
      "export { d } from './d.js';",
      "export type { E } from './e.js';",
      "const lazy = () => import('./lazy.js');",
      "import {\n  f,\n} from 'zod';",
    ].join('\n');
    expect(staticImports(source)).toEqual(['./a.js', './styles.css', './d.js', 'zod']);
  });

  it('evaluates neither zod nor the contract before the login form', () => {
    const { files, packages } = evaluatedWith(['renderer/main.tsx', 'renderer/start.tsx']);
    expect(files).toContain('renderer/screens/LoginScreen.tsx');
    expect(files).toContain('renderer/screens/LockScreen.tsx');
    expect(packages).not.toContain('zod');
    expect(files).not.toContain('shared/contract.ts');
  });

  it('keeps the logged-in screens out of it', () => {
    expect(evaluatedWith(['renderer/main.tsx', 'renderer/start.tsx']).files).not.toContain('renderer/screens/Workspace.tsx');
  });
});

describe('the login rules without zod', () => {
  const typed = ['T0001', 't0001', ' s0001 ', 'T001', 'T00001', '0001T', 'TT001', '', '   ', 'T0001x', 'Ｔ0001', 'T０００1'];

  it('refuse exactly the staff IDs the router refuses', () => {
    for (const value of typed) {
      const parsed = StaffIdSchema.safeParse(value);
      expect(staffIdRule(value), JSON.stringify(value)).toBe(parsed.success ? null : 'STAFF_ID_FORMAT');
      if (parsed.success) expect(normaliseStaffId(value)).toBe(parsed.data);
    }
  });

  it('refuse an empty password as the router does', () => {
    for (const value of ['', 'x', ' ', 'teller-pass-1']) {
      expect(passwordRule(value), JSON.stringify(value)).toBe(PasswordSchema.safeParse(value).success ? null : 'PASSWORD_REQUIRED');
    }
  });
});
