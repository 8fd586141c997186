import { spawnSync } from 'node:child_process';

/** Each side has its own tsconfig: what one side may see, another may not. */
export const TS_PROJECTS = ['issuer-api', 'shared', 'sandbox', 'main', 'renderer', 'tests'];

/** Typechecks every side; returns [{ project, ok }]. */
export function typecheckAll() {
  return TS_PROJECTS.map((project) => {
    const ok = spawnSync('npx', ['tsc', '-p', `${project}/tsconfig.json`, '--noEmit'], { stdio: 'inherit' }).status === 0;
    console.log(`typecheck ${project}: ${ok ? 'passed' : 'FAILED'}`);
    return { project, ok };
  });
}
