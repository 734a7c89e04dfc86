// Elementwise kernels on float32 data: binary ops with same-shape, per-channel (the last axis of
// NHWC) or scalar operands, a few unary ops, per-channel sums and batch norm. Memory-bound;
// work is split along the flat index over the pool, in chunks fixed by the shape alone.
#pragma once
#include <cstddef>
#include <vector>

#include "conv.h"

namespace bw {

/** TanhGrad: a is tanh's output y, b the incoming gradient dy: (1 − y·y)·dy, rounded as tfjs's
 *  Square, Sub and Multiply round it. */
enum class BinaryOp { Add, Sub, Mul, Div, TanhGrad };
enum class UnaryOp { Square, Relu, Step, Tanh };

/** How an operand spans the output: every element, one value per channel, or one value. */
enum class Span { Full, Channel, Scalar };

/** A binary op as the loops take it: a channel operand already repeated to `block` floats. */
struct BinaryArgs {
  BinaryOp op;
  const float* a;
  Span sa;
  const float* b;
  Span sb;
  float* out;
  size_t n, block, chunk;
};

/** The loops for one instruction set (elementwise_impl.h). */
struct ElementwiseLoops {
  const char* isa;
  void (*binary)(const Runtime&, const BinaryArgs&);
  void (*unary)(const Runtime&, UnaryOp, const float* x, float* out, size_t n, float alpha,
                size_t chunk);
  void (*fill)(const Runtime&, float* out, size_t n, float value, size_t chunk);
  void (*channelSum)(const Runtime&, const float* x, size_t rows, size_t channels,
                     size_t blockRows, double* partial, size_t stride);
  void (*batchNorm)(const Runtime&, const float* x, size_t n, const float* mean, const float* k,
                    const float* offset, size_t block, size_t chunk, float* out);
  /** Training batch norm's passes (batchnorm_impl.h, batchnorm.h). */
  void (*bnStats)(const Runtime&, const float* x, size_t rows, size_t channels,
                  size_t blockRows, double* partial, size_t stride);
  void (*bnReduce)(const Runtime&, const float* dy, const float* x, const float* mean,
                   size_t rows, size_t channels, size_t blockRows, double* partial,
                   size_t stride);
  void (*bnInputGrad)(const Runtime&, const float* dy, const float* x, const float* mean,
                      const float* p, const float* q, const float* r, size_t n, size_t block,
                      size_t chunk, float* dx);
};

const ElementwiseLoops& elementwiseGeneric();
#if defined(BW_X86)
const ElementwiseLoops& elementwiseAvx2();
#endif

/** The loops to use beside the convolutions of `convIsa`: AVX2's unless that is "portable". */
const ElementwiseLoops& elementwiseFor(const char* convIsa);

/** out = a op b over n elements; a channel operand has `channels` values (n % channels == 0). */
void binary(const Runtime& rt, const ElementwiseLoops& loops, BinaryOp op, const float* a,
            Span sa, const float* b, Span sb, float* out, size_t n, size_t channels);

/** out = op(x); Step gives 1 above zero, `alpha` otherwise and NaN for NaN; Tanh is within
 *  ~1e-6 relative of tanhf, exactly ±1 where tanhf rounds to it, and keeps NaN and −0. */
void unary(const Runtime& rt, const ElementwiseLoops& loops, UnaryOp op, const float* x,
           float* out, size_t n, float alpha);

/** out[c] = scale · Σ over rows of x[row, c] (x is rows × channels), summed in double in fixed
 *  blocks of rows combined in order, so the result does not depend on the thread count. */
void channelSum(const Runtime& rt, const ElementwiseLoops& loops, const float* x, size_t rows,
                size_t channels, double scale, float* out);

/** out = (x − mean) · scale / √(variance + epsilon) + offset, per channel; scale and offset
 *  may be null (1 and 0). */
void batchNorm(const Runtime& rt, const ElementwiseLoops& loops, const float* x, size_t n,
               size_t channels, const float* mean, const float* variance, const float* offset,
               const float* scale, float epsilon, float* out);

/** A chunk length that is a multiple of `period`, so each chunk starts at channel 0. */
size_t chunkFor(size_t period);

/** `values` (one period) repeated to at least 64 floats, so the inner loop over a block of the
 *  output is long and contiguous whatever the channel count. */
std::vector<float> pattern(const float* values, size_t period);

/** out[i] = value. */
void fill(const Runtime& rt, const ElementwiseLoops& loops, float* out, size_t n, float value);

}  // namespace bw
