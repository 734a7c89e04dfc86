// The convolution kernels, written once over a vector type V and included by each instruction
// set's file (which sets the compiler's target first). Everything here has internal linkage, so
// code built for AVX-512 can never be merged into the portable build by the linker.
//
// All three kernels are one register-blocked micro-kernel: an MR×NR tile of C kept in registers
// while it sums A(r,k)·B(k,j) over k, where A is read in place (broadcast one float at a time)
// and B is read as whole vectors. The k loop is two-level (segments of klen steps), which lets
// A and B walk an image without an im2col copy:
//   forward   C = y[pixels × Cout]:  A = padded x (rows = pixels along an output row,
//             segments = filter rows), B = the filter packed in NR-wide panels;
//   filter    C = dw[taps × Cout]:   A = padded x (rows = consecutive taps, k = pixels,
//             segments = output rows), B = dy;
//   input     C = dcol[pixels × taps] = dy · wᵀ, then added back into a padded dx (col2im).
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

// ---------------------------------------------------------------------------------------------
// Forward: y = act(conv(x, w) + bias)

template <class V, int MR, int NV>
struct Forward {
  static constexpr int NR = NV * V::W;
  const Runtime* rt;
  ConvShape g;
  Padded p;
  Units u;
  const float* x;
  const float* wp;    // packed filter: [panel][K][NR]
  const float* bias;  // padded to panels·NR, or null
  bool relu;
  float* y;

  static void unit(void* self, int unit, int thread) {
    static_cast<Forward*>(self)->run(unit, thread);
  }

  void run(int unit, int thread) {
    int n, r0, r1;
    bandRows(g, u, unit, &n, &r0, &r1);
    float* xp = rt->scratch(thread, 0, p.floats);
    padImage(g, p, x, n, xp);
    const int K = g.kh * g.kw * g.cin;
    const int panels = ceilDiv(g.cout, NR);
    Tile t;
    t.ars = static_cast<ptrdiff_t>(g.sw) * g.cin;
    t.aks = 1;
    t.aseg = static_cast<ptrdiff_t>(p.wp) * g.cin;
    t.bks = NR;
    t.bseg = static_cast<ptrdiff_t>(g.kw) * g.cin * NR;
    t.nseg = g.kh;
    t.klen = g.kw * g.cin;
    t.ldc = g.cout;
    t.acc = false;
    t.relu = relu;
    for (int oh = r0; oh < r1; ++oh) {
      for (int ow = 0; ow < g.ow; ow += MR) {
        t.mr = g.ow - ow < MR ? g.ow - ow : MR;
        t.a = xp + (static_cast<ptrdiff_t>(oh) * g.sh * p.wp + static_cast<ptrdiff_t>(ow) * g.sw) *
                       g.cin;
        float* row = y + ((static_cast<size_t>(n) * g.oh + oh) * g.ow + ow) * g.cout;
        for (int j = 0; j < panels; ++j) {
          t.b = wp + static_cast<size_t>(j) * K * NR;
          t.c = row + j * NR;
          t.nr = g.cout - j * NR < NR ? g.cout - j * NR : NR;
          t.bias = bias == nullptr ? nullptr : bias + j * NR;
          micro<V, MR, NV>(t);
        }
      }
    }
  }
};

/** Forward of a dense conv: y[N × Cout] = x[N × K] · w, tiles of MR images. */
template <class V, int MR, int NV>
struct DenseForward {
  static constexpr int NR = NV * V::W;
  ConvShape g;
  const float* x;
  const float* tail;  // the last, partial tile's images, zero-padded to MR
  const float* wp;
  const float* bias;
  bool relu;
  float* y;

  static void unit(void* self, int unit, int) { static_cast<DenseForward*>(self)->run(unit); }

