// app/evaluation/session_bars.cc: minute bars of one session, the price as of a minute's start
// and the range over minutes, and the floor division of times before 1970.
#include "app/evaluation/session_bars.h"

#include <gtest/gtest.h>

#include <cmath>

#include "tests/evaluation/tracked_signals.h"

namespace tripline::evaluation {
namespace {

// kT0 is a whole minute: bars of minutes m0, m0 + 1, m0 + 3 (m0 + 2 had no tick).
SessionBars ThreeBars() {
  SessionBars bars;
  bars.Add(kT0, 100);
  bars.Add(kT0 + 20 * kNanosPerSecond, 103);
  bars.Add(kT0 + 59 * kNanosPerSecond, 101);
  bars.Add(kT0 + kMin, 99);
  bars.Add(kT0 + 3 * kMin + 30 * kNanosPerSecond, 97);
  bars.Add(kT0 + 3 * kMin + 31 * kNanosPerSecond, 98);
  return bars;
}

TEST(SessionBarsTest, TicksOfOneMinuteFoldIntoOneBarOfLastHighAndLow) {
  const SessionBars bars = ThreeBars();
  const int64_t m0 = MinuteOf(kT0);
  ASSERT_EQ(bars.bars().size(), 3u);
  EXPECT_EQ(bars.bars()[0].minute, m0);
  EXPECT_DOUBLE_EQ(bars.bars()[0].last, 101);
  EXPECT_DOUBLE_EQ(bars.bars()[0].high, 103);
  EXPECT_DOUBLE_EQ(bars.bars()[0].low, 100);
  EXPECT_EQ(bars.bars()[1].minute, m0 + 1);
  EXPECT_EQ(bars.bars()[2].minute, m0 + 3);
  EXPECT_DOUBLE_EQ(bars.bars()[2].low, 97);
  EXPECT_DOUBLE_EQ(bars.close(), 98);
}

TEST(SessionBarsTest, PriceAtMinuteStartIsTheLastPriceBeforeItAndNaNBeforeTheFirstTick) {
  const SessionBars bars = ThreeBars();
  const int64_t m0 = MinuteOf(kT0);
  EXPECT_TRUE(std::isnan(bars.PriceAtMinuteStart(m0)));  // its own tick is not before it
  EXPECT_DOUBLE_EQ(bars.PriceAtMinuteStart(m0 + 1), 101);
  EXPECT_DOUBLE_EQ(bars.PriceAtMinuteStart(m0 + 3), 99);    // held through the empty minute
  EXPECT_DOUBLE_EQ(bars.PriceAtMinuteStart(m0 + 500), 98);  // after the last bar: the close
}

TEST(SessionBarsTest, RangeCoversTheBarsOfTheHalfOpenInterval) {
  const SessionBars bars = ThreeBars();
  const int64_t m0 = MinuteOf(kT0);
  double high = 0, low = 0;
  ASSERT_TRUE(bars.Range(m0 + 1, m0 + 4, &high, &low));
  EXPECT_DOUBLE_EQ(high, 99);
  EXPECT_DOUBLE_EQ(low, 97);
  ASSERT_TRUE(bars.Range(m0, m0 + 1, &high, &low));  // `to` is left out
  EXPECT_DOUBLE_EQ(high, 103);
  EXPECT_DOUBLE_EQ(low, 100);
  high = low = -1;
  EXPECT_FALSE(bars.Range(m0 + 2, m0 + 3, &high, &low));  // no tick in that minute
  EXPECT_EQ(high, -1);
  EXPECT_EQ(low, -1);
}

TEST(SessionBarsTest, ClearKeepsNothingAndDaysAndMinutesFloorBefore1970) {
  SessionBars bars = ThreeBars();
  bars.Clear();
  EXPECT_TRUE(bars.empty());
  bars.Add(kT0, 5);
  EXPECT_DOUBLE_EQ(bars.close(), 5);
  EXPECT_EQ(DayOf(Utc("2025-08-12T23:59:59Z")), DayOf(Utc("2025-08-12T00:00:00Z")));
  EXPECT_EQ(DayOf(0), 0);
  EXPECT_EQ(DayOf(-1), -1);  // the last nanosecond of 1969-12-31
  EXPECT_EQ(DayOf(-kNanosPerDay), -1);
  EXPECT_EQ(DayOf(-kNanosPerDay - 1), -2);
  EXPECT_EQ(MinuteOf(-1), -1);
  EXPECT_EQ(MinuteOf(-kNanosPerMinute), -1);
  EXPECT_EQ(MinuteOf(kNanosPerMinute - 1), 0);
}

}  // namespace
}  // namespace tripline::evaluation
