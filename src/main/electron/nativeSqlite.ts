/**
 * better-sqlite3 is a native module: node_modules holds the build for Node's ABI, which the
 * tests, the CLI and `blockwise serve` use. Electron has its own ABI, so the desktop app loads a
 * second build through better-sqlite3's `nativeBinding` option and leaves node_modules alone:
 *
 * - packaged: electron-builder rebuilds native modules for Electron when it packs (npmRebuild),
 *   so the module inside the app already fits and no binding path is needed;
 * - development (`npm start`): on first start the package is copied to
 *   `<data dir>/native/better-sqlite3-<version>-electron-<version>-<platform>-<arch>/` and built
 *   there for Electron (a prebuilt binary via prebuild-install, else node-gyp against Electron's
 *   headers), then reused on every later start.
 */
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, readFileSync, renameSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, sep } from 'node:path'
import Database from 'better-sqlite3'
import { app } from 'electron'

const require = createRequire(import.meta.url)

function loads(nativeBinding?: string): boolean {
  try {
    new Database(':memory:', nativeBinding ? { nativeBinding } : {}).close()
    return true
  } catch {
    return false
  }
}

/** The binding path to pass to the store, or undefined when the default module already loads. */
export function electronSqliteBinding(
  home: string,
  log: (line: string) => void = console.log,
): string | undefined {
  if (app.isPackaged || loads()) return undefined
  const packageDir = dirname(require.resolve('better-sqlite3/package.json'))
  const version = (
    JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string }
  ).version
  const electron = process.versions.electron ?? 'unknown'
  const folder = join(
    home,
    'native',
    `better-sqlite3-${version}-electron-${electron}-${process.platform}-${process.arch}`,
  )
  const binding = join(folder, 'build', 'Release', 'better_sqlite3.node')
  if (existsSync(binding) && loads(binding)) return binding

  log(`Building better-sqlite3 ${version} for Electron ${electron} (once; cached in ${folder})…`)
  const work = `${folder}.tmp-${process.pid}`
  rmSync(work, { recursive: true, force: true })
  cpSync(packageDir, work, {
    recursive: true,
    filter: (path) => !path.startsWith(join(packageDir, 'build') + sep),
  })
  const env = {
    ...process.env,
    // Run Electron's own binary as Node so the build targets the Node it embeds.
    ELECTRON_RUN_AS_NODE: '1',
    npm_config_runtime: 'electron',
    npm_config_target: electron,
    npm_config_disturl: 'https://electronjs.org/headers',
    npm_config_arch: process.arch,
  }
  const attempts: [string, string[]][] = [
    [
      process.execPath,
      [
        require.resolve('prebuild-install/bin.js'),
        '--runtime=electron',
        `--target=${electron}`,
        `--arch=${process.arch}`,
      ],
    ],
    [
      'npm',
      [
        'exec',
        '--yes',
        '--',
        'node-gyp',
        'rebuild',
        '--release',
        `--target=${electron}`,
        '--dist-url=https://electronjs.org/headers',
      ],
    ],
  ]
  const failures: string[] = []
  for (const [command, args] of attempts) {
    const result = spawnSync(command, args, {
      cwd: work,
      env,
      encoding: 'utf8',
      shell: process.platform === 'win32',
    })
    const built = join(work, 'build', 'Release', 'better_sqlite3.node')
    if (result.status === 0 && existsSync(built) && loads(built)) {
      rmSync(folder, { recursive: true, force: true })
      renameSync(work, folder)
      return binding
    }
    failures.push(
      `${command} ${args[0] ?? ''}: ${(result.stderr || result.error?.message || '').trim().split('\n').slice(-3).join(' ')}`,
    )
  }
  rmSync(work, { recursive: true, force: true })
  throw new Error(
    `better-sqlite3 has no build for Electron ${electron}, and building one failed (it needs the network once):\n` +
      failures.join('\n'),
  )
}
