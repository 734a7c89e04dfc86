// The elementwise kernels' entry points (elementwise.h): the chunking and the per-channel
// patterns, then the loops of the instruction set in use.
#include "elementwise.h"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

namespace bw {
namespace {

/** Floats per unit of work: big enough that handing out a unit costs nothing, small enough
 *  that two busy cores still share a 2M-float tensor evenly. Below it one thread does all. */
constexpr size_t kChunk = 32768;

}  // namespace

size_t chunkFor(size_t period) { return period >= kChunk ? period : kChunk / period * period; }

std::vector<float> pattern(const float* values, size_t period) {
  const size_t copies = (64 + period - 1) / period;
  std::vector<float> p(period * copies);
  for (size_t i = 0; i < p.size(); ++i) p[i] = values[i % period];
  return p;
}

const ElementwiseLoops& elementwiseFor(const char* convIsa) {
#if defined(BW_X86)
  if (std::strcmp(convIsa, "portable") != 0) return elementwiseAvx2();
#endif
  (void)convIsa;
  return elementwiseGeneric();
}

void binary(const Runtime& rt, const ElementwiseLoops& loops, BinaryOp op, const float* a,
            Span sa, const float* b, Span sb, float* out, size_t n, size_t channels) {
  std::vector<float> pa, pb;
  if (sa == Span::Channel) pa = pattern(a, channels);
  if (sb == Span::Channel) pb = pattern(b, channels);
  const bool periodic = !pa.empty() || !pb.empty();
  const size_t block = periodic ? (pa.empty() ? pb.size() : pa.size()) : kChunk;
  const BinaryArgs g{op,  pa.empty() ? a : pa.data(), sa, pb.empty() ? b : pb.data(), sb, out, n,
                     block, chunkFor(periodic ? channels : 1)};
  loops.binary(rt, g);
}

void unary(const Runtime& rt, const ElementwiseLoops& loops, UnaryOp op, const float* x,
           float* out, size_t n, float alpha) {
  loops.unary(rt, op, x, out, n, alpha, kChunk);
}

void fill(const Runtime& rt, const ElementwiseLoops& loops, float* out, size_t n, float value) {
  loops.fill(rt, out, n, value, kChunk);
}

void channelSum(const Runtime& rt, const ElementwiseLoops& loops, const float* x, size_t rows,
                size_t channels, double scale, float* out) {
  // Blocks of rows fixed by the shape alone (a multiple of the loop's 8): the same partials
  // whatever the thread count, added up in block order.
  const size_t blockRows = channels >= 2048 ? 8 : 16384 / channels / 8 * 8;
  const size_t blocks = (rows + blockRows - 1) / blockRows;
  // Each block's sums on cache lines of their own (64 bytes, 8 doubles): the loop adds into
  // them row after row, and a line shared with the other core's block would bounce between.
  const size_t stride = (channels + 7) / 8 * 8;
  std::vector<double> storage(blocks * stride + 8);
  const uintptr_t address = reinterpret_cast<uintptr_t>(storage.data());
  double* partial = storage.data() + ((64 - address % 64) % 64) / sizeof(double);
  loops.channelSum(rt, x, rows, channels, blockRows, partial, stride);
  for (size_t c = 0; c < channels; ++c) {
    double sum = 0;
    for (size_t b = 0; b < blocks; ++b) sum += partial[b * stride + c];
    out[c] = static_cast<float>(sum * scale);
  }
}

void batchNorm(const Runtime& rt, const ElementwiseLoops& loops, const float* x, size_t n,
               size_t channels, const float* mean, const float* variance, const float* offset,
               const float* scale, float epsilon, float* out) {
  std::vector<float> k(channels), o(channels);
  for (size_t c = 0; c < channels; ++c) {
    const double s = scale == nullptr ? 1.0 : scale[c];
    k[c] = static_cast<float>(s / std::sqrt(static_cast<double>(variance[c]) + epsilon));
    o[c] = offset == nullptr ? 0.f : offset[c];
  }
  const std::vector<float> pm = pattern(mean, channels), pk = pattern(k.data(), channels),
                           po = pattern(o.data(), channels);
  loops.batchNorm(rt, x, n, pm.data(), pk.data(), po.data(), pm.size(), chunkFor(channels), out);
}

}  // namespace bw
