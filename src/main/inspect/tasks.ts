import { readEvaluation, readJson, writeEvaluation, writeJson } from './cache'
import { cellMembers, evaluateSplit, type Predictions } from './evaluate'
import { filterImages, isColourLayer, type Kernel } from './filters'
import { classProbabilities, featureMaps, imageFromFile, imageOf, topK } from './images'
import { InspectInputError, type RunModel } from './model'
import { crop, pngDataUrl, type RawImage } from './png'
import type { InspectTarget, InspectTask, TaskResults } from './protocol'
import type { Loaded, LoadCache } from './session'
import { topActivations } from './topPatches'
import { assertNever } from '../../shared/assertNever'

export interface TaskContext {
  progress(done: number, total: number): void
  shouldStop(): boolean
}

type Result<T extends InspectTask['type']> = Promise<TaskResults[T]>

/** Answers one request about a run; expensive results are cached under the run's folder. */
export async function runTask(
  cache: LoadCache,
  t: InspectTarget,
  task: InspectTask,
  ctx: TaskContext,
): Promise<unknown> {
  const loaded = await cache.get(t)
  switch (task.type) {
    case 'evaluation':
      return evaluation(loaded, t, ctx)
    case 'cell':
      return cell(loaded, t, task, ctx)
    case 'predict':
      return predict(loaded, t, task)
    case 'filters':
      return filters(loaded, task)
    case 'topPatches':
      return topPatches(loaded, t, task, ctx)
    case 'featureMaps':
      return maps(loaded, task)
    default:
      return assertNever(task, 'inspect task')
  }
}

const finite = (n: number): number | null => (Number.isFinite(n) ? n : null)

async function evaluated(
  l: Loaded,
  t: InspectTarget,
  ctx: TaskContext,
): Promise<{ evaluation: Awaited<ReturnType<typeof evaluateSplit>>; cached: boolean }> {
  const hit = await readEvaluation(t.cacheDir)
  if (hit) return { evaluation: hit, cached: true }
  const fresh = await evaluateSplit(l.model, l.data.test, l.stats, {
    onProgress: ctx.progress,
    shouldStop: ctx.shouldStop,
  })
  if (fresh) await writeEvaluation(t.cacheDir, fresh.evaluation, fresh.predictions)
  return { evaluation: fresh, cached: false }
}

async function evaluation(l: Loaded, t: InspectTarget, ctx: TaskContext): Result<'evaluation'> {
  const { evaluation: r, cached } = await evaluated(l, t, ctx)
  if (!r) throw new InspectInputError('the evaluation was cancelled')
  const e = r.evaluation
  return {
    count: e.count,
    loss: finite(e.loss),
    top1: finite(e.top1),
    top5: finite(e.top5),
    classNames: names(t, e.confusionMatrix.length),
    confusionMatrix: e.confusionMatrix,
    perClass: e.perClass,
    cached,
  }
}

function names(t: InspectTarget, n: number): string[] {
  return Array.from({ length: n }, (_, i) => t.classNames[i] ?? String(i))
}

const toTop = (t: InspectTarget, p: Predictions, i: number) =>
  Array.from({ length: p.k }, (_, j) => {
    const c = p.topClasses[i * p.k + j]!
    return {
      classIndex: c,
      className: t.classNames[c] ?? String(c),
      probability: p.topProbs[i * p.k + j]!,
    }
  })

async function cell(
  l: Loaded,
  t: InspectTarget,
  q: Extract<InspectTask, { type: 'cell' }>,
  ctx: TaskContext,
): Result<'cell'> {
  const { evaluation: r } = await evaluated(l, t, ctx)
  if (!r) throw new InspectInputError('the evaluation was cancelled')
  const p = r.predictions
  const classes = l.model.compiled.classes
  if (q.trueClass >= classes || q.predictedClass >= classes)
    throw new InspectInputError(
      `there are ${classes} classes; no cell (${q.trueClass}, ${q.predictedClass})`,
    )
  const members = cellMembers(p, q.trueClass, q.predictedClass)
  // The most confident mistakes first: the ones worth looking at.
  members.sort((a, b) => p.topProbs[b * p.k]! - p.topProbs[a * p.k]!)
  const page = members.slice(q.offset, q.offset + q.count)
  const items = await Promise.all(
    page.map(async (i) => ({
      index: i,
      label: p.labels[i]!,
      predicted: p.topClasses[i * p.k]!,
      probability: p.topProbs[i * p.k]!,
      trueProbability: p.trueProbs[i]!,
      top: toTop(t, p, i),
      image: await pngDataUrl(imageOf(l.data.test, i, l.stats.shape)),
    })),
  )
  return { total: members.length, items }
}

async function imageFor(
  l: Loaded,
  image: Extract<InspectTask, { type: 'predict' }>['image'],
): Promise<{ img: RawImage; label: number | null }> {
  if (image.kind === 'test')
    return {
      img: imageOf(l.data.test, image.index, l.stats.shape),
      label: l.data.test.labels[image.index] ?? null,
    }
  const base64 = image.data.replace(/^data:[^,]*,/, '')
  return { img: await imageFromFile(Buffer.from(base64, 'base64'), l.stats.shape), label: null }
}

