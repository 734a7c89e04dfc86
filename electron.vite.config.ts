import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'

/**
 * Three bundles. `main` holds every Node entry: the Electron shell (index), the `blockwise`
 * CLI (cli), the trainer and inspector processes, and the thread that writes a deep model's
 * tfjs export (tfjsThread). The CLI, serve mode and tests use the same core services without
 * Electron.
 */
export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        input: {
          index: resolve('src/main/index.ts'),
          cli: resolve('src/main/cli/index.ts'),
          trainer: resolve('src/main/engine/trainer/main.ts'),
          inspector: resolve('src/main/inspect/main.ts'),
          tfjsThread: resolve('src/main/export/tfjsThread.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      rollupOptions: {
        input: { index: resolve('src/preload/index.ts') },
        // A sandboxed preload cannot be an ES module: emit one CommonJS file.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve('src/renderer'),
    build: {
      rollupOptions: { input: { index: resolve('src/renderer/index.html') } },
    },
    plugins: [react()],
  },
})
