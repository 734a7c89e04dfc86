import { useNumberText } from '../ui/useNumberText'

interface Props {
  id: string
  label: string
  value: number | null
  onChange(v: number | null): void
  /** Why a typed number is not allowed ("at most 10"), null when it is. */
  check(n: number): string | null
  /** Empty is allowed and means null (e.g. "no limit"). */
  optional?: boolean
  placeholder?: string
  hint?: string
}

/** A labelled number input of the train form; reports a value only when it is allowed. */
export function NumberField({
  id,
  label,
  value,
  onChange,
  check,
  optional,
  placeholder,
  hint,
}: Props): React.JSX.Element {
  const { text, problem, input } = useNumberText({
    value,
    onChange,
    check,
    optional,
    empty: 'required',
  })
  return (
    <label className="tp-field" htmlFor={id}>
      <span className="tp-field-label">{label}</span>
      <input
        id={id}
        className={`tp-input${problem ? ' invalid' : ''}`}
        type="number"
        inputMode="decimal"
        step="any"
        value={text}
        placeholder={placeholder}
        onChange={(e) => input(e.target.value)}
        aria-invalid={problem !== null}
        data-testid={id}
      />
      {problem ? (
        <span className="tp-field-error">Must be {problem}</span>
      ) : hint ? (
        <span className="tp-field-hint">{hint}</span>
      ) : null}
    </label>
  )
}
