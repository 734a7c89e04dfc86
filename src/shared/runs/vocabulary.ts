/** The words runs are described in, shared by the store and the API. */

/** Every state a run can be in; the engine moves runs between them. */
export const RUN_STATUSES = [
  'queued',
  'running',
  'completed',
  'stopped',
  'failed',
  'crashed',
  'diverged',
] as const

/** Columns the runs list can be sorted by: the store sorts by them, the API accepts them. */
export const RUN_SORT_COLUMNS = [
  'id',
  'name',
  'designName',
  'datasetName',
  'status',
  'createdAt',
  'startedAt',
  'endedAt',
  'duration',
  'params',
  'macs',
  'bestValAccuracy',
  'testAccuracy',
  'backend',
  'queuePosition',
] as const

export type RunSortColumn = (typeof RUN_SORT_COLUMNS)[number]
