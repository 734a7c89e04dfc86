// What the N-API entry points share (addon.cc, addon_elementwise.cc): argument checks that throw
// a JsError (turned into a JS error by `guarded`), and the lock every kernel call holds.
#pragma once
#include <node_api.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <mutex>
#include <new>
#include <string>

#include "elementwise.h"

namespace bw::js {

/** The addon may be loaded by several worker threads; the pool and scratch are process-wide. */
inline std::mutex& callMutex() {
  static std::mutex m;
  return m;
}

/** The elementwise loops configure() chose (addon.cc). */
const bw::ElementwiseLoops& elementwiseLoops();

struct JsError {
  std::string message;
};

inline void check(napi_env env, napi_status status, const char* what) {
  if (status != napi_ok) throw JsError{std::string("native kernels: ") + what};
}

inline void require(bool ok, const std::string& message) {
  if (!ok) throw JsError{message};
}

/** Wraps a callback so that a JsError (or bad_alloc) becomes a thrown JS error. */
template <napi_value (*F)(napi_env, napi_callback_info)>
inline napi_value guarded(napi_env env, napi_callback_info info) {
  try {
    return F(env, info);
  } catch (const JsError& e) {
    napi_throw_error(env, "ERR_BLOCKWISE_NATIVE", e.message.c_str());
  } catch (const std::bad_alloc&) {
    napi_throw_error(env, "ERR_BLOCKWISE_NATIVE", "native kernels: out of memory");
  }
  return nullptr;
}

inline size_t args(napi_env env, napi_callback_info info, napi_value* argv, size_t max) {
  size_t argc = max;
  check(env, napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr), "reading arguments");
  return argc;
}

/** A Float32Array's data (which may live in a SharedArrayBuffer, e.g. a threaded wasm heap). */
inline float* floats(napi_env env, napi_value v, size_t expected, const char* name) {
  bool isTyped = false;
  check(env, napi_is_typedarray(env, v, &isTyped), "inspecting an argument");
  require(isTyped, std::string(name) + " must be a Float32Array");
  napi_typedarray_type type;
  size_t length = 0;
  void* data = nullptr;
  check(env, napi_get_typedarray_info(env, v, &type, &length, &data, nullptr, nullptr),
        "reading a Float32Array");
  require(type == napi_float32_array, std::string(name) + " must be a Float32Array");
  require(length == expected, std::string(name) + " has " + std::to_string(length) +
                                  " floats; the shape needs " + std::to_string(expected));
  require(data != nullptr || expected == 0, std::string(name) + " has no data");
  return static_cast<float*>(data);
}


/** A Float32Array of any length: its data and length. */
struct Floats {
  float* data;
  size_t length;
};

inline Floats anyFloats(napi_env env, napi_value v, const char* name) {
  bool isTyped = false;
  check(env, napi_is_typedarray(env, v, &isTyped), "inspecting an argument");
  require(isTyped, std::string(name) + " must be a Float32Array");
  napi_typedarray_type type;
  size_t length = 0;
  void* data = nullptr;
  check(env, napi_get_typedarray_info(env, v, &type, &length, &data, nullptr, nullptr),
        "reading a Float32Array");
  require(type == napi_float32_array, std::string(name) + " must be a Float32Array");
  require(data != nullptr || length == 0, std::string(name) + " has no data");
  return {static_cast<float*>(data), length};
}

inline std::string stringArg(napi_env env, napi_value v, const char* name) {
  char buf[32];
  size_t len = 0;
  require(napi_get_value_string_utf8(env, v, buf, sizeof buf, &len) == napi_ok,
          std::string(name) + " must be a string");
  return std::string(buf, len);
}

inline double numberArg(napi_env env, napi_value v, const char* name) {
  double d = 0;
  require(napi_get_value_double(env, v, &d) == napi_ok, std::string(name) + " must be a number");
  return d;
}

/**
 * Whether `d` is a whole number in [lo, hi]. Checked before any cast: converting NaN or a value
 * out of the target's range to an integer is undefined behaviour.
 */
inline bool wholeIn(double d, double lo, double hi) {
  return std::isfinite(d) && d >= lo && d <= hi && d == std::trunc(d);
}

/** A whole number ≥ 1 (a channel count). */
inline size_t countArg(napi_env env, napi_value v, const char* name) {
  const double d = numberArg(env, v, name);
  require(wholeIn(d, 1, 2147483647.0), std::string(name) + " must be a whole number ≥ 1");
  return static_cast<size_t>(d);
}

/** A float view with its name, for `requireApart`. */
struct View {
  const float* data;
  size_t length;
  const char* name;
};

/**
 * An output must not overlap any input: views into one wasm heap with a wrong offset would read
 * what is being written. `same` allows an input that is exactly the output (a pointwise loop
 * may run in place); any other overlap is refused.
 */
inline void requireApart(View out, std::initializer_list<View> ins, bool same = false) {
  const auto lo = reinterpret_cast<std::uintptr_t>(out.data);
  const auto hi = lo + out.length * sizeof(float);
  for (const View& in : ins) {
    if (in.data == nullptr || in.length == 0 || out.length == 0) continue;
    const auto a = reinterpret_cast<std::uintptr_t>(in.data);
    const auto b = a + in.length * sizeof(float);
    if (same && a == lo && b == hi) continue;
    require(!(a < hi && lo < b),
            std::string(out.name) + " overlaps " + in.name + " in memory; the output needs its own");
  }
}

inline bool isNullish(napi_env env, napi_value v) {
  napi_valuetype t;
  check(env, napi_typeof(env, v, &t), "inspecting an argument");
  return t == napi_null || t == napi_undefined;
}


inline napi_value undefinedValue(napi_env env) {
  napi_value u;
  napi_get_undefined(env, &u);
  return u;
}

// The elementwise and pooling entry points (addon_elementwise.cc).
napi_value Binary(napi_env env, napi_callback_info info);
napi_value Unary(napi_env env, napi_callback_info info);
napi_value ChannelSum(napi_env env, napi_callback_info info);
napi_value BatchNorm(napi_env env, napi_callback_info info);
napi_value Fill(napi_env env, napi_callback_info info);
napi_value AvgPool(napi_env env, napi_callback_info info);
napi_value AvgPoolGrad(napi_env env, napi_callback_info info);

// Training batch norm's entry points (addon_batchnorm.cc).
napi_value BatchNormStats(napi_env env, napi_callback_info info);
napi_value BatchNormGrad(napi_env env, napi_callback_info info);

}  // namespace bw::js
