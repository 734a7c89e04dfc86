/**
 * The built `blockwise` command, run as a user runs it: the project's own electron-vite main
 * build (the renderer is not needed, so a broken renderer does not fail CLI tests) into a temp
 * folder, so concurrent builds of out/ do not interfere and the trainer is
 * `out/main/trainer.js`, as shipped. Then `node bin/blockwise.js …`.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const repo = resolve(import.meta.dirname, '../../../..')

export interface CliResult {
  status: number | null
  stdout: string
  stderr: string
}

export interface BuiltCli {
  /** The temp folder holding bin/, out/ and node_modules (a link to the project's). */
  root: string
  /** Runs `blockwise …` in `cwd` (default: `root`) with `env` added to this process's. */
  run(args: string[], options?: { cwd?: string; env?: Record<string, string> }): CliResult
  remove(): void
}

/** Builds the main bundle into a new temp folder named after `prefix` (takes about a minute). */
export function buildCli(prefix: string): BuiltCli {
  const root = mkdtempSync(join(tmpdir(), `blockwise-${prefix}-`))
  mkdirSync(join(root, 'bin'))
  copyFileSync(join(repo, 'bin/blockwise.js'), join(root, 'bin/blockwise.js'))
  copyFileSync(join(repo, 'package.json'), join(root, 'package.json'))
  symlinkSync(join(repo, 'node_modules'), join(root, 'node_modules'), 'dir')
  const config = join(root, 'main-only.config.mjs')
  writeFileSync(
    config,
    `import config from ${JSON.stringify(join(repo, 'electron.vite.config.ts'))}\nexport default { main: config.main }\n`,
  )
  const electronVite = join(repo, 'node_modules/electron-vite/bin/electron-vite.js')
  execFileSync(
    process.execPath,
    [electronVite, 'build', '-c', config, '--outDir', join(root, 'out'), '--logLevel', 'error'],
    { cwd: repo, stdio: 'pipe' },
  )
  return {
    root,
    run(args, options = {}) {
      const res = spawnSync(process.execPath, [join(root, 'bin/blockwise.js'), ...args], {
        cwd: options.cwd ?? root,
        encoding: 'utf8',
        env: { ...process.env, ...options.env },
        maxBuffer: 64 * 2 ** 20,
      })
      return { status: res.status, stdout: res.stdout, stderr: res.stderr }
    },
    remove: () => rmSync(root, { recursive: true, force: true }),
  }
}

/** With --json the last line printed is one JSON value. */
export function lastJson(stdout: string): unknown {
  return JSON.parse(stdout.trimEnd().split('\n').at(-1) ?? 'null')
}
