import { Command } from 'commander'

/**
 * Output helpers every CLI command shares: aligned tables, number formats, JSON output and
 * error reporting. Commands write through these so `--json` always ends with one JSON line.
 */

const SI_PREFIXES = ['', 'K', 'M', 'G', 'T', 'P'] as const

/** 61706 → "61,706". */
export function formatInt(n: number): string {
  return Math.round(n).toLocaleString('en-US')
}

/** 1_823_000_000 → "1.82 G" (three significant digits, SI prefix); small values stay whole. */
export function formatSi(n: number, unit = ''): string {
  const sign = n < 0 ? '-' : ''
  let value = Math.abs(n)
  let prefix = 0
  while (value >= 999.5 && prefix < SI_PREFIXES.length - 1) {
    value /= 1000
    prefix++
  }
  const digits = prefix === 0 ? String(Math.round(value)) : value.toPrecision(3)
  const suffix = `${SI_PREFIXES[prefix]}${unit}`
  return suffix ? `${sign}${digits} ${suffix}` : `${sign}${digits}`
}

/** [224, 224, 3] → "224×224×3"; an unknown shape → "?". */
export function formatShape(shape: readonly number[] | null | undefined): string {
  return shape && shape.length > 0 ? shape.join('×') : '?'
}

/** Milliseconds as "850 ms", "12.3 s", "4 min 05 s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`
  const minutes = Math.floor(ms / 60_000)
  const seconds = Math.round((ms % 60_000) / 1000)
  return `${minutes} min ${String(seconds).padStart(2, '0')} s`
}

export interface Column<Row> {
  header: string
  /** Numbers read best right-aligned; text left-aligned (the default). */
  align?: 'left' | 'right'
  value: (row: Row) => string
}

/**
 * Renders rows as an aligned plain-text table with a header and a rule under it; `footer` rows
 * (totals) follow a second rule.
 */
export function renderTable<Row>(
  columns: readonly Column<Row>[],
  rows: readonly Row[],
  footer: readonly Row[] = [],
): string {
  const cells = [...rows, ...footer].map((row) => columns.map((col) => col.value(row)))
  const widths = columns.map((col, i) =>
    Math.max(col.header.length, ...cells.map((r) => r[i]!.length)),
  )
  const line = (values: readonly string[]): string =>
    values
      .map((v, i) =>
        columns[i]!.align === 'right' ? v.padStart(widths[i]!) : v.padEnd(widths[i]!),
      )
      .join('  ')
      .trimEnd()
  const header = line(columns.map((c) => c.header))
  const rule = widths.map((w) => '─'.repeat(w)).join('  ')
  const body = cells.slice(0, rows.length).map(line)
  const foot = footer.length > 0 ? [rule, ...cells.slice(rows.length).map(line)] : []
  return [header, rule, ...body, ...foot].join('\n')
}

/** Prints a table to stdout. */
export function printTable<Row>(
  columns: readonly Column<Row>[],
  rows: readonly Row[],
  footer: readonly Row[] = [],
): void {
  console.log(renderTable(columns, rows, footer))
}

/** Prints one JSON value on one line: the last line of every `--json` command. */
export function printJson(value: unknown): void {
  console.log(JSON.stringify(value))
}

/** A failure a command reports to the user: message, stable code, exit status 1. */
export class CliError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message)
    this.name = 'CliError'
  }
}

/**
 * Reports a failure: the message on stderr, and with `--json` an `{error: {code, message}}`
 * line on stdout so scripts always get JSON. Sets exit status 1 without cutting output short.
 */
export function reportError(error: unknown, json: boolean): void {
  const code = error instanceof CliError ? error.code : 'internal'
  const message = error instanceof Error ? error.message : String(error)
  console.error(`blockwise: ${message}`)
  if (json) printJson({ error: { code, message } })
  process.exitCode = 1
}

/**
 * Wraps a commander action so a thrown error becomes a clear message and exit status 1
 * instead of a stack trace. `--json` is read from the command, commander's last argument.
 */
export function guarded<Args extends unknown[]>(
  run: (...args: Args) => void | Promise<void>,
): (...args: Args) => Promise<void> {
  return async (...args: Args) => {
    try {
      await run(...args)
    } catch (error) {
      const command = args[args.length - 1]
      reportError(error, command instanceof Command && command.opts().json === true)
    }
  }
}
