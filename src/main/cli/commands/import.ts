import { InvalidArgumentError, Option, type Command } from 'commander'
import { DatasetError, importDataset, type ImportFormat, type ImportProgress } from '../../datasets'
import { CliError, formatInt, formatShape, guarded, printJson } from '../format'
import { asCliError, datasetJson, openDataHome } from './datasets'

interface ImportCliOptions {
  name?: string
  format?: ImportFormat
  size?: number
  grayscale?: boolean
  allowDuplicate?: boolean
  json?: boolean
}

const positiveInt = (value: string): number => {
  const n = Number(value)
  if (!Number.isInteger(n) || n <= 0)
    throw new InvalidArgumentError('expected a whole number of pixels')
  return n
}

/** `blockwise import <path>`: decode a dataset once into the cache; progress on stderr; Ctrl-C cancels cleanly. */
export function registerImport(program: Command): void {
  program
    .command('import')
    .description(
      'Import a dataset: IDX files (MNIST, Fashion-MNIST, EMNIST), CIFAR-10/100 binary batches, or a folder with one sub-folder of images per class',
    )
    .argument('<path>', 'the dataset folder (or one of its files)')
    .option('--name <name>', 'name shown in the app (default: the folder name)')
    .addOption(
      new Option('--format <format>', 'the source format (detected when absent)').choices([
        'idx',
        'cifar',
        'folder',
      ]),
    )
    .option(
      '--size <pixels>',
      'image folders: resize every image to size×size (default 32)',
      positiveInt,
    )
    .option('--grayscale', 'image folders: one channel instead of RGB')
    .option(
      '--allow-duplicate',
      'import even when the same data (pixels, labels, shape, classes) is already in Blockwise',
    )
    .option('--json', 'print the imported dataset as one JSON value')
    .action(
      guarded(async (path: string, options: ImportCliOptions) => {
        const { store, home } = await openDataHome()
        const controller = new AbortController()
        const cancel = (): void => controller.abort()
        process.once('SIGINT', cancel)
        const progress = progressLine()
        try {
          const { dataset, skipped } = await importDataset(
            store,
            home,
            {
              path,
              name: options.name,
              format: options.format,
              size: options.size,
              grayscale: options.grayscale,
              allowDuplicate: options.allowDuplicate,
            },
            { signal: controller.signal, onProgress: progress.update },
          ).catch((error: unknown) => {
            progress.end()
            if (error instanceof DatasetError && error.code === 'datasets/duplicate')
              throw new CliError(
                error.code,
                `${error.message} Nothing was imported; add --allow-duplicate to import it again.`,
              )
            throw asCliError(error)
          })
          progress.end()
          if (options.json) return printJson({ dataset: datasetJson(dataset), skipped })
          console.log(
            `Imported ${dataset.name} (id ${dataset.id}): ${formatInt(dataset.counts.train)} train and ${formatInt(dataset.counts.test)} test images, ` +
              `${dataset.classes.length} classes, ${formatShape(dataset.shape)}.`,
          )
          if (skipped.length > 0) {
            console.log(`Skipped ${skipped.length} file${skipped.length === 1 ? '' : 's'}:`)
            for (const s of skipped.slice(0, 20)) console.log(`  ${s.path}: ${s.reason}`)
            if (skipped.length > 20)
              console.log(`  … and ${skipped.length - 20} more (see --json).`)
          }
        } finally {
          progress.end()
          process.off('SIGINT', cancel)
          store.close()
        }
      }),
    )
}

/** One progress line on stderr: rewritten in place on a terminal, one line per phase otherwise. */
function progressLine(): { update(p: ImportProgress): void; end(): void } {
  const tty = process.stderr.isTTY === true
  let lastPhase = ''
  let open = false
  return {
    update(p) {
      const count = p.total === null ? '' : ` ${formatInt(p.done)}/${formatInt(p.total)}`
      const text = `${p.phase}${count}${p.message ? ` ${p.message}` : ''}`
      if (tty) {
        process.stderr.write(`\r\x1b[2K${text}`)
        open = true
      } else if (p.phase !== lastPhase) {
        process.stderr.write(`${text}\n`)
      }
      lastPhase = p.phase
    },
    end() {
      if (open) process.stderr.write('\n')
      open = false
    },
  }
}
