import { fieldVisible } from '../../../shared/graph'
import { withOptimizer, type Recipe } from '../../../shared/runs'
import {
  settingMeta,
  settingProblem,
  type Optimizer,
  type Schedule,
} from '../../../shared/training/settings'
import { NumberField } from './NumberField'

const OPTIMIZER_LABELS: Record<Optimizer, string> = {
  sgd: 'SGD',
  momentum: 'SGD + momentum',
  adam: 'Adam',
  rmsprop: 'RMSProp',
}
const SCHEDULE_LABELS: Record<Schedule, string> = {
  constant: 'Constant',
  step: 'Step decay',
  multiStep: 'Divide at milestones',
  cosine: 'Cosine',
}

/** The numeric settings the form shows, by group; labels, hints and bounds come from the schema. */
const OPTIMIZER_NUMBERS = ['lr', 'momentum'] as const
const SCHEDULE_NUMBERS = ['stepEvery', 'stepGamma', 'minLr', 'warmupEpochs'] as const
const OTHER_NUMBERS = [
  'batchSize',
  'epochs',
  'weightDecay',
  'patience',
  'divergeFactor',
  'seed',
  'valFraction',
  'cropPadding',
] as const
type NumberName =
  | (typeof OPTIMIZER_NUMBERS)[number]
  | (typeof SCHEDULE_NUMBERS)[number]
  | (typeof OTHER_NUMBERS)[number]

/** The training recipe: optimizer, learning rate and its schedule, batches, regularisation, data. */
export function HyperForm({
  recipe,
  onChange,
  trainCount,
}: {
  recipe: Recipe
  onChange(r: Recipe): void
  trainCount: number | null
}): React.JSX.Element {
  const number = (name: NumberName): React.JSX.Element | null => {
    const meta = settingMeta(name)
    // `when`: momentum only for optimizers that read it, a schedule's own numbers, …
    if (!fieldVisible(meta, recipe)) return null
    return (
      <NumberField
        key={name}
        id={`hp-${name}`}
        label={meta.label}
        hint={meta.hint}
        value={recipe[name]}
        check={(n) => settingProblem(name, n)}
        onChange={(v) => {
          if (v !== null) onChange({ ...recipe, [name]: v })
        }}
      />
    )
  }
  const limit = settingMeta('limit')
  return (
    <section className="tp-section" data-testid="hyper-form">
      <h3 className="tp-heading">Hyperparameters</h3>
      <div className="tp-grid">
        <Choice
          name="optimizer"
          value={recipe.optimizer}
          labels={OPTIMIZER_LABELS}
          onChange={(v) => onChange(withOptimizer(recipe, v))}
        />
        {OPTIMIZER_NUMBERS.map(number)}
        <Choice
          name="schedule"
          value={recipe.schedule}
          labels={SCHEDULE_LABELS}
          onChange={(v) => onChange({ ...recipe, schedule: v })}
        />
        {recipe.schedule === 'multiStep' && (
          <MilestonesField
            label={settingMeta('milestones').label}
            value={recipe.milestones}
            onChange={(milestones) => onChange({ ...recipe, milestones })}
          />
        )}
        {SCHEDULE_NUMBERS.map(number)}
        {OTHER_NUMBERS.map(number)}
        <NumberField
          id="hp-limit"
          label={limit.label}
          value={recipe.limit ?? null}
          onChange={(v) => onChange({ ...recipe, limit: v ?? undefined })}
          check={(n) => settingProblem('limit', n)}
          optional
          placeholder={trainCount === null ? 'all' : `all ${trainCount.toLocaleString()}`}
          hint={limit.hint}
        />
        <label className="tp-field tp-check" htmlFor="hp-flip">
          <input
            id="hp-flip"
            type="checkbox"
            checked={recipe.flip}
            onChange={(e) => onChange({ ...recipe, flip: e.target.checked })}
            data-testid="hp-flip"
          />
          <span>{settingMeta('flip').label}</span>
        </label>
      </div>
    </section>
  )
}

function Choice<T extends string>({
  name,
  value,
  labels,
  onChange,
}: {
  name: 'optimizer' | 'schedule'
  value: T
  labels: Record<T, string>
  onChange(v: T): void
}): React.JSX.Element {
  const options = Object.keys(labels) as T[]
  return (
    <label className="tp-field" htmlFor={`hp-${name}`}>
      <span className="tp-field-label">{settingMeta(name).label}</span>
      <select
        id={`hp-${name}`}
        className="tp-input"
        value={value}
        onChange={(e) => onChange(e.target.value as T)}
        data-testid={`hp-${name}`}
      >
        {options.map((v) => (
          <option key={v} value={v}>
            {labels[v]}
          </option>
        ))}
      </select>
    </label>
  )
}

function MilestonesField({
  label,
  value,
  onChange,
}: {
  label: string
  value: number[]
  onChange(v: number[]): void
}): React.JSX.Element {
  return (
    <label className="tp-field" htmlFor="hp-milestones">
      <span className="tp-field-label">{label}</span>
      <input
        id="hp-milestones"
        className="tp-input"
        defaultValue={value.join(', ')}
        key={value.join(',')}
        onBlur={(e) => {
          const ms = e.target.value
            .split(/[\s,]+/)
            .map(Number)
            .filter((n) => Number.isInteger(n) && n > 0)
          onChange([...new Set(ms)].sort((a, b) => a - b))
        }}
        placeholder="e.g. 82, 123"
        data-testid="hp-milestones"
      />
    </label>
  )
}
