import { useMemo } from 'react'
import { getTemplate } from '../../../../shared/templates'
import { analyzeDesign } from '../catalog'
import { compact } from '../nodes/format'

interface Props {
  onLenet(): void
  onTemplates(): void
  onBlank(): void
}

/** First run: what Blockwise is, and one click to a working network. */
export function Welcome({ onLenet, onTemplates, onBlank }: Props): React.JSX.Element {
  const totals = useMemo(() => analyzeDesign(getTemplate('lenet5')!.build()).totals, [])
  return (
    <div className="modal-backdrop">
      <div className="modal welcome" role="dialog" aria-label="Welcome" data-testid="welcome">
        <h1>Welcome to Blockwise</h1>
        <p>
          Design convolutional networks by dragging blocks, and see every layer’s output shape,
          parameters and cost as you edit.
        </p>
        <button className="btn primary big" onClick={onLenet} data-testid="welcome-lenet">
          Open LeNet-5 on MNIST
          <span className="btn-sub">
            LeCun’s 1998 digit reader: {totals.depth} weight layers, {compact(totals.params)}{' '}
            parameters
          </span>
        </button>
        <div className="welcome-more">
          <button className="btn" onClick={onTemplates} data-testid="welcome-templates">
            Browse all templates
          </button>
          <button className="btn ghost" onClick={onBlank} data-testid="welcome-blank">
            Start blank
          </button>
        </div>
      </div>
    </div>
  )
}
