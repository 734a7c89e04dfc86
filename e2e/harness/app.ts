/**
 * The app under test, whichever shell shows it: the browser against `blockwise serve`, or the
 * Electron desktop app. Journeys talk to `page` for everything a person clicks; the few steps
 * that go through the shell itself (native folder pickers, downloads) are methods here, so a
 * journey reads the same in both.
 */
import type { Page } from '@playwright/test'
import type { ExportPage } from '../pages/ExportPage'

export type AppKind = 'serve' | 'electron'

/** A file the user got out of an export, as they got it. */
export interface TakenExport {
  /** Where the app says it wrote the file. */
  path: string
  /** The bytes the user ended up with (the download in the browser, the file on disk in the app). */
  bytes: Buffer
}

export interface BlockwiseApp {
  readonly kind: AppKind
  /** The window showing the app, past its connection gate (`data-app-state="ready"`). */
  readonly page: Page
  /** This test's fresh data directory (BLOCKWISE_HOME). */
  readonly home: string
  /** Calls a command beside the UI, as another client would (seeding data). */
  call<T = unknown>(command: string, payload?: unknown): Promise<T>
  /**
   * With the import dialog open, puts `folder` in its path field the way a person does in this
   * shell: typed (the browser cannot hand over a folder) or picked in the native folder dialog.
   */
  chooseImportFolder(folder: string): Promise<void>
  /**
   * Exports the run shown in `ex` as `format` and takes the file the way a person does in this
   * shell: the default folder and the Download link (browser), or a folder picked in the native
   * dialog (desktop). Asserts the file landed where the shell promised.
   */
  exportAndTake(ex: ExportPage, format: string): Promise<TakenExport>
  /** What the server or the app printed (attached when a test fails). */
  output(): string
}

/** An app opened for one test, and how to close it and remove its folders. */
export interface OpenedApp {
  app: BlockwiseApp
  close(): Promise<void>
}
