import { useMemo } from 'react'
import { formatShape } from '../../../../shared/graph/shape'
import { useEditor } from '../EditorContext'
import { selectFrames } from '../store/selectors'
import type { EditorStore } from '../store/types'
import { shapeIntoGroup } from './groupInput'

const selectName = (s: EditorStore): string => s.name

/**
 * What a group's `input` block stands for, in place of the input's size fields: the group's
 * input is whatever flows into it, so those fields would change nothing.
 */
export function GroupInputNote(): React.JSX.Element {
  const frames = useEditor(selectFrames)
  const name = useEditor(selectName)
  const shape = useMemo(() => shapeIntoGroup(name, frames), [name, frames])
  return (
    <div className="group-input-note" data-testid="group-input">
      {shape ? (
        <p>
          What flows into the group: <span className="mono">{formatShape(shape)}</span>
        </p>
      ) : (
        <p>Nothing with a known shape flows into the group yet: connect it on the level above.</p>
      )}
      <p className="muted">
        The group’s input is whatever flows into it, so it has no size of its own.
      </p>
    </div>
  )
}
