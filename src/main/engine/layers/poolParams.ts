/** Params shared by the windowed pooling kinds. */
export interface PoolParams {
  pool: number
  stride: number
  padding: 'valid' | 'same'
}
