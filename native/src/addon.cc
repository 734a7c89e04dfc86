// The N-API surface: argument checks, then the kernels. Every call is synchronous (tfjs kernels
// are): it returns once the thread pool has finished.
#include <cstring>

#include "napi_args.h"
#include "runtime.h"

namespace {

using namespace bw::js;

const bw::ConvKernels* current = nullptr;
const bw::ElementwiseLoops* elementwise = nullptr;

/** [n,h,w,cin, oh,ow,cout, kh,kw, sh,sw, top,left] → a checked ConvShape. */
bw::ConvShape shape(napi_env env, napi_value v) {
  bool isArray = false;
  check(env, napi_is_array(env, v, &isArray), "inspecting the shape");
  require(isArray, "shape must be an array of 13 integers");
  uint32_t len = 0;
  check(env, napi_get_array_length(env, v, &len), "reading the shape");
  require(len == 13, "shape must be [n,h,w,cin, oh,ow,cout, kh,kw, sh,sw, top,left]");
  int s[13];
  for (uint32_t i = 0; i < 13; ++i) {
    napi_value e;
    check(env, napi_get_element(env, v, i, &e), "reading the shape");
    double d = 0;
    require(napi_get_value_double(env, e, &d) == napi_ok && wholeIn(d, -2147483648.0, 2147483647.0),
            "shape entries must be integers");
    s[i] = static_cast<int>(d);
  }
  bw::ConvShape g{s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[9], s[10], s[11], s[12]};
  require(g.n > 0 && g.h > 0 && g.w > 0 && g.cin > 0 && g.oh > 0 && g.ow > 0 && g.cout > 0 &&
              g.kh > 0 && g.kw > 0 && g.sh > 0 && g.sw > 0,
          "shape sizes and strides must be positive");
  require(g.top >= 0 && g.left >= 0, "padding must not be negative");
  // In 64 bits: with int, (oh − 1)·sh overflows before it is compared.
  using i64 = long long;
  const auto reach = [](int o, int s, int k) { return static_cast<i64>(o - 1) * s + k; };
  // Every window must start inside the padded input (tfjs's own geometry guarantees this).
  require(static_cast<i64>(g.oh - 1) * g.sh < static_cast<i64>(g.h) + g.top &&
              static_cast<i64>(g.ow - 1) * g.sw < static_cast<i64>(g.w) + g.left,
          "output larger than the input allows");
  // The padded extent the kernels index must fit an int.
  require(reach(g.oh, g.sh, g.kh) < 2147483647 && reach(g.ow, g.sw, g.kw) < 2147483647 &&
              static_cast<i64>(g.h) + g.top + g.kh < 2147483647 &&
              static_cast<i64>(g.w) + g.left + g.kw < 2147483647,
          "tensor too large");
  require(static_cast<double>(g.n) * g.h * g.w * g.cin < 2147483647.0 &&
              static_cast<double>(g.n) * g.oh * g.ow * g.cout < 2147483647.0,
          "tensor too large");
  return g;
}

size_t inSize(const bw::ConvShape& g) { return static_cast<size_t>(g.n) * g.h * g.w * g.cin; }
size_t outSize(const bw::ConvShape& g) {
  return static_cast<size_t>(g.n) * g.oh * g.ow * g.cout;
}
size_t filterSize(const bw::ConvShape& g) {
  return static_cast<size_t>(g.kh) * g.kw * g.cin * g.cout;
}


// forward(shape, x, w, bias | null, y, relu)
napi_value Forward(napi_env env, napi_callback_info info) {
  napi_value argv[6];
  require(args(env, info, argv, 6) == 6, "forward(shape, x, w, bias, y, relu)");
  const bw::ConvShape g = shape(env, argv[0]);
  const float* x = floats(env, argv[1], inSize(g), "x");
  const float* w = floats(env, argv[2], filterSize(g), "w");
  const float* bias = isNullish(env, argv[3]) ? nullptr : floats(env, argv[3], g.cout, "bias");
  float* y = floats(env, argv[4], outSize(g), "y");
  bool relu = false;
  check(env, napi_get_value_bool(env, argv[5], &relu), "relu must be a boolean");
  requireApart({y, outSize(g), "y"}, {{x, inSize(g), "x"}, {w, filterSize(g), "w"}, {bias, bias ? static_cast<size_t>(g.cout) : 0, "bias"}});
  std::lock_guard<std::mutex> lock(callMutex());
  current->forward(bw::runtime(), g, x, w, bias, relu, y);
  return undefinedValue(env);
}

// filter(shape, x, dy, dw)
napi_value Filter(napi_env env, napi_callback_info info) {
  napi_value argv[4];
  require(args(env, info, argv, 4) == 4, "filter(shape, x, dy, dw)");
  const bw::ConvShape g = shape(env, argv[0]);
  const float* x = floats(env, argv[1], inSize(g), "x");
  const float* dy = floats(env, argv[2], outSize(g), "dy");
  float* dw = floats(env, argv[3], filterSize(g), "dw");
  requireApart({dw, filterSize(g), "dw"}, {{x, inSize(g), "x"}, {dy, outSize(g), "dy"}});
  std::lock_guard<std::mutex> lock(callMutex());
  current->filter(bw::runtime(), g, x, dy, dw);
  return undefinedValue(env);
}

// input(shape, dy, w, dx)
napi_value Input(napi_env env, napi_callback_info info) {
  napi_value argv[4];
  require(args(env, info, argv, 4) == 4, "input(shape, dy, w, dx)");
  const bw::ConvShape g = shape(env, argv[0]);
  const float* dy = floats(env, argv[1], outSize(g), "dy");
  const float* w = floats(env, argv[2], filterSize(g), "w");
  float* dx = floats(env, argv[3], inSize(g), "dx");
  requireApart({dx, inSize(g), "dx"}, {{dy, outSize(g), "dy"}, {w, filterSize(g), "w"}});
  std::lock_guard<std::mutex> lock(callMutex());
  current->input(bw::runtime(), g, dy, w, dx);
  return undefinedValue(env);
}



napi_value stringValue(napi_env env, const std::string& s) {
  napi_value v;
  check(env, napi_create_string_utf8(env, s.c_str(), s.size(), &v), "making a string");
  return v;
}

// info() → { isa, available, threads, elementwise }
napi_value Info(napi_env env, napi_callback_info) {
  napi_value out, threads;
  check(env, napi_create_object(env, &out), "making the info object");
  check(env, napi_create_int32(env, bw::runtime().threads, &threads), "making a number");
  check(env, napi_set_named_property(env, out, "isa", stringValue(env, current->isa)), "info");
  check(env, napi_set_named_property(env, out, "available", stringValue(env, bw::availableIsas())),
        "info");
  check(env, napi_set_named_property(env, out, "threads", threads), "info");
  check(env, napi_set_named_property(env, out, "elementwise", stringValue(env, elementwise->isa)),
        "info");
  return out;
}

// configure(isa: 'auto' | 'avx512' | 'avx2' | 'portable', threads: number (0 = the cores))
napi_value Configure(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  require(args(env, info, argv, 2) == 2, "configure(isa, threads)");
  char isa[32];
  size_t len = 0;
  require(napi_get_value_string_utf8(env, argv[0], isa, sizeof isa, &len) == napi_ok,
          "isa must be a string");
  int32_t threads = 0;
  require(napi_get_value_int32(env, argv[1], &threads) == napi_ok, "threads must be a number");
  const bw::ConvKernels* k = bw::kernelsFor(isa);
  require(k != nullptr, std::string("this CPU or build cannot run ") + isa + " (it has " +
                            bw::availableIsas() + ")");
  std::lock_guard<std::mutex> lock(callMutex());
  current = k;
  elementwise = &bw::elementwiseFor(k->isa);
  bw::setThreads(threads);
  return Info(env, info);
}

void define(napi_env env, napi_value exports, const char* name, napi_callback cb) {
  napi_value fn;
  check(env, napi_create_function(env, name, NAPI_AUTO_LENGTH, cb, nullptr, &fn), name);
  check(env, napi_set_named_property(env, exports, name, fn), name);
}

}  // namespace