  void run(int unit) {
    const int K = g.kh * g.kw * g.cin;
    const int n0 = unit * MR;
    Tile t;
    t.mr = g.n - n0 < MR ? g.n - n0 : MR;
    t.a = t.mr < MR ? tail : x + static_cast<size_t>(n0) * K;
    t.ars = K;
    t.aks = 1;
    t.aseg = 0;
    t.nseg = 1;
    t.klen = K;
    t.bks = NR;
    t.bseg = 0;
    t.ldc = g.cout;
    t.acc = false;
    t.relu = relu;
    for (int j = 0; j < ceilDiv(g.cout, NR); ++j) {
      t.b = wp + static_cast<size_t>(j) * K * NR;
      t.c = y + static_cast<size_t>(n0) * g.cout + j * NR;
      t.nr = g.cout - j * NR < NR ? g.cout - j * NR : NR;
      t.bias = bias == nullptr ? nullptr : bias + j * NR;
      micro<V, MR, NV>(t);
    }
  }
};

template <class V, int MR, int NV>
void forward(const Runtime& rt, const ConvShape& g, const float* x, const float* w,
             const float* bias, bool relu, float* y) {
  using F = Forward<V, MR, NV>;
  constexpr int NR = F::NR;
  const int K = g.kh * g.kw * g.cin;
  const int panels = ceilDiv(g.cout, NR);
  float* wp = rt.scratch(rt.threads, 0, static_cast<size_t>(panels) * K * NR + NR);
  for (int j = 0; j < panels; ++j)
    for (int k = 0; k < K; ++k)
      for (int c = 0; c < NR; ++c) {
        const int co = j * NR + c;
        wp[(static_cast<size_t>(j) * K + k) * NR + c] =
            co < g.cout ? w[static_cast<size_t>(k) * g.cout + co] : 0.f;
      }
  float* bp = nullptr;
  if (bias != nullptr) {
    bp = rt.scratch(rt.threads, 1, static_cast<size_t>(panels) * NR);
    for (int c = 0; c < panels * NR; ++c) bp[c] = c < g.cout ? bias[c] : 0.f;
  }
  if (isDense(g)) {
    const int tiles = ceilDiv(g.n, MR);
    const int last = (tiles - 1) * MR;
    float* tail = rt.scratch(rt.threads, 3, static_cast<size_t>(MR) * K);
    paddedRows(tail, x + static_cast<size_t>(last) * K, g.n - last, MR, K);
    DenseForward<V, MR, NV> d{g, x, tail, wp, bp, relu, y};
    rt.parallel(tiles, &DenseForward<V, MR, NV>::unit, &d);
    return;
  }
  F f{&rt, g, padded(g, MR), units(g, rt.threads, true), x, wp, bp, relu, y};
  rt.parallel(f.u.count, &F::unit, &f);
}

// ---------------------------------------------------------------------------------------------
// Filter gradient: dw[kh,kw,ci,co] = Σ_{n,oh,ow} xp[n, oh·sh+kh, ow·sw+kw, ci] · dy[n,oh,ow,co]

template <class V, int MR, int NV>
struct Filter {
  static constexpr int NR = NV * V::W;
  const Runtime* rt;
  ConvShape g;
  Padded p;
  Units u;
  int cpad;  // dy's row length as read: Cout rounded up to NR
  const float* x;
  const float* dy;
  size_t partial;  // floats in one thread's partial sum

  static void unit(void* self, int unit, int thread) {
    static_cast<Filter*>(self)->run(unit, thread);
  }

  float* sums(int thread) const { return rt->scratch(thread, 2, partial); }

