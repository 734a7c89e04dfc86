import { useState } from 'react'

/**
 * The text of a number box: keeps what is typed (a half-typed "0." stays), follows the value when
 * it changes elsewhere (undo, another design's defaults), and reports a value only when `check`
 * finds nothing wrong with it. Empty reports null when `optional`, else it is the `empty` problem.
 */
export function useNumberText({
  value,
  onChange,
  check,
  optional = false,
  empty,
}: {
  value: number | null
  onChange(v: number | null): void
  check(n: number): string | null
  optional?: boolean
  empty: string
}): { text: string; problem: string | null; input(text: string): void } {
  const [text, setText] = useState(value === null ? '' : String(value))
  const [seen, setSeen] = useState(value)
  if (seen !== value) {
    setSeen(value)
    if (!(text.trim() !== '' && Number(text) === value))
      setText(value === null ? '' : String(value))
  }
  const blank = text.trim() === ''
  const problem = blank ? (optional ? null : empty) : check(Number(text))
  const input = (t: string): void => {
    setText(t)
    if (t.trim() === '') {
      if (optional) onChange(null)
      return
    }
    const n = Number(t)
    if (check(n) === null) onChange(n)
  }
  return { text, problem, input }
}
