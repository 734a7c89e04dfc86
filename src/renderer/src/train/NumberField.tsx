import { useState } from 'react'

interface Props {
  id: string
  label: string
  value: number | null
  onChange(v: number | null): void
  min?: number
  max?: number
  integer?: boolean
  /** Empty is allowed and means null (e.g. "no limit"). */
  optional?: boolean
  placeholder?: string
  hint?: string
  step?: number | 'any'
}

/** A number input that keeps what is typed, and reports a value only when it is within bounds. */
export function NumberField({
  id,
  label,
  value,
  onChange,
  min,
  max,
  integer,
  optional,
  placeholder,
  hint,
  step = 'any',
}: Props): React.JSX.Element {
  const [text, setText] = useState(value === null ? '' : String(value))
  const [error, setError] = useState<string | null>(null)
  // Follow the value when it changes from outside (defaults of another design).
  const [seen, setSeen] = useState(value)
  if (seen !== value) {
    setSeen(value)
    if (!(text !== '' && Number(text) === value)) setText(value === null ? '' : String(value))
    setError(null)
  }

  const commit = (t: string): void => {
    setText(t)
    if (t.trim() === '') {
      if (optional) {
        setError(null)
        onChange(null)
      } else setError('required')
      return
    }
    const n = Number(t)
    const problem = !Number.isFinite(n)
      ? 'not a number'
      : integer && !Number.isInteger(n)
        ? 'a whole number'
        : min !== undefined && n < min
          ? `at least ${min}`
          : max !== undefined && n > max
            ? `at most ${max}`
            : null
    setError(problem)
    if (!problem) onChange(n)
  }

  return (
    <label className="tp-field" htmlFor={id}>
      <span className="tp-field-label">{label}</span>
      <input
        id={id}
        className={`tp-input${error ? ' invalid' : ''}`}
        type="number"
        inputMode="decimal"
        step={step}
        value={text}
        placeholder={placeholder}
        onChange={(e) => commit(e.target.value)}
        aria-invalid={error !== null}
        data-testid={id}
      />
      {error ? (
        <span className="tp-field-error">Must be {error}</span>
      ) : hint ? (
        <span className="tp-field-hint">{hint}</span>
      ) : null}
    </label>
  )
}
