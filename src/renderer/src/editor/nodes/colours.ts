import type { Category } from '../catalog'

const COLOURS: Readonly<Record<Category, string>> = {
  io: 'var(--fam-io)',
  layers: 'var(--fam-layer)',
  activations: 'var(--fam-activation)',
  pooling: 'var(--fam-pooling)',
  normalisation: 'var(--fam-normalisation)',
  merge: 'var(--fam-merge)',
  composite: 'var(--fam-composite)',
}

/** The CSS colour of a block family (minimaps; the cards use the `fam-*` classes). */
export const familyColour = (category: string | undefined): string =>
  COLOURS[category as Category] ?? 'var(--text-3)'