  void run(int unit, int thread) {
    int n, r0, r1;
    bandRows(g, u, unit, &n, &r0, &r1);
    if (r0 >= r1) return;
    float* xp = rt->scratch(thread, 0, p.floats);
    padImage(g, p, x, n, xp);
    const size_t pixels = static_cast<size_t>(g.oh) * g.ow;
    const float* dyn = dy + n * pixels * g.cout;
    if (cpad != g.cout) {
      // B is read NR columns at a time: give dy rows a multiple of NR (zeros past Cout).
      float* d = rt->scratch(thread, 1, pixels * cpad);
      for (size_t m = 0; m < pixels; ++m) {
        std::memcpy(d + m * cpad, dyn + m * g.cout, g.cout * sizeof(float));
        std::memset(d + m * cpad + g.cout, 0, (cpad - g.cout) * sizeof(float));
      }
      dyn = d;
    }
    float* acc = sums(thread);
    const int L = g.kw * g.cin;
    const int panels = cpad / NR;
    Tile t;
    t.ars = 1;
    t.aks = static_cast<ptrdiff_t>(g.sw) * g.cin;
    t.aseg = static_cast<ptrdiff_t>(g.sh) * p.wp * g.cin;
    t.bks = cpad;
    t.bseg = static_cast<ptrdiff_t>(g.ow) * cpad;
    t.nseg = r1 - r0;
    t.klen = g.ow;
    t.ldc = cpad;
    t.acc = true;
    t.bias = nullptr;
    t.relu = false;
    for (int kh = 0; kh < g.kh; ++kh) {
      const float* rowA = xp + (static_cast<ptrdiff_t>(r0) * g.sh + kh) * p.wp * g.cin;
      for (int q = 0; q < L; q += MR) {
        t.mr = L - q < MR ? L - q : MR;
        t.a = rowA + q;
        for (int j = 0; j < panels; ++j) {
          t.b = dyn + static_cast<size_t>(r0) * g.ow * cpad + j * NR;
          t.c = acc + (static_cast<size_t>(kh) * L + q) * cpad + j * NR;
          t.nr = NR;
          micro<V, MR, NV>(t);
        }
      }
    }
  }
};

/** Filter gradient of a dense conv: dw[K × Cout] = xᵀ · dy, tiles of MR taps. */
template <class V, int MR, int NV>
struct DenseFilter {
  static constexpr int NR = NV * V::W;
  ConvShape g;
  int cpad;
  const float* x;   // N × K, with MR floats of slack after it
  const float* dy;  // N × cpad
  float* out;       // K × cpad

  static void unit(void* self, int unit, int) { static_cast<DenseFilter*>(self)->run(unit); }

  void run(int unit) {
    const int K = g.kh * g.kw * g.cin;
    const int k0 = unit * MR;
    Tile t;
    t.mr = K - k0 < MR ? K - k0 : MR;
    t.a = x + k0;
    t.ars = 1;
    t.aks = K;
    t.aseg = 0;
    t.nseg = 1;
    t.klen = g.n;
    t.bks = cpad;
    t.bseg = 0;
    t.ldc = cpad;
    t.acc = false;
    t.bias = nullptr;
    t.relu = false;
    t.nr = NR;
    for (int j = 0; j < cpad / NR; ++j) {
      t.b = dy + j * NR;
      t.c = out + static_cast<size_t>(k0) * cpad + j * NR;
      micro<V, MR, NV>(t);
    }
  }
};

template <class V, int MR, int NV>
void denseFilter(const Runtime& rt, const ConvShape& g, const float* x, const float* dy,
                 float* dw) {
  constexpr int NR = NV * V::W;
  const int K = g.kh * g.kw * g.cin;
  const int cpad = ceilDiv(g.cout, NR) * NR;
  const size_t xs = static_cast<size_t>(g.n) * K;
  // The last tile of taps reads up to MR floats past x; a copy with zeros after it.
  float* xc = rt.scratch(rt.threads, 3, xs + MR);
  std::memcpy(xc, x, xs * sizeof(float));
  std::memset(xc + xs, 0, MR * sizeof(float));
  const float* d = dy;
  if (cpad != g.cout) {
    float* p = rt.scratch(rt.threads, 4, static_cast<size_t>(g.n) * cpad);
    for (int n = 0; n < g.n; ++n) {
      std::memcpy(p + static_cast<size_t>(n) * cpad, dy + static_cast<size_t>(n) * g.cout,
                  g.cout * sizeof(float));
      std::memset(p + static_cast<size_t>(n) * cpad + g.cout, 0, (cpad - g.cout) * sizeof(float));
    }
    d = p;
  }
  float* out = cpad == g.cout ? dw : rt.scratch(rt.threads, 5, static_cast<size_t>(K) * cpad);
  DenseFilter<V, MR, NV> f{g, cpad, xc, d, out};
  rt.parallel(ceilDiv(K, MR), &DenseFilter<V, MR, NV>::unit, &f);
  if (out != dw) {
    for (int k = 0; k < K; ++k)
      std::memcpy(dw + static_cast<size_t>(k) * g.cout, out + static_cast<size_t>(k) * cpad,
                  g.cout * sizeof(float));
  }
}

