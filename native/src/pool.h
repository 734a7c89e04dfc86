// Average pooling over windows that tile the input (window = stride, no padding: LeNet-5's 2×2/2
// subsampling), NHWC, float32, and its gradient. Memory-bound; the pool takes images in turn.
#pragma once
#include <cstddef>
#include "conv.h"

namespace bw {

/** [n, h, w, c] in, kh × kw windows with strides kh, kw, [n, oh, ow, c] out; oh·kh ≤ h and
 *  ow·kw ≤ w (rows and columns past the last window are in no window). */
struct PoolShape {
  size_t n, h, w, c, kh, kw, oh, ow;
};

/** y = the mean of each window: its values summed in row order, times 1/(kh·kw). */
void avgPool(const Runtime& rt, const PoolShape& g, const float* x, float* y);

/** dx = dy of the pixel's window × 1/(kh·kw) (in double, rounded once); pixels in no window
 *  get 0. */
void avgPoolGrad(const Runtime& rt, const PoolShape& g, const float* dy, float* dx);

}  // namespace bw
