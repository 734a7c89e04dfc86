// The loops behind training batch norm (batchnorm.h), included after elementwise_impl.h in each
// instruction set's build (its parallelFor and eachChunk). Sums follow channelSum's scheme:
// eight rows added pairwise in float, then into double per block of rows, so a block's partial
// sums depend on the shape alone, never on which thread ran it.
#pragma once
#include <cstddef>

namespace {

/** [from, to) of block u's rows. */
struct RowRange {
  size_t from, to;
};

RowRange rowsOf(int u, size_t blockRows, size_t rows) {
  const size_t r0 = static_cast<size_t>(u) * blockRows;
  return {r0, r0 + blockRows < rows ? r0 + blockRows : rows};
}

/**
 * partial[u·2·stride + c] = Σ (x − k), partial[u·2·stride + stride + c] = Σ (x − k)² over block
 * u's rows, where k is x's first row: a shift close to the mean, so the variance taken from
 * these two sums does not cancel away the way E[x²] − E[x]² does when |mean| ≫ σ.
 */
void bnStatsLoop(const Runtime& rt, const float* x, size_t rows, size_t channels,
                 size_t blockRows, double* partial, size_t stride) {
  const size_t C = channels;
  const float* k = x;
  auto unit = [&](int u) {
    double* s1 = partial + static_cast<size_t>(u) * 2 * stride;
    double* s2 = s1 + stride;
    for (size_t c = 0; c < C; ++c) s1[c] = s2[c] = 0.0;
    const RowRange rr = rowsOf(u, blockRows, rows);
    size_t r = rr.from;
    for (; r + 8 <= rr.to; r += 8) {
      const float* p = x + r * C;
      for (size_t c = 0; c < C; ++c) {
        const float d0 = p[c] - k[c], d1 = p[C + c] - k[c], d2 = p[2 * C + c] - k[c],
                    d3 = p[3 * C + c] - k[c], d4 = p[4 * C + c] - k[c], d5 = p[5 * C + c] - k[c],
                    d6 = p[6 * C + c] - k[c], d7 = p[7 * C + c] - k[c];
        s1[c] += static_cast<double>(((d0 + d1) + (d2 + d3)) + ((d4 + d5) + (d6 + d7)));
        s2[c] += static_cast<double>(((d0 * d0 + d1 * d1) + (d2 * d2 + d3 * d3)) +
                                     ((d4 * d4 + d5 * d5) + (d6 * d6 + d7 * d7)));
      }
    }
    for (; r < rr.to; ++r) {
      const float* p = x + r * C;
      for (size_t c = 0; c < C; ++c) {
        const float d = p[c] - k[c];
        s1[c] += static_cast<double>(d);
        s2[c] += static_cast<double>(d * d);
      }
    }
  };
  parallelFor(rt, (rows + blockRows - 1) / blockRows, rows * C, unit);
}

/** partial[u·2·stride + c] = Σ dy, partial[u·2·stride + stride + c] = Σ dy·(x − mean) over
 *  block u's rows. */
void bnReduceLoop(const Runtime& rt, const float* dy, const float* x, const float* mean,
                  size_t rows, size_t channels, size_t blockRows, double* partial,
                  size_t stride) {
  const size_t C = channels;
  auto unit = [&](int u) {
    double* s1 = partial + static_cast<size_t>(u) * 2 * stride;
    double* s2 = s1 + stride;
    for (size_t c = 0; c < C; ++c) s1[c] = s2[c] = 0.0;
    const RowRange rr = rowsOf(u, blockRows, rows);
    size_t r = rr.from;
    for (; r + 8 <= rr.to; r += 8) {
      const float* g = dy + r * C;
      const float* p = x + r * C;
      for (size_t c = 0; c < C; ++c) {
        const float m = mean[c];
        const float g0 = g[c], g1 = g[C + c], g2 = g[2 * C + c], g3 = g[3 * C + c],
                    g4 = g[4 * C + c], g5 = g[5 * C + c], g6 = g[6 * C + c], g7 = g[7 * C + c];
        const float t0 = g0 * (p[c] - m), t1 = g1 * (p[C + c] - m), t2 = g2 * (p[2 * C + c] - m),
                    t3 = g3 * (p[3 * C + c] - m), t4 = g4 * (p[4 * C + c] - m),
                    t5 = g5 * (p[5 * C + c] - m), t6 = g6 * (p[6 * C + c] - m),
                    t7 = g7 * (p[7 * C + c] - m);
        s1[c] += static_cast<double>(((g0 + g1) + (g2 + g3)) + ((g4 + g5) + (g6 + g7)));
        s2[c] += static_cast<double>(((t0 + t1) + (t2 + t3)) + ((t4 + t5) + (t6 + t7)));
      }
    }
    for (; r < rr.to; ++r) {
      const float* g = dy + r * C;
      const float* p = x + r * C;
      for (size_t c = 0; c < C; ++c) {
        s1[c] += static_cast<double>(g[c]);
        s2[c] += static_cast<double>(g[c] * (p[c] - mean[c]));
      }
    }
  };
  // Two tensors read: worth the pool at half the size of a one-input pass.
  parallelFor(rt, (rows + blockRows - 1) / blockRows, 2 * rows * C, unit);
}

/** dx = p·dy + q·(x − mean) + r, with mean, p, q, r as patterns of `block` floats and chunks
 *  starting at channel 0. */
void bnInputGradLoop(const Runtime& rt, const float* dy, const float* x, const float* mean,
                     const float* p, const float* q, const float* r, size_t n, size_t block,
                     size_t chunk, float* dx) {
  eachChunk(
      rt, n, chunk,
      [=](size_t start, size_t end) {
        for (size_t i = start; i < end; i += block) {
          const size_t len = end - i < block ? end - i : block;
          const float* g = dy + i;
          const float* v = x + i;
          float* o = dx + i;
          for (size_t j = 0; j < len; ++j) o[j] = p[j] * g[j] + q[j] * (v[j] - mean[j]) + r[j];
        }
      },
      2);
}

}  // namespace
