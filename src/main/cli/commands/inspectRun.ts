import { readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { type Command, InvalidArgumentError } from 'commander'
import { ApiError } from '../../../shared/api'
import { createInspector } from '../../inspect/client'
import { createEventBus } from '../../services/eventBus'
import { inspectHandlers } from '../../services/inspect'
import { CliError, guarded, printJson, printTable } from '../format'
import { confusionCsv, pngGrid, pngOf, writeOut, writePngs } from './inspectFiles'
import { openDataHome } from './datasets'

const wholeNumber =
  (name: string, min = 0) =>
  (v: string) => {
    const n = Number(v)
    if (!Number.isInteger(n) || n < min)
      throw new InvalidArgumentError(`${name} must be a whole number ≥ ${min}`)
    return n
  }
const pct = (v: number | null) => (v === null ? '–' : `${(v * 100).toFixed(2)}%`)

type Handlers = ReturnType<typeof inspectHandlers>

/** Opens the data directory and an inspector process for one command, and closes both after. */
async function withInspector<T>(work: (h: Handlers) => T | Promise<T>): Promise<T> {
  const { store, home } = await openDataHome()
  const events = createEventBus()
  const inspector = createInspector()
  events.on(
    'inspect:progress',
    (p) => process.stderr.isTTY && process.stderr.write(`\r${p.task} ${p.done}/${p.total}`),
  )
  try {
    return await work(inspectHandlers({ store, home, events, inspector }))
  } catch (e) {
    throw e instanceof ApiError ? new CliError(e.code, e.message) : e
  } finally {
    if (process.stderr.isTTY) process.stderr.write('\r\x1b[K')
    inspector.close()
    store.close()
  }
}

/** An image argument: a file path, or `test:<index>` for an image of the run's test split. */
async function imageArg(
  arg: string,
): Promise<{ kind: 'file'; data: string; name: string } | { kind: 'test'; index: number }> {
  const m = /^test:(\d+)$/.exec(arg)
  if (m) return { kind: 'test', index: Number(m[1]) }
  const bytes = await readFile(arg).catch((e: NodeJS.ErrnoException) => {
    throw new CliError(
      'IO',
      `cannot read ${arg}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`,
    )
  })
  return { kind: 'file', data: bytes.toString('base64'), name: arg }
}

const runIdArg = wholeNumber('a run id', 1)

/** `evaluate`, `predict`, `filters`, `patches`, `maps`: a trained run's insides as files and tables. */
export function registerInspectRun(program: Command): void {
  program
    .command('evaluate')
    .description(
      "Evaluate a run's best checkpoint on the test split: top-1/top-5, precision and recall per class",
    )
    .argument('<run>', 'run id', runIdArg)
    .option(
      '--confusion <file>',
      'write the confusion matrix as CSV (rows true, columns predicted)',
    )
    .option('--json', 'print the evaluation as one JSON value')
    .action(
      guarded(async (runId: number, o: { confusion?: string; json?: boolean }) => {
        const r = await withInspector((h) => h['inspect:evaluation']({ runId }))
        if (o.confusion)
          await writeOut(resolve(o.confusion), confusionCsv(r.classNames, r.confusionMatrix))
        if (o.json) return printJson(r)
        console.log(
          `checkpoint  epoch ${r.checkpoint.epoch}${r.checkpoint.isBest ? ' (best)' : ''}   ${r.count} test images${r.cached ? ' (cached)' : ''}`,
        )
        console.log(
          `top-1 ${pct(r.top1)}   top-5 ${pct(r.top5)}   trainer's end-of-run top-1 ${pct(r.trainerTop1)}\n`,
        )
        printTable(
          [
            { header: 'class', value: (i: number) => r.classNames[i] ?? String(i) },
            { header: 'precision', align: 'right', value: (i) => pct(r.perClass[i]!.precision) },
            { header: 'recall', align: 'right', value: (i) => pct(r.perClass[i]!.recall) },
            { header: 'images', align: 'right', value: (i) => String(r.perClass[i]!.support) },
          ],
          r.classNames.map((_, i) => i),
        )
        if (o.confusion) console.log(`\nconfusion matrix → ${o.confusion}`)
      }),
    )

  program
    .command('predict')
    .description(
      "Top-5 classes of an image file (or test:<index>) by a run's best checkpoint, preprocessed as in training",
    )
    .argument('<run>', 'run id', runIdArg)
    .argument('<image>', 'PNG/JPEG/WebP file, or test:<index>')
    .option('--json', 'print the prediction as one JSON value')
    .action(
      guarded(async (runId: number, image: string, o: { json?: boolean }) => {
        const img = await imageArg(image)
        const r = await withInspector((h) => h['inspect:predict']({ runId, image: img }))
        if (o.json) return printJson({ top: r.top, label: r.label })
        printTable(
          [
            { header: 'class', value: (c: (typeof r.top)[number]) => c.className },
            { header: 'probability', align: 'right', value: (c) => pct(c.probability) },
          ],
          r.top,
        )
      }),
    )

  program
    .command('filters')
    .description("Write a conv layer's filters as PNGs: grid.png and one image per filter")
    .argument('<run>', 'run id', runIdArg)
    .argument('<layer>', 'conv layer name (see `blockwise inspect --layers`)')
    .requiredOption('--out <dir>', 'folder to write into')
    .option('--scale <n>', 'pixels per kernel tap in grid.png', wholeNumber('--scale', 1), 8)
    .option('--max-filters <n>', 'at most this many filters', wholeNumber('--max-filters', 1), 256)
    .option('--json', 'print the file list as one JSON value')
    .action(
      guarded(
        async (
          runId: number,
          layer: string,
          o: { out: string; scale: number; maxFilters: number; json?: boolean },
        ) => {
          const r = await withInspector((h) =>
            h['inspect:filters']({ runId, layer, maxFilters: o.maxFilters, maxChannels: 64 }),
          )
          const dir = resolve(o.out)
          const files = await writePngs(
            dir,
            'filter-',
            r.items.map((f) => ({ n: f.index, image: f.image })),
          )
          const single = r.colour || r.shownChannels === 1
          const cols = single ? Math.ceil(Math.sqrt(r.items.length)) : 1
          await writeOut(
            join(dir, 'grid.png'),
            await pngGrid(
              r.items.map((f) => pngOf(f.image)),
              cols,
              o.scale,
            ),
          )
          const summary = {
            layer: r.layer,
            filters: r.filters,
            inChannels: r.inChannels,
            kernel: r.kernel,
            colour: r.colour,
            grid: join(dir, 'grid.png'),
            files,
          }
          if (o.json) return printJson(summary)
          console.log(
            `${r.layer}: ${r.filters} filters of ${r.kernel.join('×')}×${r.inChannels}${r.colour ? ' (colour)' : ''} → ${summary.grid}`,
          )
        },
      ),
    )

  program
    .command('patches')
    .description(
      'Write the nine validation patches where a filter fires most (cropped to its receptive field)',
    )
    .argument('<run>', 'run id', runIdArg)
    .argument('<layer>', 'layer name')
    .argument('<filter>', 'filter (channel) index', wholeNumber('filter'))
    .requiredOption('--out <dir>', 'folder to write into')
    .option('--samples <n>', 'validation images to scan', wholeNumber('--samples', 1), 2000)
    .option('--json', 'print the patches as one JSON value')
    .action(
      guarded(
        async (
          runId: number,
          layer: string,
          filter: number,
          o: { out: string; samples: number; json?: boolean },
        ) => {
          const r = await withInspector((h) =>
            h['inspect:topPatches']({ runId, layer, filter, samples: o.samples }),
          )
          const dir = resolve(o.out)
          const files = await writePngs(
            dir,
            'patch-',
            r.patches.map((p, i) => ({ n: i + 1, image: p.patch })),
          )
          const rows = r.patches.map((p, i) => ({
            rank: i + 1,
            index: p.index,
            className: p.className,
            activation: p.activation,
            box: p.box,
            file: files[i],
          }))
          if (o.json)
            return printJson({
              layer,
              filter,
              receptiveField: r.receptiveField,
              scanned: r.scanned,
              patches: rows,
            })
          console.log(
            `${layer} filter ${filter}: receptive field ${r.receptiveField} px, ${r.scanned} validation images scanned\n`,
          )
          printTable(
            [
              { header: '#', align: 'right', value: (p: (typeof rows)[number]) => String(p.rank) },
              { header: 'image', align: 'right', value: (p) => String(p.index) },
              { header: 'class', value: (p) => p.className },
              { header: 'activation', align: 'right', value: (p) => p.activation.toFixed(4) },
              {
                header: 'box (top,left–bottom,right)',
                value: (p) => `${p.box.top},${p.box.left}–${p.box.bottom},${p.box.right}`,
              },
            ],
            rows,
          )
        },
      ),
    )

  program
    .command('maps')
    .description("Write one image's feature maps at a layer as PNGs")
    .argument('<run>', 'run id', runIdArg)
    .argument('<layer>', 'layer name')
    .argument('<image>', 'PNG/JPEG/WebP file, or test:<index>')
    .requiredOption('--out <dir>', 'folder to write into')
    .option('--json', 'print the file list as one JSON value')
    .action(
      guarded(
        async (runId: number, layer: string, image: string, o: { out: string; json?: boolean }) => {
          const img = await imageArg(image)
          const r = await withInspector((h) =>
            h['inspect:featureMaps']({ runId, layer, image: img, maxChannels: 1024 }),
          )
          const files = await writePngs(
            resolve(o.out),
            'map-',
            r.maps.map((m) => ({ n: m.channel, image: m.image })),
          )
          if (o.json) return printJson({ layer, shape: r.shape, files })
          console.log(`${layer}: ${r.shape.join('×')}, ${files.length} maps → ${resolve(o.out)}`)
        },
      ),
    )
}
