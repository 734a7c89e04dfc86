// Elementwise kernels on float32 data: binary ops with same-shape, per-channel (the last axis of
// NHWC) or scalar operands, a few unary ops, per-channel sums and batch norm. Memory-bound, so
// one portable build serves every CPU; work is split along the flat index over the pool.
#pragma once
#include <cstddef>
#include "conv.h"

namespace bw {

enum class BinaryOp { Add, Sub, Mul, Div };
enum class UnaryOp { Square, Relu, Step };

/** How an operand spans the output: every element, one value per channel, or one value. */
enum class Span { Full, Channel, Scalar };

/** out = a op b over n elements; a channel operand has `channels` values (n % channels == 0). */
void binary(const Runtime& rt, BinaryOp op, const float* a, Span sa, const float* b, Span sb,
            float* out, size_t n, size_t channels);

/** out = op(x); Step gives 1 above zero, `alpha` otherwise and NaN for NaN. */
void unary(const Runtime& rt, UnaryOp op, const float* x, float* out, size_t n, float alpha);

/** out[c] = scale · Σ over rows of x[row, c] (x is rows × channels), summed in double in fixed
 *  blocks of rows combined in order, so the result does not depend on the thread count. */
void channelSum(const Runtime& rt, const float* x, size_t rows, size_t channels, double scale,
                float* out);

/** out = (x − mean) · scale / √(variance + epsilon) + offset, per channel; scale and offset may
 *  be null (1 and 0). */
void batchNorm(const Runtime& rt, const float* x, size_t n, size_t channels, const float* mean,
               const float* variance, const float* offset, const float* scale, float epsilon,
               float* out);

/** out[i] = value. */
void fill(const Runtime& rt, float* out, size_t n, float value);

}  // namespace bw
