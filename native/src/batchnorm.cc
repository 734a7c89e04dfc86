// Training batch norm's entry points (batchnorm.h): the blocks of rows and their partial sums,
// the per-channel coefficients in double, then the loops of the instruction set in use.
#include "batchnorm.h"

#include <cmath>
#include <cstdint>
#include <vector>

namespace bw {
namespace {

/**
 * Per-block pairs of partial sums, each block's on cache lines of its own (the loops add into
 * them row after row; a line shared with another core's block would bounce between them).
 * Blocks of rows are fixed by the shape alone, as channelSum's.
 */
class Partials {
 public:
  Partials(size_t rows, size_t channels)
      : blockRows(channels >= 2048 ? 8 : 16384 / channels / 8 * 8),
        blocks((rows + blockRows - 1) / blockRows),
        stride((channels + 7) / 8 * 8),
        storage_(blocks * 2 * stride + 8) {
    const uintptr_t address = reinterpret_cast<uintptr_t>(storage_.data());
    data = storage_.data() + ((64 - address % 64) % 64) / sizeof(double);
  }

  /** Σ over blocks, in block order, of the first (which = 0) or second sum of channel c. */
  double total(size_t which, size_t c) const {
    double sum = 0;
    for (size_t b = 0; b < blocks; ++b) sum += data[(2 * b + which) * stride + c];
    return sum;
  }

  const size_t blockRows, blocks, stride;
  double* data;

 private:
  std::vector<double> storage_;
};

}  // namespace

void batchNormStats(const Runtime& rt, const ElementwiseLoops& loops, const float* x, size_t rows,
                    size_t channels, float* mean, float* variance) {
  Partials s(rows, channels);
  loops.bnStats(rt, x, rows, channels, s.blockRows, s.data, s.stride);
  const double n = static_cast<double>(rows);
  for (size_t c = 0; c < channels; ++c) {
    // The loops summed x − x[0, c]: mean = shift + E[d], variance = E[d²] − E[d]².
    const double d = s.total(0, c) / n;
    const double v = s.total(1, c) / n - d * d;
    mean[c] = static_cast<float>(static_cast<double>(x[c]) + d);
    variance[c] = static_cast<float>(v > 0 ? v : 0.0);
  }
}

void batchNormGrad(const Runtime& rt, const ElementwiseLoops& loops, const float* dy,
                   const float* x, size_t rows, size_t channels, const float* mean,
                   const float* variance, const float* scale, float epsilon, float* dx,
                   float* dscale, float* doffset) {
  Partials s(rows, channels);
  loops.bnReduce(rt, dy, x, mean, rows, channels, s.blockRows, s.data, s.stride);
  // dx = a·(dy − Σdy/N − x̂·Σ(dy·x̂)/N) with a = γ·σ⁻¹, as p·dy + q·(x − mean) + r.
  std::vector<float> p(channels), q(channels), r(channels);
  const double n = static_cast<double>(rows);
  for (size_t c = 0; c < channels; ++c) {
    const double rstd = 1.0 / std::sqrt(static_cast<double>(variance[c]) + epsilon);
    const double sumDy = s.total(0, c);
    const double sumDyXhat = s.total(1, c) * rstd;
    const double a = (scale == nullptr ? 1.0 : static_cast<double>(scale[c])) * rstd;
    p[c] = static_cast<float>(a);
    q[c] = static_cast<float>(-a * rstd * sumDyXhat / n);
    r[c] = static_cast<float>(-a * sumDy / n);
    dscale[c] = static_cast<float>(sumDyXhat);
    doffset[c] = static_cast<float>(sumDy);
  }
  const std::vector<float> pm = pattern(mean, channels), pp = pattern(p.data(), channels),
                           pq = pattern(q.data(), channels), pr = pattern(r.data(), channels);
  loops.bnInputGrad(rt, dy, x, pm.data(), pp.data(), pq.data(), pr.data(), rows * channels,
                    pm.size(), chunkFor(channels), dx);
}

}  // namespace bw
