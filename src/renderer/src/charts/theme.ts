/** Colours for run series: distinct, readable on light and dark panels. */
export const RUN_COLOURS = [
  '#3b6cf6',
  '#e0851b',
  '#1f9d6a',
  '#d4407c',
  '#8b5cf6',
  '#0891b2',
  '#c27c0e',
  '#64748b',
  '#d93a3a',
  '#0e9f8f',
] as const

export const runColour = (i: number): string => RUN_COLOURS[i % RUN_COLOURS.length]!

/** Axis styling shared by every chart: muted labels and grid lines that follow the theme. */
export function axisStyle(): Record<string, unknown> {
  const css = getComputedStyle(document.documentElement)
  const text = css.getPropertyValue('--text-3').trim() || '#8a93a4'
  const line = css.getPropertyValue('--line').trim() || '#e2e5ea'
  return {
    axisLabel: { color: text, fontSize: 11 },
    nameTextStyle: { color: text, fontSize: 11 },
    axisLine: { lineStyle: { color: line } },
    splitLine: { lineStyle: { color: line } },
  }
}