const bw::ElementwiseLoops& bw::js::elementwiseLoops() { return *elementwise; }

NAPI_MODULE_INIT() {
  try {
    if (current == nullptr) {
      current = bw::kernelsFor("auto");
      elementwise = &bw::elementwiseFor(current->isa);
    }
    define(env, exports, "forward", guarded<Forward>);
    define(env, exports, "filter", guarded<Filter>);
    define(env, exports, "input", guarded<Input>);
    define(env, exports, "binary", guarded<Binary>);
    define(env, exports, "unary", guarded<Unary>);
    define(env, exports, "channelSum", guarded<ChannelSum>);
    define(env, exports, "batchNorm", guarded<BatchNorm>);
    define(env, exports, "fill", guarded<Fill>);
    define(env, exports, "avgPool", guarded<AvgPool>);
    define(env, exports, "avgPoolGrad", guarded<AvgPoolGrad>);
    define(env, exports, "batchNormStats", guarded<BatchNormStats>);
    define(env, exports, "batchNormGrad", guarded<BatchNormGrad>);
    define(env, exports, "info", guarded<Info>);
    define(env, exports, "configure", guarded<Configure>);
  } catch (const JsError& e) {
    napi_throw_error(env, nullptr, e.message.c_str());
  }
  return exports;
}
