// The elementwise kernels (elementwise.h). Plain loops the compiler vectorises: these ops move
// 8–12 bytes per flop, so memory, not the instruction set, sets their speed, and one portable
// build does for every CPU.
#include "elementwise.h"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

namespace bw {
namespace {

/** Floats per unit of work: big enough that handing out a unit costs nothing, small enough
 *  that two busy cores still share a 2M-float tensor evenly. */
constexpr size_t kChunk = 32768;

template <class F>
void parallelFor(const Runtime& rt, size_t units, F& f) {
  rt.parallel(
      static_cast<int>(units), [](void* arg, int unit, int) { (*static_cast<F*>(arg))(unit); },
      &f);
}

/** A chunk length that is a multiple of `period`, so each chunk starts at channel 0. */
size_t chunkFor(size_t period) { return period >= kChunk ? period : kChunk / period * period; }

/** `values` (one period) repeated to at least 64 floats, so the inner loop over a block of the
 *  output is long and contiguous whatever the channel count. */
std::vector<float> pattern(const float* values, size_t period) {
  const size_t copies = (64 + period - 1) / period;
  std::vector<float> p(period * copies);
  for (size_t i = 0; i < p.size(); ++i) p[i] = values[i % period];
  return p;
}

struct AddOp {
  static float f(float a, float b) { return a + b; }
};
struct SubOp {
  static float f(float a, float b) { return a - b; }
};
struct MulOp {
  static float f(float a, float b) { return a * b; }
};
struct DivOp {
  static float f(float a, float b) { return a / b; }
};

/** One operand as the inner loop reads it: in place, from the pattern, or one value. */
template <Span S>
struct Read {
  const float* p;
  float v;
  float at(size_t i) const {
    if constexpr (S == Span::Full) return p[i];
    if constexpr (S == Span::Channel) return p[i];
    return v;
  }
};

template <class Op, Span SA, Span SB>
void binaryAs(const Runtime& rt, const float* a, const float* b, float* out, size_t n,
              size_t channels) {
  constexpr bool periodic = SA == Span::Channel || SB == Span::Channel;
  const size_t period = periodic ? channels : 1;
  std::vector<float> pa, pb;
  if constexpr (SA == Span::Channel) pa = pattern(a, channels);
  if constexpr (SB == Span::Channel) pb = pattern(b, channels);
  const size_t block = periodic ? (SA == Span::Channel ? pa.size() : pb.size()) : kChunk;
  const size_t chunk = chunkFor(period);
  auto unit = [&](int u) {
    const size_t start = static_cast<size_t>(u) * chunk;
    const size_t end = start + chunk < n ? start + chunk : n;
    for (size_t i = start; i < end; i += block) {
      const size_t len = end - i < block ? end - i : block;
      const Read<SA> ra{SA == Span::Full ? a + i : pa.data(), a[0]};
      const Read<SB> rb{SB == Span::Full ? b + i : pb.data(), b[0]};
      float* o = out + i;
      for (size_t j = 0; j < len; ++j) o[j] = Op::f(ra.at(j), rb.at(j));
    }
  };
  parallelFor(rt, (n + chunk - 1) / chunk, unit);
}

template <class Op>
void binaryOp(const Runtime& rt, const float* a, Span sa, const float* b, Span sb, float* out,
              size_t n, size_t channels) {
  using S = Span;
  if (sa == S::Full && sb == S::Full) return binaryAs<Op, S::Full, S::Full>(rt, a, b, out, n, 1);
  if (sa == S::Full && sb == S::Channel) {
    return binaryAs<Op, S::Full, S::Channel>(rt, a, b, out, n, channels);
  }
  if (sa == S::Channel && sb == S::Full) {
    return binaryAs<Op, S::Channel, S::Full>(rt, a, b, out, n, channels);
  }
  if (sa == S::Full && sb == S::Scalar) {
    return binaryAs<Op, S::Full, S::Scalar>(rt, a, b, out, n, 1);
  }
  if (sa == S::Scalar && sb == S::Full) {
    return binaryAs<Op, S::Scalar, S::Full>(rt, a, b, out, n, 1);
  }
}

}  // namespace

void binary(const Runtime& rt, BinaryOp op, const float* a, Span sa, const float* b, Span sb,
            float* out, size_t n, size_t channels) {
  switch (op) {
    case BinaryOp::Add:
      return binaryOp<AddOp>(rt, a, sa, b, sb, out, n, channels);
    case BinaryOp::Sub:
      return binaryOp<SubOp>(rt, a, sa, b, sb, out, n, channels);
    case BinaryOp::Mul:
      return binaryOp<MulOp>(rt, a, sa, b, sb, out, n, channels);
    case BinaryOp::Div:
      return binaryOp<DivOp>(rt, a, sa, b, sb, out, n, channels);
  }
}

namespace {
uint32_t bits(float f) {
  uint32_t u;
  std::memcpy(&u, &f, sizeof u);
  return u;
}

template <class F>
void eachChunk(const Runtime& rt, size_t n, F body) {
  auto unit = [&](int u) {
    const size_t start = static_cast<size_t>(u) * kChunk;
    body(start, start + kChunk < n ? start + kChunk : n);
  };
  parallelFor(rt, (n + kChunk - 1) / kChunk, unit);
}
}  // namespace

void unary(const Runtime& rt, UnaryOp op, const float* x, float* out, size_t n, float alpha) {
  switch (op) {
    case UnaryOp::Square:
      return eachChunk(rt, n, [=](size_t s, size_t e) {
        for (size_t i = s; i < e; ++i) out[i] = x[i] * x[i];
      });
    case UnaryOp::Relu:
      // As Math.max(0, x): NaN stays NaN, −0 becomes 0.
      return eachChunk(rt, n, [=](size_t s, size_t e) {
        for (size_t i = s; i < e; ++i) {
          // Selects, not branches: the signs of activations are a coin toss to a predictor.
          const float v = x[i];
          const float r = v > 0.f ? v : 0.f;
          out[i] = v == v ? r : v;
        }
      });
    case UnaryOp::Step: {
      // Bit selects: GCC leaves `v > 0 ? 1 : alpha` a branch, ~5 ns a misprediction.
      const uint32_t one = bits(1.f), other = bits(alpha);
      return eachChunk(rt, n, [=](size_t s, size_t e) {
        const uint32_t* xb = reinterpret_cast<const uint32_t*>(x);
        uint32_t* ob = reinterpret_cast<uint32_t*>(out);
        for (size_t i = s; i < e; ++i) {
          const uint32_t v = xb[i];
          const uint32_t mag = v & 0x7fffffffu;
          // Positive: sign clear and not zero; NaN: magnitude above infinity's.
          const uint32_t positive = 0u - static_cast<uint32_t>((v >> 31) == 0 && mag != 0);
          const uint32_t nan = 0u - static_cast<uint32_t>(mag > 0x7f800000u);
          ob[i] = (nan & v) | (~nan & ((positive & one) | (~positive & other)));
        }
      });
    }
  }
}

void fill(const Runtime& rt, float* out, size_t n, float value) {
  eachChunk(rt, n, [=](size_t s, size_t e) {
    for (size_t i = s; i < e; ++i) out[i] = value;
  });
}

void channelSum(const Runtime& rt, const float* x, size_t rows, size_t channels, double scale,
                float* out) {
  // Blocks of rows fixed by the shape alone: the same partials whatever the thread count.
  const size_t blockRows = channels >= 2048 ? 8 : 16384 / channels / 8 * 8;
  const size_t blocks = (rows + blockRows - 1) / blockRows;
  std::vector<double> partial(blocks * channels, 0.0);
  auto unit = [&](int u) {
    double* acc = partial.data() + static_cast<size_t>(u) * channels;
    const size_t r0 = static_cast<size_t>(u) * blockRows;
    const size_t r1 = r0 + blockRows < rows ? r0 + blockRows : rows;
    size_t r = r0;
    // Eight rows summed pairwise in float, then added in double: a conversion per eight values
    // rather than per value, and rounding as small as summing in double throughout.
    for (; r + 8 <= r1; r += 8) {
      const float* p = x + r * channels;
      const size_t C = channels;
      for (size_t c = 0; c < C; ++c) {
        const float s01 = p[c] + p[C + c], s23 = p[2 * C + c] + p[3 * C + c];
        const float s45 = p[4 * C + c] + p[5 * C + c], s67 = p[6 * C + c] + p[7 * C + c];
        acc[c] += static_cast<double>((s01 + s23) + (s45 + s67));
      }
    }
    for (; r < r1; ++r) {
      const float* row = x + r * channels;
      for (size_t c = 0; c < channels; ++c) acc[c] += row[c];
    }
  };
  parallelFor(rt, blocks, unit);
  for (size_t c = 0; c < channels; ++c) {
    double sum = 0;
    for (size_t b = 0; b < blocks; ++b) sum += partial[b * channels + c];
    out[c] = static_cast<float>(sum * scale);
  }
}

void batchNorm(const Runtime& rt, const float* x, size_t n, size_t channels, const float* mean,
               const float* variance, const float* offset, const float* scale, float epsilon,
               float* out) {
  std::vector<float> k(channels), o(channels);
  for (size_t c = 0; c < channels; ++c) {
    const double s = scale == nullptr ? 1.0 : scale[c];
    k[c] = static_cast<float>(s / std::sqrt(static_cast<double>(variance[c]) + epsilon));
    o[c] = offset == nullptr ? 0.f : offset[c];
  }
  const std::vector<float> pm = pattern(mean, channels), pk = pattern(k.data(), channels),
                           po = pattern(o.data(), channels);
  const size_t block = pm.size();
  const size_t chunk = chunkFor(channels);
  auto unit = [&](int u) {
    const size_t start = static_cast<size_t>(u) * chunk;
    const size_t end = start + chunk < n ? start + chunk : n;
    const float *m = pm.data(), *kk = pk.data(), *off = po.data();
    for (size_t i = start; i < end; i += block) {
      const size_t len = end - i < block ? end - i : block;
      const float* xi = x + i;
      float* yi = out + i;
      for (size_t j = 0; j < len; ++j) yi[j] = (xi[j] - m[j]) * kk[j] + off[j];
    }
  };
  parallelFor(rt, (n + chunk - 1) / chunk, unit);
}

}  // namespace bw
