// What every convolution kernel shares (conv_impl.h): the MR×NR register-tile micro-kernel, the
// zero-padded image buffer, dense-conv detection and the split of a batch into work units.
#pragma once
#include <cstring>
#include "conv.h"

namespace {

using bw::ConvShape;
using bw::Runtime;

/** One micro-kernel call. */
struct Tile {
  const float* a;
  ptrdiff_t ars, aks, aseg;  // A(r, k) = a[s·aseg + r·ars + k·aks]
  const float* b;
  ptrdiff_t bks, bseg;       // B(k, j) = b[s·bseg + k·bks + j]
  int nseg, klen;
  float* c;
  ptrdiff_t ldc;
  int mr, nr;                // valid rows and columns of this tile
  bool acc;                  // add to C instead of overwriting
  const float* bias;         // null, or NR values added at the end
  bool relu;
};

template <class V, int MR, int NV>
inline void micro(const Tile& t) {
  using T = typename V::T;
  constexpr int W = V::W;
  T c[MR][NV];
#pragma GCC unroll 32
  for (int r = 0; r < MR; ++r)
#pragma GCC unroll 8
    for (int v = 0; v < NV; ++v) c[r][v] = V::zero();
  const ptrdiff_t ars = t.ars, aks = t.aks, bks = t.bks;
  for (int s = 0; s < t.nseg; ++s) {
    const float* ap = t.a + s * t.aseg;
    const float* bp = t.b + s * t.bseg;
    for (int k = 0; k < t.klen; ++k) {
      T bv[NV];
#pragma GCC unroll 8
      for (int v = 0; v < NV; ++v) bv[v] = V::load(bp + v * W);
#pragma GCC unroll 32
      for (int r = 0; r < MR; ++r) {
        const T av = V::bcast(ap + r * ars);
#pragma GCC unroll 8
        for (int v = 0; v < NV; ++v) c[r][v] = V::fma(av, bv[v], c[r][v]);
      }
      ap += aks;
      bp += bks;
    }
  }
  if (t.mr == MR && t.nr == NV * W) {
#pragma GCC unroll 32
    for (int r = 0; r < MR; ++r) {
#pragma GCC unroll 8
      for (int v = 0; v < NV; ++v) {
        float* out = t.c + r * t.ldc + v * W;
        T x = c[r][v];
        if (t.acc) x = V::add(x, V::load(out));
        if (t.bias != nullptr) x = V::add(x, V::load(t.bias + v * W));
        if (t.relu) x = V::max0(x);
        V::store(out, x);
      }
    }
    return;
  }
  // An edge tile: spill to memory and write only the valid part.
  alignas(64) float tmp[MR * NV * W];
  for (int r = 0; r < MR; ++r)
    for (int v = 0; v < NV; ++v) V::store(tmp + (r * NV + v) * W, c[r][v]);
  for (int r = 0; r < t.mr; ++r) {
    float* out = t.c + r * t.ldc;
    for (int j = 0; j < t.nr; ++j) {
      float x = tmp[r * NV * W + j];
      if (t.acc) x += out[j];
      if (t.bias != nullptr) x += t.bias[j];
      if (t.relu && x < 0.f) x = 0.f;
      out[j] = x;
    }
  }
}

/** Geometry of the zero-padded image buffer every kernel works in. */
struct Padded {
  int hp, wp, cin;
  size_t floats;  // image plus slack for edge tiles that read past the last pixel
};

inline Padded padded(const ConvShape& g, int slackRows) {
  Padded p;
  p.hp = (g.oh - 1) * g.sh + g.kh;
  p.wp = (g.ow - 1) * g.sw + g.kw;
  p.cin = g.cin;
  const size_t slack = static_cast<size_t>(slackRows * g.sw + g.kw + 1) * g.cin + 64;
  p.floats = static_cast<size_t>(p.hp) * p.wp * g.cin + slack;
  return p;
}

/** Copies image n of x into the padded buffer xp: zeros around it and in the slack. */
inline void padImage(const ConvShape& g, const Padded& p, const float* x, int n, float* xp) {
  const size_t rowIn = static_cast<size_t>(g.w) * g.cin;
  const size_t rowP = static_cast<size_t>(p.wp) * g.cin;
  const float* img = x + static_cast<size_t>(n) * g.h * rowIn;
  // Valid padding with a stride may leave trailing columns or rows unread.
  const int cols = g.w + g.left <= p.wp ? g.w : (p.wp - g.left > 0 ? p.wp - g.left : 0);
  const size_t left = static_cast<size_t>(g.left) * g.cin;
  const size_t copied = static_cast<size_t>(cols) * g.cin;
  const int top = g.top < p.hp ? g.top : p.hp;
  const int rows = g.h + top <= p.hp ? g.h : p.hp - top;
  // Only what the copy does not cover is zeroed: the interior is most of the buffer.
  std::memset(xp, 0, static_cast<size_t>(top) * rowP * sizeof(float));
  for (int y = 0; y < rows; ++y) {
    float* dst = xp + static_cast<size_t>(y + top) * rowP;
    std::memset(dst, 0, left * sizeof(float));
    std::memcpy(dst + left, img + y * rowIn, copied * sizeof(float));
    std::memset(dst + left + copied, 0, (rowP - left - copied) * sizeof(float));
  }
  const size_t done = static_cast<size_t>(top + (rows > 0 ? rows : 0)) * rowP;
  std::memset(xp + done, 0, (p.floats - done) * sizeof(float));
}

inline int ceilDiv(int a, int b) { return (a + b - 1) / b; }

/**
 * A conv whose one window is its whole input (LeNet's C5: 5×5×16 → 1×1×120) is a plain matrix
 * product over the batch: an image's pixels in memory order are its window's taps in filter
 * order. Tiling along output rows would fill one row of each tile; these tile over images.
 */
inline bool isDense(const ConvShape& g) {
  return g.oh == 1 && g.ow == 1 && g.top == 0 && g.left == 0 && g.kh == g.h && g.kw == g.w;
}

/** `rows` rows of `len` floats from `src` (of which `valid` exist) in a zero-padded copy. */
inline const float* paddedRows(float* dst, const float* src, int valid, int rows, size_t len) {
  std::memcpy(dst, src, static_cast<size_t>(valid) * len * sizeof(float));
  std::memset(dst + valid * len, 0, static_cast<size_t>(rows - valid) * len * sizeof(float));
  return dst;
}

/** Splits the batch into work units: whole images, or bands of rows when images are few. */
struct Units {
  int perImage;
  int count;
};
inline Units units(const ConvShape& g, int threads, bool allowBands) {
  const int bands = allowBands && g.n < threads ? (threads + g.n - 1) / g.n : 1;
  const int per = bands > g.oh ? g.oh : bands;
  return {per, g.n * per};
}
inline void bandRows(const ConvShape& g, const Units& u, int unit, int* n, int* r0, int* r1) {
  *n = unit / u.perImage;
  const int b = unit % u.perImage;
  *r0 = static_cast<int>(static_cast<long>(g.oh) * b / u.perImage);
  *r1 = static_cast<int>(static_cast<long>(g.oh) * (b + 1) / u.perImage);
}

}  // namespace