template <class V, int MR, int NV>
void filter(const Runtime& rt, const ConvShape& g, const float* x, const float* dy, float* dw) {
  if (isDense(g)) return denseFilter<V, MR, NV>(rt, g, x, dy, dw);
  using F = Filter<V, MR, NV>;
  constexpr int NR = F::NR;
  const int K = g.kh * g.kw * g.cin;
  const int cpad = ceilDiv(g.cout, NR) * NR;
  F f{&rt, g, padded(g, MR), units(g, rt.threads, true), cpad, x, dy,
      static_cast<size_t>(K) * cpad};
  // Any thread may take any unit, so every thread's sums are zeroed and added.
  const int used = rt.threads;
  for (int t = 0; t < used; ++t) std::memset(f.sums(t), 0, f.partial * sizeof(float));
  rt.parallel(f.u.count, &F::unit, &f);
  for (int k = 0; k < K; ++k) {
    float* out = dw + static_cast<size_t>(k) * g.cout;
    const float* first = f.sums(0) + static_cast<size_t>(k) * cpad;
    for (int c = 0; c < g.cout; ++c) out[c] = first[c];
    for (int t = 1; t < used; ++t) {
      const float* s = f.sums(t) + static_cast<size_t>(k) * cpad;
      for (int c = 0; c < g.cout; ++c) out[c] += s[c];
    }
  }
}

/**
 * The filter gradient the other way round, dwᵀ[Cout × taps]: dy broadcast (MR output channels at
 * a time) against whole vectors of taps from the padded image. Reads three vectors per eight
 * broadcasts instead of one per sixteen; for filter rows (kw·Cin) that fill NR-wide panels.
 */
template <class V, int MR, int NV>
struct FilterT {
  static constexpr int NR = NV * V::W;
  const Runtime* rt;
  ConvShape g;
  Padded p;
  Units u;
  int cpad;  // dy's rows as read: Cout rounded up to MR
  const float* x;
  const float* dy;
  size_t partial;

  static void unit(void* self, int unit, int thread) {
    static_cast<FilterT*>(self)->run(unit, thread);
  }

  float* sums(int thread) const { return rt->scratch(thread, 2, partial); }

