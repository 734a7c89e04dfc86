// The process-wide state behind the kernels: the thread pool, per-thread scratch memory and the
// instruction set in use.
#pragma once
#include <string>
#include "conv.h"

namespace bw {

/** Kernels for `isa` ("avx512", "avx2", "portable", or "auto" for the best this CPU runs);
 *  null when this CPU (or this build) cannot run that set. */
const ConvKernels* kernelsFor(const std::string& isa);

/** The instruction sets this build and CPU can run, best first. */
std::string availableIsas();

/** Sets the pool's size (1..64; 0 = the machine's cores). */
void setThreads(int threads);

/** The runtime the kernels get: the pool and scratch. Calls must not overlap. */
const Runtime& runtime();

}  // namespace bw
