// Convolution kernels on NHWC float32 data: the shapes and the entry points each instruction
// set provides. Filters are HWIO ([KH, KW, Cin, Cout]), as tfjs keeps them.
#pragma once
#include <cstddef>

namespace bw {

/** One convolution's geometry, as tfjs's Conv2DInfo gives it (dilation 1). */
struct ConvShape {
  int n, h, w, cin;      // input
  int oh, ow, cout;      // output
  int kh, kw;            // filter
  int sh, sw;            // strides
  int top, left;         // padding before the first row / column (after is implied by oh, ow)
};

/** What a kernel needs from the outside world: the thread pool and per-thread scratch. */
struct Runtime {
  int threads;
  /** parallel(units, fn, arg): runs fn for each unit across `threads` threads, joined. */
  void (*parallel)(int units, void (*fn)(void* arg, int unit, int thread), void* arg);
  /** Scratch memory for `thread` (slot 0..threads-1, plus slot `threads` for the caller),
   *  at least `floats` long, 64-byte aligned; valid until the next call with the same slot. */
  float* (*scratch)(int slot, int which, size_t floats);
};

/** The three kernels for one instruction set. */
struct ConvKernels {
  const char* isa;
  /** y = act(conv(x, w) + bias); bias may be null; relu when `relu`. */
  void (*forward)(const Runtime&, const ConvShape&, const float* x, const float* w,
                  const float* bias, bool relu, float* y);
  /** dw = Σ over pixels of x-window ⊗ dy (the filter gradient). */
  void (*filter)(const Runtime&, const ConvShape&, const float* x, const float* dy, float* dw);
  /** dx = the input gradient of the conv for dy. */
  void (*input)(const Runtime&, const ConvShape&, const float* dy, const float* w, float* dx);
};

const ConvKernels& kernelsGeneric();
#if defined(BW_X86)
const ConvKernels& kernelsAvx2();
const ConvKernels& kernelsAvx512();
#endif

}  // namespace bw
