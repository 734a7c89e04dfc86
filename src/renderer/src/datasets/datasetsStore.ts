/**
 * The dataset list every view shares, the import dialog's open flag and the dataset the dialog
 * last handed over, so a dataset imported (or found already stored) from anywhere — the picker's
 * button, the desktop menu — shows and gets chosen.
 */
import { useEffect } from 'react'
import { create } from 'zustand'
import type { DatasetSummary } from '../../../shared/api'
import { api } from '../api'
import { errorText, type Loadable } from '../train/useAsync'

interface DatasetsState {
  list: Loadable<DatasetSummary[]>
  importOpen: boolean
  /**
   * The dataset the dialog last handed over: the one an import stored, or the stored one a
   * duplicate import pointed to. `serial` tells two hand-overs of one id apart.
   */
  chosen: { id: string; serial: number } | null
}

export const useDatasets = create<DatasetsState>(() => ({
  list: { state: 'loading' },
  importOpen: false,
  chosen: null,
}))

let asked = 0

/** Lists the datasets again; an older answer arriving late is dropped, a failed refresh keeps the list shown. */
export async function refreshDatasets(): Promise<void> {
  const mine = ++asked
  try {
    const data = await api.datasets.list()
    if (mine === asked) useDatasets.setState({ list: { state: 'ready', data } })
  } catch (e) {
    if (mine === asked && useDatasets.getState().list.state !== 'ready')
      useDatasets.setState({ list: { state: 'error', message: errorText(e) } })
  }
}

export const openImportDialog = (): void => useDatasets.setState({ importOpen: true })
export const closeImportDialog = (): void => useDatasets.setState({ importOpen: false })

/**
 * Called by the dialog once the import is stored: refresh first so the picker has the new option,
 * then choose it; `close` false keeps the dialog open (it shows the skipped files).
 */
export async function datasetImported(id: string, close: boolean): Promise<void> {
  await refreshDatasets()
  useDatasets.setState((s) => ({
    chosen: { id, serial: (s.chosen?.serial ?? 0) + 1 },
    importOpen: s.importOpen && !close,
  }))
}

/** "Use “X”" on the duplicate notice: close the dialog and choose the stored dataset instead. */
export async function chooseExistingDataset(id: string): Promise<void> {
  useDatasets.setState({ importOpen: false })
  // The list may predate that dataset (imported elsewhere, e.g. by the CLI): refresh first.
  await refreshDatasets()
  useDatasets.setState((s) => ({ chosen: { id, serial: (s.chosen?.serial ?? 0) + 1 } }))
}

/**
 * Keeps a dataset picker's choice valid: each dataset the dialog hands over is chosen, and a
 * choice missing from the list (nothing was listed before, or it was deleted) becomes the last
 * one handed over, else the first.
 */
export function useSelectImported(
  value: string,
  datasets: DatasetSummary[],
  select: (id: string) => void,
): void {
  useEffect(
    () =>
      useDatasets.subscribe((s, prev) => {
        if (s.chosen && s.chosen !== prev.chosen) select(s.chosen.id)
      }),
    [select],
  )
  useEffect(() => {
    if (datasets.some((d) => d.id === value)) return
    const last = useDatasets.getState().chosen?.id
    const pick = datasets.find((d) => d.id === last) ?? datasets[0]
    if (pick) select(pick.id)
  }, [value, datasets, select])
}
