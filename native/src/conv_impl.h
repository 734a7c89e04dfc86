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
//
// Split by what each part holds: conv_tiles.h (the micro-kernel, padding, work units),
// conv_forward.h, conv_filter.h, conv_input.h.
#pragma once
#include "conv_tiles.h"
#include "conv_forward.h"
#include "conv_filter.h"
#include "conv_input.h"