  void run(int unit, int thread) {
    int n, r0, r1;
    bandRows(g, u, unit, &n, &r0, &r1);
    if (r0 >= r1) return;
    float* xp = rt->scratch(thread, 0, p.floats);
    padImage(g, p, x, n, xp);
    const size_t pixels = static_cast<size_t>(g.oh) * g.ow;
    const float* dyn = dy + n * pixels * g.cout;
    if (cpad != g.cout) {
      float* d = rt->scratch(thread, 1, pixels * cpad);
      for (size_t m = 0; m < pixels; ++m) {
        std::memcpy(d + m * cpad, dyn + m * g.cout, g.cout * sizeof(float));
        std::memset(d + m * cpad + g.cout, 0, (cpad - g.cout) * sizeof(float));
      }
      dyn = d;
    }
    float* acc = sums(thread);
    const int K = g.kh * g.kw * g.cin;
    const int L = g.kw * g.cin;
    Tile t;
    t.ars = 1;
    t.aks = cpad;
    t.aseg = static_cast<ptrdiff_t>(g.ow) * cpad;
    t.bks = static_cast<ptrdiff_t>(g.sw) * g.cin;
    t.bseg = static_cast<ptrdiff_t>(g.sh) * p.wp * g.cin;
    t.nseg = r1 - r0;
    t.klen = g.ow;
    t.ldc = K;
    t.acc = true;
    t.bias = nullptr;
    t.relu = false;
    for (int co = 0; co < g.cout; co += MR) {
      t.mr = g.cout - co < MR ? g.cout - co : MR;
      t.a = dyn + static_cast<size_t>(r0) * g.ow * cpad + co;
      for (int kh = 0; kh < g.kh; ++kh) {
        const float* rowB = xp + (static_cast<ptrdiff_t>(r0) * g.sh + kh) * p.wp * g.cin;
        for (int q = 0; q < L; q += NR) {
          t.nr = L - q < NR ? L - q : NR;
          t.b = rowB + q;
          t.c = acc + static_cast<size_t>(co) * K + kh * L + q;
          micro<V, MR, NV>(t);
        }
      }
    }
  }
};

template <class V, int MR, int NV>
void filterT(const Runtime& rt, const ConvShape& g, const float* x, const float* dy, float* dw) {
  using F = FilterT<V, MR, NV>;
  const int K = g.kh * g.kw * g.cin;
  const int cpad = ceilDiv(g.cout, MR) * MR;
  F f{&rt, g, padded(g, F::NR), units(g, rt.threads, true), cpad, x, dy,
      static_cast<size_t>(cpad) * K};
  for (int t = 0; t < rt.threads; ++t) std::memset(f.sums(t), 0, f.partial * sizeof(float));
  rt.parallel(f.u.count, &F::unit, &f);
  for (int k = 0; k < K; ++k)
    for (int co = 0; co < g.cout; ++co) {
      float sum = 0.f;
      for (int t = 0; t < rt.threads; ++t) sum += f.sums(t)[static_cast<size_t>(co) * K + k];
      dw[static_cast<size_t>(k) * g.cout + co] = sum;
    }
}

// ---------------------------------------------------------------------------------------------
// Input gradient: dcol = dy · wᵀ per block of pixels, each row added back over its window.

template <class V, int MR, int NV>
struct Input {
  static constexpr int NR = NV * V::W;
  static constexpr int MC = MR * 8;  // pixels per dcol block
  const Runtime* rt;
  ConvShape g;
  Padded p;
  int kpad;
  const float* dy;
  const float* wt;  // packed wᵀ: [panel][Cout][NR]
  float* dx;

  static void unit(void* self, int unit, int thread) {
    static_cast<Input*>(self)->run(unit, thread);
  }

