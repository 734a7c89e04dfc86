/**
 * `blockwise serve` as the e2e tests start it: the built CLI on port 0 with a fresh
 * BLOCKWISE_HOME, the printed URL (token included), and direct API calls for seeding data.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from './paths'

const CLI = join(ROOT, 'bin', 'blockwise.js')
const URL_PATTERN = /(http:\/\/\S+\/\?token=[A-Za-z0-9_-]+)/
const START_TIMEOUT_MS = 60_000

export interface BlockwiseServer {
  /** The printed URL, token included. */
  url: string
  /** `http://127.0.0.1:<port>` */
  origin: string
  token: string
  /** The temp data directory (BLOCKWISE_HOME) of this test. */
  home: string
  /** Everything the server printed so far (for failure messages). */
  output(): string
  /** Calls a command directly (seeding data); rejects with the error code and message. */
  call<T = unknown>(command: string, payload?: unknown): Promise<T>
}

/** A running server and how to stop it. */
export interface ServeProcess {
  server: BlockwiseServer
  /** The server's process id. */
  pid: number
  stop(): Promise<void>
  /** SIGKILL, as a crash or `kill -9` would; resolves once it is gone. */
  kill(): Promise<void>
}

/** Starts `blockwise serve --port 0` on `home` and resolves once it printed its URL. */
export async function startServe(home: string): Promise<ServeProcess> {
  if (!existsSync(join(ROOT, 'out', 'main', 'cli.js'))) {
    throw new Error('Blockwise is not built: run `npm run build` before the e2e tests.')
  }
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0'], {
    cwd: ROOT,
    env: { ...process.env, BLOCKWISE_HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const url = await new Promise<string>((done, failed) => {
    const timer = setTimeout(
      () =>
        failed(new Error(`blockwise serve printed no URL in ${START_TIMEOUT_MS} ms:\n${output}`)),
      START_TIMEOUT_MS,
    )
    const read = (chunk: Buffer): void => {
      output += chunk.toString()
      const match = URL_PATTERN.exec(output)
      if (match?.[1]) {
        clearTimeout(timer)
        done(match[1])
      }
    }
    child.stdout?.on('data', read)
    child.stderr?.on('data', read)
    child.once('exit', (code) => {
      clearTimeout(timer)
      failed(new Error(`blockwise serve exited with ${code} before printing a URL:\n${output}`))
    })
  })
  const parsed = new URL(url)
  const token = parsed.searchParams.get('token') ?? ''
  const server: BlockwiseServer = {
    url,
    origin: parsed.origin,
    token,
    home,
    output: () => output,
    async call<T>(command: string, payload?: unknown): Promise<T> {
      const [domain, verb] = command.split(':')
      const response = await fetch(`${parsed.origin}/api/${domain}/${verb}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify(payload ?? null),
      })
      const result = (await response.json()) as {
        ok: boolean
        data?: T
        error?: { code: string; message: string }
      }
      if (!result.ok)
        throw new Error(`${command} failed: ${result.error?.code}: ${result.error?.message}`)
      return result.data as T
    },
  }
  return {
    server,
    pid: child.pid ?? 0,
    stop: () => stop(child),
    kill: async () => {
      const exited = new Promise<void>((done) => child.once('exit', () => done()))
      child.kill('SIGKILL')
      await exited
    },
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((done) => child.once('exit', () => done()))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
  await exited
  clearTimeout(timer)
}
