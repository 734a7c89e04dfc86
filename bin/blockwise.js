#!/usr/bin/env node
// The `blockwise` command runs the built CLI with plain Node (build first: `npm run build`).
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const cli = fileURLToPath(new URL('../out/main/cli.js', import.meta.url))
if (!existsSync(cli)) {
  console.error('blockwise: the CLI is not built yet. Run `npm run build` first.')
  process.exit(1)
}
await import(cli)
