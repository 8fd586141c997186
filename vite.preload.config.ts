import { defineConfig } from 'vite';

/**
 * Bundles the Electron preload into one CommonJS file: a sandboxed preload can require only
 * 'electron', so the contract it uses from shared/ (and zod) must be inside it.
 */
export default defineConfig({
  build: {
    outDir: 'dist/preload',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    lib: { entry: 'main/electron/preload.ts', formats: ['cjs'], fileName: () => 'preload.cjs' },
    rollupOptions: { external: ['electron'] },
  },
});
