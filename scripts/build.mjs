// Builds everything the console runs from: main process (tsc → dist/main, dist/shared), the
// sandboxed preload (one CommonJS bundle) and the renderer (Vite → dist/renderer).
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { run } from './lib/run.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);

rmSync('dist', { recursive: true, force: true });
await run('npx', ['tsc', '-p', 'main/tsconfig.json'], { label: 'build main' });
await run('npx', ['vite', 'build', '--config', 'vite.preload.config.ts', '--logLevel', 'warn'], { label: 'build preload' });
await run('npx', ['vite', 'build', '--logLevel', 'warn'], { label: 'build renderer' });
console.log('build: dist/ is ready');
