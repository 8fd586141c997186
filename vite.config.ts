import react from '@vitejs/plugin-react';
import { defineConfig, type HtmlTagDescriptor, type Plugin, type Rollup } from 'vite';

/**
 * main.tsx opens the connection to main, then imports start.tsx: the page's first script is tiny
 * so the socket opens early. Links to start.tsx's chunks in index.html let the browser download
 * them beside that first script instead of after it has run. Later chunks (the logged-in screens,
 * the client's schemas: zod and the contract) are left to load when App asks for them.
 */
function preloadStartChunks(): Plugin {
  return {
    name: 'preload-start-chunks',
    transformIndexHtml: {
      order: 'post',
      handler(_html, { bundle, chunk: entry }) {
        if (!bundle || !entry) return;
        const files = new Set<string>();
        const add = (file: string) => {
          const chunk = bundle[file] as Rollup.OutputChunk | undefined;
          if (!chunk || files.has(file) || entry.imports.includes(file)) return;
          files.add(file);
          chunk.imports.forEach(add);
        };
        entry.dynamicImports.forEach(add);
        return [...files].map((file): HtmlTagDescriptor => ({
          tag: 'link',
          attrs: { rel: 'modulepreload', crossorigin: true, href: `./${file}` },
          injectTo: 'head',
        }));
      },
    },
  };
}

/** Builds the renderer into dist/renderer, with relative paths so app:// and the browser host both serve it. */
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react(), preloadStartChunks()],
  build: { outDir: '../dist/renderer', emptyOutDir: true, sourcemap: true, target: 'chrome130' },
});
