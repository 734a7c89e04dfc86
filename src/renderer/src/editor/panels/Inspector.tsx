import { Fragment, useCallback, useMemo } from 'react'
import { fieldVisible, paramFields } from '../../../../shared/graph'
import { groupOrigin, isEditableKind } from '../../../../shared/graph/editAsGroup'
import { formatShape } from '../../../../shared/graph/shape'
import { blockSpec } from '../catalog'
import { commandList, commands } from '../commands'
import { useRunCommand } from '../commands/CommandProvider'
import { shortcutLabel, tooltip } from '../commands/shortcuts'
import { useEditor, useEditorApi } from '../EditorContext'
import type { BlockNode } from '../model'
import { compact, exact } from '../nodes/format'
import { selectSelectedCount, selectSingleSelected } from '../store/selectors'
import type { EditorStore } from '../store/types'
import { DiagnosticItem } from './DiagnosticItem'
import { isInsideGroup } from './groupInput'
import { GroupInputNote } from './GroupInputNote'
import { ParamField } from './ParamField'

const infoOf = (s: EditorStore, id: string) => s.levelAnalysis.nodes[id]
const issuesOf = (s: EditorStore, id: string) => s.levelAnalysis.byNode[id]
const selectInsideGroup = (s: EditorStore): boolean => isInsideGroup(s.frames)

/** The form of one block: name, params from its schema, figures and problems. */
function NodeInspector({ node }: { node: BlockNode }): React.JSX.Element {
  const api = useEditorApi()
  const run = useRunCommand()
  const spec = blockSpec(node.data.kind)
  const info = useEditor(useCallback((s: EditorStore) => infoOf(s, node.id), [node.id]))
  const issues = useEditor(useCallback((s: EditorStore) => issuesOf(s, node.id), [node.id]))
  const fields = useMemo(() => (spec ? paramFields(spec.params) : []), [spec])
  const params = { ...(spec?.defaults ?? {}), ...node.data.params }
  const origin = groupOrigin({ ...node.data, id: node.id, position: node.position })
  // Inside a group, the input block stands for what flows in: its own size is not used.
  const groupEntry = useEditor(selectInsideGroup) && node.data.kind === 'input'
  if (!spec) return <div className="inspector-body">Unknown block kind “{node.data.kind}”.</div>
  return (
    <div className="inspector-body" data-testid="inspector" data-node={node.id}>
      <div className={`inspector-kind fam-${spec.category}`}>
        {groupEntry ? 'Group input' : spec.label}
      </div>
      <p className="inspector-desc">
        {groupEntry ? 'Where the group’s inside begins.' : spec.description}
      </p>
      {origin && (
        <p className="muted" data-testid="inspector-origin">
          Made from a {blockSpec(origin.kind)?.label ?? origin.kind} by Edit as group.
        </p>
      )}
      <label className="field">
        <span className="field-name">Name</span>
        <input
          value={node.data.label ?? ''}
          placeholder={node.id}
          onChange={(e) => api.getState().setLabel(node.id, e.target.value)}
          data-testid="param-label"
        />
      </label>
      {groupEntry && <GroupInputNote />}
      {fields
        .filter((f) => !groupEntry && f.type !== 'structure' && fieldVisible(f, params))
        .map((f) => (
          <ParamField
            key={f.name}
            field={f}
            value={params[f.name]}
            onChange={(v) => api.getState().updateParams(node.id, { [f.name]: v })}
          />
        ))}
      {spec.composite && (
        <button
          className="btn wide"
          onClick={() => api.getState().openFrame(node.id)}
          data-testid="inspector-open"
        >
          Open inside ▸
        </button>
      )}
      {isEditableKind(node.data.kind) && (
        <button
          className="btn wide"
          title={`${tooltip(commands.editAsGroup)}: turn this block into a group of its layers, to change one or add one`}
          onClick={() => run('editAsGroup')}
          data-testid="inspector-edit-as-group"
        >
          Edit as group
        </button>
      )}
      {node.data.kind === 'group' && (
        <button
          className="btn wide"
          title={tooltip(commands.ungroup)}
          onClick={() => run('ungroup')}
          data-testid="inspector-ungroup"
        >
          Ungroup
        </button>
      )}
      <dl className="figures">
        <dt>Output</dt>
        <dd className="mono" data-testid="inspector-shape">
          {info?.shape ? formatShape(info.shape) : '—'}
        </dd>
        <dt>Parameters</dt>
        <dd className="mono" data-testid="inspector-params">
          {info ? exact(info.cost.params) : '—'}
        </dd>
        {info && info.cost.nonTrainableParams > 0 && (
          <>
            <dt>Non-trainable</dt>
            <dd className="mono">{exact(info.cost.nonTrainableParams)}</dd>
          </>
        )}
        <dt>MACs</dt>
        <dd className="mono">{info ? compact(info.cost.macs) : '—'}</dd>
        <dt>Receptive field</dt>
        <dd className="mono">{info?.receptiveField != null ? `${info.receptiveField} px` : '—'}</dd>
        <dt>Cumulative stride</dt>
        <dd className="mono">{info?.cumulativeStride != null ? info.cumulativeStride : '—'}</dd>
      </dl>
      {issues && issues.length > 0 && (
        <ul className="diag-list">
          {issues.map((d, i) => (
            <DiagnosticItem key={i} diagnostic={d} />
          ))}
        </ul>
      )}
    </div>
  )
}

/** The keyboard shortcuts, from the command list. */
function ShortcutList(): React.JSX.Element {
  return (
    <dl className="shortcuts">
      {commandList
        .filter((c) => c.shortcut)
        .map((c) => (
          <Fragment key={c.id}>
            <dt>{c.label}</dt>
            <dd>
              <kbd>{shortcutLabel(c.shortcut!)}</kbd>
            </dd>
          </Fragment>
        ))}
    </dl>
  )
}

/** The right panel: the selected block's form, or what to do with a multi-selection. */
export function Inspector(): React.JSX.Element {
  const node = useEditor(selectSingleSelected)
  const count = useEditor(selectSelectedCount)
  const run = useRunCommand()
  let body: React.JSX.Element
  if (node) body = <NodeInspector key={node.id} node={node} />
  else if (count > 1)
    body = (
      <div className="inspector-body">
        <p>{count} blocks selected.</p>
        <button
          className="btn wide"
          title={tooltip(commands.group)}
          onClick={() => run('group')}
          data-testid="inspector-group"
        >
          Group into a custom block
        </button>
      </div>
    )
  else
    body = (
      <div className="inspector-body empty">
        <p>Select a block to edit its parameters.</p>
        <p className="muted">
          Drag blocks from the left, connect an output (bottom dot) to an input (top dot).
          Shift-drag to select several.
        </p>
        <ShortcutList />
      </div>
    )
  return (
    <aside className="inspector">
      <div className="panel-title">Inspector</div>
      {body}
    </aside>
  )
}
