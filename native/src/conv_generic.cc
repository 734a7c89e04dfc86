// The portable kernels: plain C++ over small fixed-size arrays, which the compiler turns into
// whatever vectors the target has (SSE2 on any x86-64, NEON on arm64).
#include <cstring>

#include "conv.h"
#include "conv_impl.h"

namespace {
#if defined(__GNUC__) || defined(__clang__)
// GCC and Clang lower a 16-byte vector type to SSE on x86-64 and NEON on arm64.
typedef float F4 __attribute__((vector_size(16)));
struct V4 {
  using T = F4;
  static constexpr int W = 4;
  static T zero() { return T{0.f, 0.f, 0.f, 0.f}; }
  static T load(const float* p) {
    T v;
    std::memcpy(&v, p, sizeof v);
    return v;
  }
  static void store(float* p, T a) { std::memcpy(p, &a, sizeof a); }
  static T bcast(const float* p) { return T{*p, *p, *p, *p}; }
  static T fma(T a, T b, T c) { return c + a * b; }
  static T add(T a, T b) { return a + b; }
  static T max0(T a) {
    for (int i = 0; i < 4; ++i) a[i] = a[i] > 0.f ? a[i] : 0.f;
    return a;
  }
};
#else
// Other compilers: plain arrays, vectorised as well as the compiler manages.
struct V4 {
  struct T {
    float v[4];
  };
  static constexpr int W = 4;
  static T zero() { return T{{0.f, 0.f, 0.f, 0.f}}; }
  static T load(const float* p) { return T{{p[0], p[1], p[2], p[3]}}; }
  static void store(float* p, T a) {
    for (int i = 0; i < 4; ++i) p[i] = a.v[i];
  }
  static T bcast(const float* p) { return T{{*p, *p, *p, *p}}; }
  static T fma(T a, T b, T c) {
    for (int i = 0; i < 4; ++i) c.v[i] += a.v[i] * b.v[i];
    return c;
  }
  static T add(T a, T b) {
    for (int i = 0; i < 4; ++i) a.v[i] += b.v[i];
    return a;
  }
  static T max0(T a) {
    for (int i = 0; i < 4; ++i) a.v[i] = a.v[i] > 0.f ? a.v[i] : 0.f;
    return a;
  }
};
#endif

void fwd(const Runtime& rt, const ConvShape& g, const float* x, const float* w, const float* b,
         bool relu, float* y) {
  forward<V4, 6, 2>(rt, g, x, w, b, relu, y);
}
void flt(const Runtime& rt, const ConvShape& g, const float* x, const float* dy, float* dw) {
  filter<V4, 6, 2>(rt, g, x, dy, dw);
}
void inp(const Runtime& rt, const ConvShape& g, const float* dy, const float* w, float* dx) {
  if (!inputByForward(rt, g, dy, w, dx, fwd)) input<V4, 6, 2>(rt, g, dy, w, dx);
}
}  // namespace

const bw::ConvKernels& bw::kernelsGeneric() {
  static const ConvKernels k{"portable", fwd, flt, inp};
  return k;
}
