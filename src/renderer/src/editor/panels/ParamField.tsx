import type { ParamField as FieldSpec } from '../../../../shared/graph'
import { useNumberText } from '../../ui/useNumberText'

type NumberSpec = Extract<FieldSpec, { type: 'int' | 'number' }>

/** Why `value` is not acceptable for a number field, or null. */
export function numberProblem(field: NumberSpec, value: number): string | null {
  if (!Number.isFinite(value)) return 'Enter a number'
  if (field.type === 'int' && !Number.isInteger(value)) return 'Enter a whole number'
  if (value < field.min) return `At least ${field.min}`
  if (value > field.max) return `At most ${field.max}`
  return null
}

interface Props {
  field: FieldSpec
  value: unknown
  onChange(value: unknown): void
}

/** Names that read better than their param key. */
const LABELS: Readonly<Record<string, string>> = {
  fn: 'Function',
  useBias: 'Bias',
  b1x1: '1×1 convs',
  b3x3reduce: '3×3 reduce',
  b3x3: '3×3 convs',
  b5x5reduce: '5×5 reduce',
  b5x5: '5×5 convs',
  poolProj: 'Pool proj',
  batchNorm: 'Batch norm',
}

const title = (key: string): string =>
  LABELS[key] ?? key.replace(/([A-Z])/g, ' $1').replace(/^./, (c) => c.toUpperCase())

/** A number box that keeps what the user types and commits only valid values. */
function NumberField({ field, value, onChange }: Props & { field: NumberSpec }): React.JSX.Element {
  const { text, problem, input } = useNumberText({
    value: typeof value === 'number' ? value : field.default,
    onChange: (n) => {
      if (n !== null) onChange(n)
    },
    check: (n) => numberProblem(field, n),
    empty: 'Enter a number',
  })
  const range =
    Number.isFinite(field.min) && Number.isFinite(field.max) ? `${field.min}–${field.max}` : ''
  return (
    <>
      <div className="number-wrap">
        <input
          type="number"
          className={problem ? 'invalid' : undefined}
          value={text}
          min={Number.isFinite(field.min) ? field.min : undefined}
          max={Number.isFinite(field.max) ? field.max : undefined}
          step={field.type === 'int' ? 1 : 'any'}
          aria-invalid={problem !== null}
          data-testid={`param-${field.name}`}
          onChange={(e) => input(e.target.value)}
        />
        {field.unit && <span className="unit">{field.unit}</span>}
      </div>
      {problem ? (
        <span className="field-error">
          {problem}
          {range && ` (${range})`}
        </span>
      ) : null}
    </>
  )
}

/** One inspector row, drawn from a params schema field. */
export function ParamField({ field, value, onChange }: Props): React.JSX.Element {
  let control: React.JSX.Element
  switch (field.type) {
    case 'int':
    case 'number':
      control = <NumberField field={field} value={value} onChange={onChange} />
      break
    case 'choice':
      control = (
        <select
          value={String(value ?? field.default)}
          onChange={(e) => onChange(e.target.value)}
          data-testid={`param-${field.name}`}
        >
          {field.options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      )
      break
    case 'boolean': {
      const on = Boolean(value ?? field.default)
      control = (
        <button
          role="switch"
          aria-checked={on}
          className={`toggle${on ? ' on' : ''}`}
          onClick={() => onChange(!on)}
          data-testid={`param-${field.name}`}
        >
          <span className="knob" />
        </button>
      )
      break
    }
    case 'structure':
      control = <span className="muted">edited on the canvas</span>
      break
  }
  return (
    <label className="field" title={field.description}>
      <span className="field-name">{title(field.name)}</span>
      {control}
      {field.description && <span className="field-help">{field.description}</span>}
    </label>
  )
}
