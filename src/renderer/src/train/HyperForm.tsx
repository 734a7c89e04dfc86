import type { Recipe } from '../../../shared/runs'
import { NumberField } from './NumberField'

export type Backend = 'auto' | 'tensorflow' | 'wasm' | 'cpu'

const OPTIMIZERS: [Recipe['optimizer'], string][] = [
  ['sgd', 'SGD'],
  ['momentum', 'SGD + momentum'],
  ['adam', 'Adam'],
  ['rmsprop', 'RMSProp'],
]
const SCHEDULES: [Recipe['schedule'], string][] = [
  ['constant', 'Constant'],
  ['step', 'Step decay'],
  ['multiStep', 'Divide at milestones'],
  ['cosine', 'Cosine'],
]

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
  const set =
    <K extends keyof Recipe>(key: K) =>
    (v: Recipe[K]) =>
      onChange({ ...recipe, [key]: v })
  const setNum =
    (
      key:
        | 'lr'
        | 'momentum'
        | 'weightDecay'
        | 'batchSize'
        | 'epochs'
        | 'stepEvery'
        | 'stepGamma'
        | 'seed'
        | 'valFraction'
        | 'warmupEpochs'
        | 'cropPadding',
    ) =>
    (v: number | null) => {
      if (v !== null) onChange({ ...recipe, [key]: v })
    }
  return (
    <section className="tp-section" data-testid="hyper-form">
      <h3 className="tp-heading">Hyperparameters</h3>
      <div className="tp-grid">
        <label className="tp-field" htmlFor="hp-optimizer">
          <span className="tp-field-label">Optimizer</span>
          <select
            id="hp-optimizer"
            className="tp-input"
            value={recipe.optimizer}
            onChange={(e) => set('optimizer')(e.target.value as Recipe['optimizer'])}
            data-testid="hp-optimizer"
          >
            {OPTIMIZERS.map(([v, l]) => (
              <option key={v} value={v}>
                {l}
              </option>
            ))}
          </select>
        </label>
        <NumberField
          id="hp-lr"
          label="Learning rate"
          value={recipe.lr}
          onChange={setNum('lr')}
          min={1e-7}
          max={10}
        />
        {(recipe.optimizer === 'momentum' || recipe.optimizer === 'rmsprop') && (
          <NumberField
            id="hp-momentum"
            label="Momentum"
            value={recipe.momentum}
            onChange={setNum('momentum')}
            min={0}
            max={0.9999}
          />
        )}
        <label className="tp-field" htmlFor="hp-schedule">
          <span className="tp-field-label">LR schedule</span>
          <select
            id="hp-schedule"
            className="tp-input"
            value={recipe.schedule}
            onChange={(e) => set('schedule')(e.target.value as Recipe['schedule'])}
            data-testid="hp-schedule"
          >
            {SCHEDULES.map(([v, l]) => (
              <option key={v} value={v}>
                {l}
              </option>
            ))}
          </select>
        </label>
        {recipe.schedule === 'step' && (
          <>
            <NumberField
              id="hp-stepEvery"
              label="Every (epochs)"
              value={recipe.stepEvery}
              onChange={setNum('stepEvery')}
              min={1}
              integer
            />
            <NumberField
              id="hp-stepGamma"
              label="Multiply by"
              value={recipe.stepGamma}
              onChange={setNum('stepGamma')}
              min={0.0001}
              max={1}
            />
          </>
        )}
        {recipe.schedule === 'multiStep' && (
          <>
            <MilestonesField value={recipe.milestones} onChange={set('milestones')} />
            <NumberField
              id="hp-stepGamma"
              label="Multiply by"
              value={recipe.stepGamma}
              onChange={setNum('stepGamma')}
              min={0.0001}
              max={1}
            />
          </>
        )}
        <NumberField
          id="hp-warmup"
          label="Warm-up (epochs)"
          value={recipe.warmupEpochs}
          onChange={setNum('warmupEpochs')}
          min={0}
        />
        <NumberField
          id="hp-batchSize"
          label="Batch size"
          value={recipe.batchSize}
          onChange={setNum('batchSize')}
          min={1}
          max={65536}
          integer
        />
        <NumberField
          id="hp-epochs"
          label="Epochs"
          value={recipe.epochs}
          onChange={setNum('epochs')}
          min={1}
          max={10000}
          integer
        />
        <NumberField
          id="hp-weightDecay"
          label="Weight decay"
          value={recipe.weightDecay}
          onChange={setNum('weightDecay')}
          min={0}
          max={1}
        />
        <NumberField
          id="hp-seed"
          label="Seed"
          value={recipe.seed}
          onChange={setNum('seed')}
          min={0}
          max={2 ** 31 - 1}
          integer
        />
        <NumberField
          id="hp-valFraction"
          label="Validation fraction"
          value={recipe.valFraction}
          onChange={setNum('valFraction')}
          min={0}
          max={0.5}
        />
        <NumberField
          id="hp-limit"
          label="Limit (examples)"
          value={recipe.limit}
          onChange={set('limit')}
          min={1}
          integer
          optional
          placeholder={trainCount === null ? 'all' : `all ${trainCount.toLocaleString()}`}
          hint="Train on a subset for a quick try"
        />
        <NumberField
          id="hp-crop"
          label="Random crop padding"
          value={recipe.cropPadding}
          onChange={setNum('cropPadding')}
          min={0}
          max={64}
          integer
          hint="Pixels; 0 = off"
        />
        <label className="tp-field tp-check" htmlFor="hp-flip">
          <input
            id="hp-flip"
            type="checkbox"
            checked={recipe.flip}
            onChange={(e) => set('flip')(e.target.checked)}
            data-testid="hp-flip"
          />
          <span>Random horizontal flip</span>
        </label>
      </div>
    </section>
  )
}

function MilestonesField({
  value,
  onChange,
}: {
  value: number[]
  onChange(v: number[]): void
}): React.JSX.Element {
  return (
    <label className="tp-field" htmlFor="hp-milestones">
      <span className="tp-field-label">At epochs</span>
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
