#include "core/price_window.h"

#include <gtest/gtest.h>

namespace tripline {
namespace {

constexpr EventTime kMin = kNanosPerMinute;

TEST(PriceWindowTest, DropFromHighWithinWindow) {
  PriceWindow w({60 * kMin});
  w.Update(0, 100.0, PriceKind::kTrade);
  w.Update(10 * kMin, 104.0, PriceKind::kTrade);
  w.Update(30 * kMin, 99.944, PriceKind::kTrade);
  const PriceMove drop = w.Drop(0);
  ASSERT_TRUE(drop.valid);
  EXPECT_NEAR(drop.move, -0.039, 1e-9);
  EXPECT_EQ(drop.from_ts, 10 * kMin);
  EXPECT_DOUBLE_EQ(drop.from_price, 104.0);
  EXPECT_EQ(drop.to_ts, 30 * kMin);
  const PriceMove rise = w.Rise(0);
  EXPECT_DOUBLE_EQ(rise.move, 0.0) << "the last price is the window's low";
  EXPECT_DOUBLE_EQ(rise.from_price, 99.944);
}

TEST(PriceWindowTest, HighLeavesWindowAtItsEdge) {
  PriceWindow w({60 * kMin});
  w.Update(0, 110.0, PriceKind::kTrade);
  w.Update(1 * kMin, 100.0, PriceKind::kTrade);
  // At exactly 60 minutes the high at t=0 is still inside [now-60m, now].
  w.Update(60 * kMin, 100.0, PriceKind::kTrade);
  EXPECT_DOUBLE_EQ(w.Drop(0).from_price, 110.0);
  // One nanosecond later it has left.
  w.Update(60 * kMin + 1, 100.0, PriceKind::kTrade);
  EXPECT_DOUBLE_EQ(w.Drop(0).from_price, 100.0);
  EXPECT_DOUBLE_EQ(w.Drop(0).move, 0.0);
}

TEST(PriceWindowTest, AdvanceToEvictsWithoutATick) {
  PriceWindow w({30 * kMin});
  w.Update(0, 120.0, PriceKind::kTrade);
  w.Update(5 * kMin, 100.0, PriceKind::kTrade);
  EXPECT_LT(w.Drop(0).move, -0.16);
  w.AdvanceTo(40 * kMin);
  EXPECT_FALSE(w.Drop(0).valid);
}

TEST(PriceWindowTest, PrevCloseIsAReferenceNotATrade) {
  PriceWindow w({60 * kMin});
  EXPECT_FALSE(w.SincePrevClose().valid);
  w.Update(-10 * kMin, 200.0, PriceKind::kClose);
  EXPECT_FALSE(w.has_last());
  w.Update(0, 192.2, PriceKind::kTrade);
  const PriceMove m = w.SincePrevClose();
  ASSERT_TRUE(m.valid);
  EXPECT_NEAR(m.move, -0.039, 1e-12);
  EXPECT_DOUBLE_EQ(w.Drop(0).from_price, 192.2) << "the close must not enter the window";
}

TEST(PriceWindowTest, LateTicksAreCountedNotApplied) {
  PriceWindow w({60 * kMin});
  w.Update(10 * kMin, 100.0, PriceKind::kTrade);
  w.Update(5 * kMin, 50.0, PriceKind::kTrade);
  EXPECT_EQ(w.late_ticks(), 1u);
  EXPECT_DOUBLE_EQ(w.last_price(), 100.0);
}

TEST(PriceWindowTest, MemoryBoundedByWindowNotRunLength) {
  PriceWindow w({10 * kMin, 60 * kMin});
  size_t max_retained = 0;
  // A day of one-second ticks on a random walk: retained points never exceed the ticks inside
  // the longest window (times two deques per window).
  uint64_t state = 12345;
  double price = 100;
  for (int i = 0; i < 86400; ++i) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    price *= 1.0 + (static_cast<double>(state >> 11) / 9007199254740992.0 - 0.5) * 0.002;
    w.Update(static_cast<EventTime>(i) * kNanosPerSecond, price, PriceKind::kTrade);
    max_retained = std::max(max_retained, w.retained());
  }
  EXPECT_LE(max_retained, 2u * (601 + 3601));
}

}  // namespace
}  // namespace tripline
