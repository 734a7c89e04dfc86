// Training batch norm over the last axis of NHWC float32 data, in as few passes as the maths
// allows: the batch statistics in one read of x, and the gradient in one read of dy and x for
// the per-channel sums plus one more for dx. Sums are deterministic (fixed blocks of rows,
// combined in order), so 1 and N threads give the same bits.
#pragma once
#include <cstddef>

#include "elementwise.h"

namespace bw {

/** mean[c] and the biased variance[c] of x (rows × channels), accumulated in double. */
void batchNormStats(const Runtime& rt, const ElementwiseLoops& loops, const float* x, size_t rows,
                    size_t channels, float* mean, float* variance);

/**
 * The gradient of y = (x − mean)·γ/√(variance + ε) + β for dy, mean and variance being x's own
 * batch statistics: dβ = Σdy, dγ = Σ(dy·x̂) and
 *   dx = γ·σ⁻¹/N · (N·dy − Σdy − x̂·Σ(dy·x̂)),  x̂ = (x − mean)·σ⁻¹, N = rows.
 * `scale` (γ) may be null (1).
 */
void batchNormGrad(const Runtime& rt, const ElementwiseLoops& loops, const float* dy,
                   const float* x, size_t rows, size_t channels, const float* mean,
                   const float* variance, const float* scale, float epsilon, float* dx,
                   float* dscale, float* doffset);

}  // namespace bw
