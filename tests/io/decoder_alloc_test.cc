// Proves the decoders allocate nothing per message in steady state. This binary replaces the
// global operator new/delete with counting versions, so it must stay separate from the other
// tests.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <string>
#include <vector>

#include "io/codec/message_decoder.h"

namespace {
std::atomic<long> g_allocations{0};
}  // namespace

// The replacement allocator is malloc/free underneath; GCC sees free() on memory from
// operator new once both are inlined here and warns, though every path pairs them.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void* operator new(size_t n) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void* operator new[](size_t n) { return operator new(n); }
void* operator new(size_t n, const std::nothrow_t&) noexcept {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  return std::malloc(n ? n : 1);
}
void* operator new[](size_t n, const std::nothrow_t& t) noexcept { return operator new(n, t); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, size_t) noexcept { std::free(p); }
void operator delete[](void* p, size_t) noexcept { std::free(p); }
#pragma GCC diagnostic pop

namespace tripline {
namespace {

std::vector<std::string> Messages() {
  std::vector<std::string> messages;
  for (int i = 0; i < 200; ++i) {
    const std::string n = std::to_string(i);
    messages.push_back(R"({"id":"n-)" + n + R"(","ts":"2024-09-27T14:05:)" +
                       std::string(i % 60 < 10 ? "0" : "") + std::to_string(i % 60) +
                       R"(Z","source":"wire","headline":"Beijing guides firms \u00e9 off H20 )" +
                       n + R"(","body":")" + std::string(i * 3, 'b') +
                       R"(","tickers":["NVDA","AMD"],"lang":"en","vendor":{"x":[1,2]}})");
    messages.push_back(R"({"sym":"NVDA","ts":)" + std::to_string(1727445900000000000LL + i) +
                       R"(,"price":)" + std::to_string(100 + i) + R"(.25,"size":)" + n +
                       R"(,"kind":")" + (i % 3 == 0 ? "quote" : "trade") + R"("})");
    // Rejects take the same allocation-free path.
    messages.push_back(R"({"sym":"NVDA","ts":1,"price":-)" + n + "}");
  }
  return messages;
}

TEST(DecoderAllocTest, NoAllocationPerMessage) {
  const std::vector<std::string> messages = Messages();
  MessageDecoder decoder;
  Headline h;
  PriceTick p;
  auto decode = [&](const std::string& m) {
    return m[2] == 'i' ? decoder.DecodeHeadline(m, &h).ok() : decoder.DecodePrice(m, &p).ok();
  };
  for (const std::string& m : messages) decode(m);  // warm-up

  size_t ok = 0;
  const long before = g_allocations.load();
  for (size_t i = 0; i < 100'000; ++i) ok += decode(messages[i % messages.size()]);
  const long allocations = g_allocations.load() - before;

  EXPECT_EQ(allocations, 0);
  EXPECT_EQ(ok, 100'000u / 3 * 2 + 1);  // the reject in every third message is counted out
}

TEST(DecoderAllocTest, CounterSeesAllocations) {
  // Guards the test above against a counter that never counts.
  const long before = g_allocations.load();
  auto* v = new std::vector<int>(100);
  const long allocations = g_allocations.load() - before;
  delete v;
  EXPECT_GE(allocations, 2);
}

}  // namespace
}  // namespace tripline
