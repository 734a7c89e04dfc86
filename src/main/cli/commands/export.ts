import { type Command, InvalidArgumentError, Option } from 'commander'
import { ExportError, ExportFormat, exportRun } from '../../export'
import { databaseFile, dataHome } from '../../home'
import { openStore, StoreError } from '../../store'
import { CliError, formatSi, guarded, printJson } from '../format'

/** `blockwise export <run id> --format … --out <dir> [--json]`: write a trained run's model. */
export function registerExport(program: Command): void {
  program
    .command('export')
    .description(
      "Export a trained run's model (best checkpoint) to tfjs, ONNX, PyTorch (+ DDP train.py), Keras, or its design",
    )
    .argument('<id>', 'run id (see `blockwise runs`)', (v) => {
      const n = Number(v)
      if (!Number.isInteger(n) || n <= 0)
        throw new InvalidArgumentError('a run id is a whole number above 0')
      return n
    })
    .addOption(
      new Option('--format <format>', 'what to write')
        .choices(ExportFormat.options)
        .makeOptionMandatory(),
    )
    .requiredOption('--out <dir>', 'folder to write into (created when missing)')
    .option('--json', 'print the result as one JSON value')
    .action(
      guarded(
        async (id: number, options: { format: ExportFormat; out: string; json?: boolean }) => {
          const home = dataHome()
          let store
          try {
            store = openStore(databaseFile(home))
          } catch (error) {
            throw error instanceof StoreError ? new CliError(error.code, error.message) : error
          }
          try {
            const result = await exportRun(
              store,
              home,
              id,
              options.format,
              options.out,
              (message) => console.error(`blockwise: ${message}`),
            )
            if (options.json) return printJson(result)
            console.log(`Exported run ${id} as ${options.format}: ${result.path}`)
            for (const file of result.files) console.log(`  ${file}`)
            console.log(
              `${result.files.length} file${result.files.length === 1 ? '' : 's'}, ${formatSi(result.bytes, 'B')}`,
            )
          } catch (error) {
            throw error instanceof ExportError || error instanceof StoreError
              ? new CliError(error.code, error.message)
              : error
          } finally {
            store.close()
          }
        },
      ),
    )
}
