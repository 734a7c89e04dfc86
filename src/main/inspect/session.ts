import { loadDataset, type LoadedDataset } from '../datasets'
import { initBackend } from '../engine/backend'
import type { Stats } from './evaluate'
import { loadRunModel, type RunModel } from './model'
import type { InspectTarget } from './protocol'

/** A run's loaded network and dataset, shared by every request about it. */
export interface Loaded {
  model: RunModel
  data: LoadedDataset
  stats: Stats
}

/**
 * Keeps the last few loaded networks and the last dataset in memory, so a second request
 * about the same run answers at once. Loads are shared by concurrent requests.
 */
export class LoadCache {
  private backend: Promise<unknown> | null = null
  private readonly models = new Map<string, Promise<RunModel>>()
  private data: { key: string; value: Promise<LoadedDataset> } | null = null

  constructor(private readonly maxModels = 2) {}

  async get(t: InspectTarget): Promise<Loaded> {
    this.backend ??= initBackend(t.backend)
    await this.backend
    const [model, data] = await Promise.all([this.model(t), this.dataset(t)])
    return { model, data, stats: { shape: data.shape, mean: data.mean, std: data.std } }
  }

  private model(t: InspectTarget): Promise<RunModel> {
    const key = t.checkpointDir
    let m = this.models.get(key)
    if (m) {
      this.models.delete(key)
      this.models.set(key, m)
      return m
    }
    m = loadRunModel(t.design, t.checkpointDir)
    m.catch(() => this.models.delete(key))
    this.models.set(key, m)
    while (this.models.size > this.maxModels) {
      const [oldest, value] = this.models.entries().next().value!
      this.models.delete(oldest)
      void value.then(
        (r) => r.dispose(),
        () => undefined,
      )
    }
    return m
  }

  private dataset(t: InspectTarget): Promise<LoadedDataset> {
    const key = JSON.stringify([t.home, t.datasetId, t.valFraction, t.seed])
    if (this.data?.key !== key) {
      const value = loadDataset(t.home, t.datasetId, { valFraction: t.valFraction, seed: t.seed })
      this.data = { key, value }
      value.catch(() => {
        if (this.data?.value === value) this.data = null
      })
    }
    return this.data.value
  }
}
