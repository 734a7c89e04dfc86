import { useMemo } from 'react'
import { templates, type TemplateInfo } from '../../../../shared/templates'
import { analyzeDesign } from '../catalog'
import { compact } from '../nodes/format'

interface Props {
  onOpen(template: TemplateInfo): void
  onClose(): void
}

interface Card {
  template: TemplateInfo
  depth: number
  params: number
  macs: number
}

/** Figures for every template, computed once: analysis of the biggest takes milliseconds. */
let cards: Card[] | null = null
function templateCards(): Card[] {
  cards ??= templates.map((template) => {
    const a = analyzeDesign(template.build())
    return { template, depth: a.totals.depth, params: a.totals.params, macs: a.totals.macs }
  })
  return cards
}

const DATASET: Record<TemplateInfo['dataset'], string> = {
  mnist: 'MNIST 28×28',
  cifar10: 'CIFAR-10 32×32',
  imagenet: 'ImageNet 224×224',
}

/** The classic networks as cards: year, depth, size, cost and one line of history. */
export function TemplatesGallery({ onOpen, onClose }: Props): React.JSX.Element {
  const list = useMemo(() => templateCards(), [])
  return (
    <div className="modal-backdrop" onClick={onClose}>
      <div
        className="modal gallery"
        role="dialog"
        aria-label="Templates"
        onClick={(e) => e.stopPropagation()}
        data-testid="templates"
      >
        <header className="modal-head">
          <h2>Start from a classic</h2>
          <button className="icon-btn" onClick={onClose} aria-label="Close">
            ✕
          </button>
        </header>
        <div className="cards">
          {list.map(({ template: t, depth, params, macs }) => (
            <button
              key={t.id}
              className="card"
              onClick={() => onOpen(t)}
              data-testid={`template-${t.id}`}
            >
              <div className="card-top">
                <span className="card-name">{t.name}</span>
                <span className="card-year">{t.year}</span>
              </div>
              <p className="card-story">{t.story}</p>
              <div className="card-figures mono">
                <span title="Weight layers on the longest path">{depth} layers</span>
                <span title="Trainable parameters">{compact(params)} params</span>
                <span title="Multiply-accumulates per image">{compact(macs)} MACs</span>
              </div>
              <div className="card-dataset">{DATASET[t.dataset]}</div>
            </button>
          ))}
        </div>
      </div>
    </div>
  )
}
