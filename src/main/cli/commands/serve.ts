import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { InvalidArgumentError, type Command } from 'commander'
import { dataHome } from '../../home'
import { DEFAULT_HOST, DEFAULT_PORT, startServer } from '../../server'
import { isLoopback } from '../../server/auth'
import { createServices } from '../../services'

function parsePort(value: string): number {
  const port = Number(value)
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new InvalidArgumentError('a port is a whole number from 0 to 65535 (0 picks a free one).')
  return port
}

/** The built renderer beside the bundled CLI (out/main/cli.js → out/renderer). */
export function rendererDir(): string {
  return (
    process.env.BLOCKWISE_RENDERER_DIR ?? fileURLToPath(new URL('../renderer', import.meta.url))
  )
}

/** `blockwise serve`: the UI and API for a browser, on loopback, behind a session token. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('Serve the Blockwise UI and API to a browser on this machine.')
    .option(
      '--host <host>',
      'address to listen on (loopback unless you mean otherwise)',
      DEFAULT_HOST,
    )
    .option('--port <port>', 'port to listen on; 0 picks a free one', parsePort, DEFAULT_PORT)
    .option('--json', 'print the address as one JSON line')
    .action(async (options: { host: string; port: number; json?: boolean }) => {
      const renderer = rendererDir()
      if (!existsSync(renderer)) {
        console.error(
          `blockwise serve: the UI is not built (${renderer} is missing). Run \`npm run build\` first.`,
        )
        process.exitCode = 1
        return
      }
      const home = dataHome()
      const services = await createServices({ home, transport: 'http' })
      let server
      try {
        server = await startServer({
          services,
          rendererDir: renderer,
          host: options.host,
          port: options.port,
        })
      } catch (error) {
        await services.close()
        const code = (error as NodeJS.ErrnoException).code
        console.error(
          code === 'EADDRINUSE'
            ? `blockwise serve: port ${options.port} is in use. Pick another with --port, or --port 0 for any free one.`
            : `blockwise serve: cannot listen on ${options.host}:${options.port} (${(error as Error).message}).`,
        )
        process.exitCode = 1
        return
      }
      if (!isLoopback(options.host)) {
        console.warn(
          `Warning: listening on ${options.host}, reachable from other machines. Anyone with the URL below can use Blockwise as you.`,
        )
      }
      if (options.json) {
        console.log(
          JSON.stringify({ url: server.url, host: server.host, port: server.port, dataDir: home }),
        )
      } else {
        console.log(`Blockwise data: ${home}`)
        console.log(`Blockwise is serving at ${server.url}`)
        console.log('Open that URL in a browser (it signs you in). Press Ctrl+C to stop.')
      }
      const stop = (): void => {
        void server
          .close()
          .then(() => services.close())
          .finally(() => process.exit(0))
      }
      process.once('SIGINT', stop)
      process.once('SIGTERM', stop)
    })
}
