import { useMemo, useState, type DragEvent } from 'react'
import { BLOCK_MIME } from '../canvas/Canvas'
import { blockList, CATEGORIES, CATEGORY_LABELS, type BlockSpec } from '../catalog'

interface Props {
  /** Add a block at the centre of the view (click instead of drag). */
  onAdd(kind: string): void
}

function matches(spec: BlockSpec, query: string): boolean {
  if (!query) return true
  const q = query.toLowerCase()
  return (
    spec.kind.toLowerCase().includes(q) ||
    spec.label.toLowerCase().includes(q) ||
    spec.description.toLowerCase().includes(q)
  )
}

/** Every block kind by family, searchable; drag onto the canvas or click to add. */
export function Palette({ onAdd }: Props): React.JSX.Element {
  const [query, setQuery] = useState('')
  const groups = useMemo(
    () =>
      CATEGORIES.map((c) => ({
        category: c,
        specs: blockList.filter((b) => b.category === c && matches(b, query.trim())),
      })).filter((g) => g.specs.length > 0),
    [query],
  )
  const onDragStart = (e: DragEvent, kind: string): void => {
    e.dataTransfer.setData(BLOCK_MIME, kind)
    e.dataTransfer.effectAllowed = 'copy'
  }
  return (
    <aside className="palette" data-testid="palette">
      <div className="panel-title">Blocks</div>
      <input
        className="search"
        type="search"
        placeholder="Search blocks…"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        data-testid="palette-search"
      />
      <div className="palette-scroll">
        {groups.map((g) => (
          <section key={g.category} className="palette-group">
            <h3 className={`palette-heading fam-${g.category}`}>{CATEGORY_LABELS[g.category]}</h3>
            {g.specs.map((spec) => (
              <button
                key={spec.kind}
                className={`palette-item fam-${spec.category}`}
                draggable
                onDragStart={(e) => onDragStart(e, spec.kind)}
                onClick={() => onAdd(spec.kind)}
                title={`${spec.description}\nDrag onto the canvas, or click to add it in the middle.`}
                data-testid={`palette-${spec.kind}`}
              >
                <span className="palette-label">{spec.label}</span>
                <span className="palette-desc">{spec.description}</span>
              </button>
            ))}
          </section>
        ))}
        {groups.length === 0 && <p className="muted">No block matches “{query}”.</p>}
      </div>
    </aside>
  )
}
