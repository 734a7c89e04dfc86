// The kernels built for AVX-512 (16 floats a vector, 32 registers). Only called after the CPU
// was asked whether it has AVX-512F (kernels.cc).
#if defined(BW_X86)
#include <immintrin.h>
#include "conv.h"

#if defined(__clang__)
#pragma clang attribute push(__attribute__((target("avx512f,avx2,fma"))), apply_to = function)
#elif defined(__GNUC__)
#pragma GCC push_options
#pragma GCC target("avx512f,avx2,fma")
#endif

#include "conv_impl.h"

namespace {
struct V512 {
  using T = __m512;
  static constexpr int W = 16;
  static T zero() { return _mm512_setzero_ps(); }
  static T load(const float* p) { return _mm512_loadu_ps(p); }
  static void store(float* p, T v) { _mm512_storeu_ps(p, v); }
  static T bcast(const float* p) { return _mm512_set1_ps(*p); }
  static T fma(T a, T b, T c) { return _mm512_fmadd_ps(a, b, c); }
  static T add(T a, T b) { return _mm512_add_ps(a, b); }
  static T max0(T a) { return _mm512_max_ps(a, _mm512_setzero_ps()); }
};

// Few output channels or short filter rows fill little of a 16-float vector or of a 16-row
// tile; the AVX2 kernels' narrower tiles waste less there (LeNet's 1→6 and 6→16 convs).
void fwd(const Runtime& rt, const ConvShape& g, const float* x, const float* w, const float* b,
         bool relu, float* y) {
  if (g.cout <= 8) return bw::kernelsAvx2().forward(rt, g, x, w, b, relu, y);
  if (g.cout <= 16) return forward<V512, 8, 1>(rt, g, x, w, b, relu, y);
  if (g.cout % 48 == 0 && g.cout % 64 != 0) return forward<V512, 8, 3>(rt, g, x, w, b, relu, y);
  return forward<V512, 8, 2>(rt, g, x, w, b, relu, y);
}

void flt(const Runtime& rt, const ConvShape& g, const float* x, const float* dy, float* dw) {
  if (g.cout <= 8 || g.kw * g.cin < 16) return bw::kernelsAvx2().filter(rt, g, x, dy, dw);
  // 16 output channels make one vector per tap row; the transposed form loads less per FMA.
  if (g.cout <= 16 && (g.kw * g.cin) % 48 == 0 && !isDense(g)) {
    return filterT<V512, 8, 3>(rt, g, x, dy, dw);
  }
  if (g.cout <= 16) return filter<V512, 16, 1>(rt, g, x, dy, dw);
  if (g.cout % 48 == 0 && g.cout % 64 != 0) return filter<V512, 8, 3>(rt, g, x, dy, dw);
  return filter<V512, 12, 2>(rt, g, x, dy, dw);
}

void inp(const Runtime& rt, const ConvShape& g, const float* dy, const float* w, float* dx) {
  if (g.cin <= 8) return bw::kernelsAvx2().input(rt, g, dy, w, dx);
  if (!inputByForward(rt, g, dy, w, dx, fwd)) input<V512, 8, 3>(rt, g, dy, w, dx);
}
}  // namespace

#if defined(__clang__)
#pragma clang attribute pop
#elif defined(__GNUC__)
#pragma GCC pop_options
#endif

const bw::ConvKernels& bw::kernelsAvx512() {
  static const ConvKernels k{"avx512", fwd, flt, inp};
  return k;
}
#endif