async function predict(
  l: Loaded,
  t: InspectTarget,
  q: Extract<InspectTask, { type: 'predict' }>,
): Result<'predict'> {
  const { img, label } = await imageFor(l, q.image)
  const probs = await classProbabilities(l.model, img, l.stats)
  const top = topK(probs, 5).map((c) => ({
    ...c,
    className: t.classNames[c.classIndex] ?? String(c.classIndex),
  }))
  return { top, input: await pngDataUrl(img), label }
}

/** A conv layer's kernel values, `[kh, kw, in, out]`. */
export async function kernelOf(
  m: RunModel,
  layer: string,
): Promise<{ kernel: Kernel; fedByInput: boolean }> {
  const info = m.layer(layer)
  if (info.kind !== 'conv2d')
    throw new InspectInputError(
      `${layer} is a ${info.kind} layer; filters exist only for conv2d layers`,
    )
  const w = m.compiled.model.getLayer(layer).getWeights()[0]
  if (!w || w.shape.length !== 4) throw new InspectInputError(`${layer} has no 4-D kernel`)
  const [kh, kw, inChannels, filters] = w.shape as [number, number, number, number]
  const values = (await w.data()) as Float32Array
  // The kernel sees the image itself when nothing but padding lies between them.
  const graph = m.analysis.graph
  let src = graph.nodes.find((n) => n.id === info.inputs[0])
  while (src?.kind === 'zeroPad2d') src = graph.nodes.find((n) => n.id === src!.inputs[0])
  return { kernel: { values, kh, kw, inChannels, filters }, fedByInput: src?.kind === 'input' }
}

async function filters(l: Loaded, q: Extract<InspectTask, { type: 'filters' }>): Result<'filters'> {
  const { kernel, fedByInput } = await kernelOf(l.model, q.layer)
  const colour = isColourLayer(kernel.inChannels, fedByInput)
  const images = filterImages(kernel, {
    colour,
    maxFilters: q.maxFilters,
    maxChannels: q.maxChannels,
  })
  return {
    layer: q.layer,
    kernel: [kernel.kh, kernel.kw],
    filters: kernel.filters,
    inChannels: kernel.inChannels,
    colour,
    shownChannels: colour ? kernel.inChannels : Math.min(kernel.inChannels, q.maxChannels),
    items: await Promise.all(
      images.map(async (f) => ({
        index: f.index,
        image: await pngDataUrl(f.image),
        min: f.min,
        max: f.max,
      })),
    ),
  }
}

async function topPatches(
  l: Loaded,
  t: InspectTarget,
  q: Extract<InspectTask, { type: 'topPatches' }>,
  ctx: TaskContext,
): Result<'topPatches'> {
  l.model.layer(q.layer) // an unknown name is refused before it becomes part of a file name
  const file = `top9-${q.layer}-${q.filter}-${q.samples}.json`
  const hit = await readJson<TaskResults['topPatches']>(t.cacheDir, file)
  if (hit) return hit
  // The validation split, as in training; a run without one uses the test split.
  const split = l.data.val.count > 0 ? l.data.val : l.data.test
  const r = await topActivations(
    l.model,
    split,
    l.stats,
    { layer: q.layer, channel: q.filter, limit: q.samples },
    { onProgress: ctx.progress, shouldStop: ctx.shouldStop },
  )
  const field = l.model.fields.get(l.model.layer(q.layer).id)!
  const patches = await Promise.all(
    r.units.map(async (u) => {
      const img = imageOf(split, u.index, l.stats.shape)
      const label = split.labels[u.index] ?? 0
      return {
        index: u.index,
        label,
        className: t.classNames[label] ?? String(label),
        activation: u.activation,
        unit: { y: u.y, x: u.x },
        box: u.box,
        patch: await pngDataUrl(crop(img, u.box)),
        image: await pngDataUrl(img),
      }
    }),
  )
  const result = {
    layer: q.layer,
    filter: q.filter,
    receptiveField: field.y.size,
    stride: field.y.jump,
    scanned: r.scanned,
    cancelled: r.cancelled,
    patches,
  }
  if (!r.cancelled) await writeJson(t.cacheDir, file, result)
  return result
}

async function maps(
  l: Loaded,
  q: Extract<InspectTask, { type: 'featureMaps' }>,
): Result<'featureMaps'> {
  const { img } = await imageFor(l, q.image)
  const r = await featureMaps(l.model, q.layer, img, l.stats, q.maxChannels)
  return {
    layer: q.layer,
    shape: r.shape,
    maps: await Promise.all(
      r.maps.map(async (m) => ({
        channel: m.channel,
        image: await pngDataUrl(m.image),
        min: m.min,
        max: m.max,
      })),
    ),
  }
}
