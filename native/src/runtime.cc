#include "runtime.h"

#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <new>
#include <thread>
#include <vector>

namespace bw {
namespace {

/** 64-byte aligned float buffers that only grow, one set per thread slot. */
class Scratch {
 public:
  float* get(int slot, int which, size_t floats) {
    if (slot >= static_cast<int>(slots_.size())) slots_.resize(slot + 1);
    auto& bufs = slots_[slot];
    if (which >= static_cast<int>(bufs.size())) bufs.resize(which + 1);
    Buffer& b = bufs[which];
    if (b.floats < floats) {
      if (b.data != nullptr) ::operator delete(b.data, std::align_val_t(64));
      b.data = nullptr;
      b.floats = 0;
      const size_t bytes = ((floats * sizeof(float)) + 63) / 64 * 64;
      b.data = static_cast<float*>(::operator new(bytes, std::align_val_t(64)));
      b.floats = bytes / sizeof(float);
    }
    return b.data;
  }

 private:
  struct Buffer {
    float* data = nullptr;
    size_t floats = 0;
  };
  std::vector<std::vector<Buffer>> slots_;
};

/**
 * A fixed set of worker threads plus the calling thread. run() hands out units through an
 * atomic counter and returns once every unit is done (tfjs kernels are synchronous).
 */
class Pool {
 public:
  explicit Pool(int threads) { resize(threads); }
  ~Pool() { stop(); }

  int size() const { return static_cast<int>(workers_.size()) + 1; }

  void resize(int threads) {
    stop();
    stopping_ = false;
    for (int i = 1; i < threads; ++i) workers_.emplace_back([this, i] { loop(i); });
  }

  void run(int units, void (*fn)(void*, int, int), void* arg) {
    if (workers_.empty() || units <= 1) {
      for (int u = 0; u < units; ++u) fn(arg, u, 0);
      return;
    }
    {
      std::lock_guard<std::mutex> lock(mutex_);
      fn_ = fn;
      arg_ = arg;
      units_ = units;
      next_.store(0);
      busy_ = static_cast<int>(workers_.size());
      ++generation_;
    }
    wake_.notify_all();
    work(0);
    std::unique_lock<std::mutex> lock(mutex_);
    done_.wait(lock, [this] { return busy_ == 0; });
  }

 private:
  void work(int thread) {
    for (int u = next_.fetch_add(1); u < units_; u = next_.fetch_add(1)) fn_(arg_, u, thread);
  }

  void loop(int thread) {
    long seen = 0;
    for (;;) {
      {
        std::unique_lock<std::mutex> lock(mutex_);
        wake_.wait(lock, [&] { return stopping_ || generation_ != seen; });
        if (stopping_) return;
        seen = generation_;
      }
      work(thread);
      std::lock_guard<std::mutex> lock(mutex_);
      if (--busy_ == 0) done_.notify_one();
    }
  }

  void stop() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    for (auto& t : workers_) t.join();
    workers_.clear();
  }

  std::vector<std::thread> workers_;
  std::mutex mutex_;
  std::condition_variable wake_, done_;
  void (*fn_)(void*, int, int) = nullptr;
  void* arg_ = nullptr;
  int units_ = 0;
  std::atomic<int> next_{0};
  int busy_ = 0;
  long generation_ = 0;
  bool stopping_ = false;
};

int defaultThreads() {
  const unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : static_cast<int>(n > 64 ? 64 : n);
}

Pool& pool() {
  // Never destroyed: joining threads during a process's static teardown can hang.
  static Pool* p = new Pool(defaultThreads());
  return *p;
}

Scratch& scratch() {
  static Scratch* s = new Scratch();
  return *s;
}

Runtime& mutableRuntime() {
  static Runtime rt{
      pool().size(),
      [](int units, void (*fn)(void*, int, int), void* arg) { pool().run(units, fn, arg); },
      [](int slot, int which, size_t floats) { return scratch().get(slot, which, floats); },
  };
  return rt;
}

#if defined(BW_X86)
bool hasAvx512() {
  return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx2") &&
         __builtin_cpu_supports("fma");
}
bool hasAvx2() { return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"); }
#endif

}  // namespace

const ConvKernels* kernelsFor(const std::string& isa) {
#if defined(BW_X86)
  if ((isa == "auto" || isa == "avx512") && hasAvx512()) return &kernelsAvx512();
  if ((isa == "auto" || isa == "avx2") && hasAvx2()) return &kernelsAvx2();
#endif
  if (isa == "auto" || isa == "portable") return &kernelsGeneric();
  return nullptr;
}

std::string availableIsas() {
  std::string out;
#if defined(BW_X86)
  if (hasAvx512()) out += "avx512,";
  if (hasAvx2()) out += "avx2,";
#endif
  return out + "portable";
}

void setThreads(int threads) {
  const int n = threads <= 0 ? defaultThreads() : (threads > 64 ? 64 : threads);
  if (n == pool().size()) return;
  pool().resize(n);
  mutableRuntime().threads = n;
}

const Runtime& runtime() { return mutableRuntime(); }

}  // namespace bw
