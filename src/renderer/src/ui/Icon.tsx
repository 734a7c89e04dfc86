/** Stroke icons drawn on a 16×16 grid, so they look the same on every OS (no font glyphs). */
const PATHS = {
  plus: 'M8 3v10M3 8h10',
  grid: 'M2.5 2.5h4v4h-4zM9.5 2.5h4v4h-4zM2.5 9.5h4v4h-4zM9.5 9.5h4v4h-4z',
  folder: 'M2 4.5h4l1.5 1.5H14v7H2z',
  save: 'M3 2.5h8l2.5 2.5v8.5h-10.5zM5.5 2.5v3.5h5v-3.5M5 13.5v-4h6v4',
  upload: 'M8 11V3M5 6l3-3 3 3M3 13h10',
  download: 'M8 3v8M5 8l3 3 3-3M3 13h10',
  undo: 'M5.5 4.5L3 7l2.5 2.5M3 7h6.5a3.5 3.5 0 010 7H7',
  redo: 'M10.5 4.5L13 7l-2.5 2.5M13 7H6.5a3.5 3.5 0 000 7H9',
  group: 'M2.5 2.5h11v11h-11zM5 5h3v3H5zM8 8h3v3H8z',
  ungroup: 'M2.5 2.5h5v5h-5zM8.5 8.5h5v5h-5z',
  layout: 'M6 2.5h4v3H6zM2.5 10.5h4v3h-4zM9.5 10.5h4v3h-4zM8 5.5v2.5M4.5 10.5V8h7v2.5',
  fit: 'M2.5 6V2.5H6M10 2.5h3.5V6M13.5 10v3.5H10M6 13.5H2.5V10',
  field: 'M8 8m-5.5 0a5.5 5.5 0 1011 0a5.5 5.5 0 10-11 0M8 8m-2 0a2 2 0 104 0a2 2 0 10-4 0',
  editor: 'M2.5 2.5h11v11h-11zM2.5 6h11M6 6v7.5',
  train: 'M4.5 3l8 5-8 5z',
  history: 'M8 8m-5.5 0a5.5 5.5 0 1011 0a5.5 5.5 0 10-11 0M8 5v3l2 1.5',
  blocks: 'M2.5 2.5h5v5h-5zM8.5 8.5h5v5h-5zM7.5 5h3.5v3.5',
} as const

export type IconName = keyof typeof PATHS

export function Icon({ name, size = 16 }: { name: IconName; size?: number }): React.JSX.Element {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 16 16"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.4}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden
    >
      <path d={PATHS[name]} />
    </svg>
  )
}