  void run(int n, int thread) {
    const int M = g.oh * g.ow;
    const int L = g.kw * g.cin;
    // dy rows are read MR at a time: a copy with room for the last tile's extra rows.
    float* d = rt->scratch(thread, 1, (static_cast<size_t>(M) + MR) * g.cout);
    std::memcpy(d, dy + static_cast<size_t>(n) * M * g.cout,
                static_cast<size_t>(M) * g.cout * sizeof(float));
    std::memset(d + static_cast<size_t>(M) * g.cout, 0, MR * g.cout * sizeof(float));
    float* dxp = rt->scratch(thread, 0, p.floats);
    std::memset(dxp, 0, p.floats * sizeof(float));
    float* dcol = rt->scratch(thread, 2, static_cast<size_t>(MC) * kpad);
    const int panels = kpad / NR;
    Tile t;
    t.ars = g.cout;
    t.aks = 1;
    t.aseg = 0;
    t.bks = NR;
    t.bseg = 0;
    t.nseg = 1;
    t.klen = g.cout;
    t.ldc = kpad;
    t.acc = false;
    t.bias = nullptr;
    t.relu = false;
    t.nr = NR;
    for (int m0 = 0; m0 < M; m0 += MC) {
      const int mc = M - m0 < MC ? M - m0 : MC;
      for (int r = 0; r < mc; r += MR) {
        t.mr = mc - r < MR ? mc - r : MR;
        t.a = d + static_cast<size_t>(m0 + r) * g.cout;
        for (int j = 0; j < panels; ++j) {
          t.b = wt + static_cast<size_t>(j) * g.cout * NR;
          t.c = dcol + static_cast<size_t>(r) * kpad + j * NR;
          micro<V, MR, NV>(t);
        }
      }
      for (int r = 0; r < mc; ++r) {
        const int m = m0 + r;
        const int oh = m / g.ow, ow = m % g.ow;
        const float* src = dcol + static_cast<size_t>(r) * kpad;
        float* base = dxp + (static_cast<size_t>(oh) * g.sh * p.wp + static_cast<size_t>(ow) * g.sw) *
                                g.cin;
        for (int kh = 0; kh < g.kh; ++kh) {
          float* dst = base + static_cast<size_t>(kh) * p.wp * g.cin;
          const float* s = src + kh * L;
          for (int q = 0; q < L; ++q) dst[q] += s[q];
        }
      }
    }
    // The padded image's interior is dx; rows and columns the conv never read stay zero.
    const size_t rowOut = static_cast<size_t>(g.w) * g.cin;
    float* out = dx + static_cast<size_t>(n) * g.h * rowOut;
    for (int y = 0; y < g.h; ++y) {
      float* o = out + y * rowOut;
      const int yp = y + g.top;
      if (yp >= p.hp) {
        std::memset(o, 0, rowOut * sizeof(float));
        continue;
      }
      const int cols = g.w + g.left <= p.wp ? g.w : p.wp - g.left;
      const int valid = cols > 0 ? cols : 0;
      std::memcpy(o, dxp + (static_cast<size_t>(yp) * p.wp + g.left) * g.cin,
                  static_cast<size_t>(valid) * g.cin * sizeof(float));
      std::memset(o + static_cast<size_t>(valid) * g.cin, 0,
                  static_cast<size_t>(g.w - valid) * g.cin * sizeof(float));
    }
  }
};

/** Input gradient of a dense conv: dx[N × K] = dy · wᵀ, tiles of MR images. */
template <class V, int MR, int NV>
struct DenseInput {
  static constexpr int NR = NV * V::W;
  ConvShape g;
  const float* dy;
  const float* tail;
  const float* wt;
  float* dx;

  static void unit(void* self, int unit, int) { static_cast<DenseInput*>(self)->run(unit); }

  void run(int unit) {
    const int K = g.kh * g.kw * g.cin;
    const int n0 = unit * MR;
    Tile t;
    t.mr = g.n - n0 < MR ? g.n - n0 : MR;
    t.a = t.mr < MR ? tail : dy + static_cast<size_t>(n0) * g.cout;
    t.ars = g.cout;
    t.aks = 1;
    t.aseg = 0;
    t.nseg = 1;
    t.klen = g.cout;
    t.bks = NR;
    t.bseg = 0;
    t.ldc = K;
    t.acc = false;
    t.bias = nullptr;
    t.relu = false;
    for (int j = 0; j < ceilDiv(K, NR); ++j) {
      t.b = wt + static_cast<size_t>(j) * g.cout * NR;
      t.c = dx + static_cast<size_t>(n0) * K + j * NR;
      t.nr = K - j * NR < NR ? K - j * NR : NR;
      micro<V, MR, NV>(t);
    }
  }
};

