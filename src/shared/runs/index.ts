/** Pure logic behind the train and history views: recipes, plain twins, dataset fit, diffs, smoothing. */
export * from './recipe'
export * from './twin'
export * from './adapt'
export * from './hyperDiff'
export * from './archDiff'
export * from './smooth'
export * from './forecast'