template <class V, int MR, int NV>
void input(const Runtime& rt, const ConvShape& g, const float* dy, const float* w, float* dx) {
  using F = Input<V, MR, NV>;
  constexpr int NR = F::NR;
  const int K = g.kh * g.kw * g.cin;
  const int panels = ceilDiv(K, NR);
  float* wt = rt.scratch(rt.threads, 0, static_cast<size_t>(panels) * g.cout * NR);
  for (int j = 0; j < panels; ++j)
    for (int co = 0; co < g.cout; ++co)
      for (int c = 0; c < NR; ++c) {
        const int k = j * NR + c;
        wt[(static_cast<size_t>(j) * g.cout + co) * NR + c] =
            k < K ? w[static_cast<size_t>(k) * g.cout + co] : 0.f;
      }
  if (isDense(g)) {
    const int tiles = ceilDiv(g.n, MR);
    const int last = (tiles - 1) * MR;
    float* tail = rt.scratch(rt.threads, 3, static_cast<size_t>(MR) * g.cout);
    paddedRows(tail, dy + static_cast<size_t>(last) * g.cout, g.n - last, MR, g.cout);
    DenseInput<V, MR, NV> d{g, dy, tail, wt, dx};
    rt.parallel(tiles, &DenseInput<V, MR, NV>::unit, &d);
    return;
  }
  F f{&rt, g, padded(g, MR), panels * NR, dy, wt, dx};
  rt.parallel(g.n, &F::unit, &f);
}

// ---------------------------------------------------------------------------------------------
// Input gradient of a stride-1 conv as a forward conv: dx is dy, padded by k−1−pad, convolved
// with the filter flipped in space and with in/out channels swapped. No col2im pass, and the
// forward kernel's larger reduction (kh·kw·Cout instead of Cout) keeps its tiles busier.

using ForwardFn = void (*)(const Runtime&, const ConvShape&, const float*, const float*,
                           const float*, bool, float*);

/** dx through `forward` when the conv has stride 1 and padding under the kernel; else false. */
inline bool inputByForward(const Runtime& rt, const ConvShape& g, const float* dy, const float* w,
                           float* dx, ForwardFn forward) {
  if (g.sh != 1 || g.sw != 1 || g.top > g.kh - 1 || g.left > g.kw - 1 || isDense(g)) return false;
  // It computes every dx pixel over the whole filter, padding included: worth it when dx has
  // about as many pixels as dy (same padding) and enough channels to fill the output vectors;
  // LeNet's valid 14×14×6 → 10×10 is 3× faster by col2im.
  if (g.cin < 16 || 4 * g.h * g.w > 5 * g.oh * g.ow) return false;
  ConvShape t;
  t.n = g.n;
  t.h = g.oh;
  t.w = g.ow;
  t.cin = g.cout;
  t.oh = g.h;
  t.ow = g.w;
  t.cout = g.cin;
  t.kh = g.kh;
  t.kw = g.kw;
  t.sh = t.sw = 1;
  t.top = g.kh - 1 - g.top;
  t.left = g.kw - 1 - g.left;
  // The windows of the last dx rows/columns must start inside padded dy (they do for tfjs's
  // same and valid paddings); otherwise col2im handles it.
  if (t.oh - 1 >= t.h + t.top || t.ow - 1 >= t.w + t.left) return false;
  const size_t taps = static_cast<size_t>(g.kh) * g.kw;
  float* flipped = rt.scratch(rt.threads, 2, taps * g.cin * g.cout);
  for (int kh = 0; kh < g.kh; ++kh)
    for (int kw = 0; kw < g.kw; ++kw) {
      const float* src = w + (static_cast<size_t>(kh) * g.kw + kw) * g.cin * g.cout;
      float* dst = flipped +
                   (static_cast<size_t>(g.kh - 1 - kh) * g.kw + (g.kw - 1 - kw)) * g.cout * g.cin;
      for (int ci = 0; ci < g.cin; ++ci)
        for (int co = 0; co < g.cout; ++co)
          dst[static_cast<size_t>(co) * g.cin + ci] = src[static_cast<size_t>(ci) * g.cout + co];
    }
  forward(rt, t, dy, flipped, nullptr, false, dx);
  return true;
}

}  // namespace
