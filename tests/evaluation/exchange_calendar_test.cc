// app/evaluation/exchange_calendar.cc: trading hours, breaks, holidays, early closes.
#include "app/evaluation/exchange_calendar.h"

#include <gtest/gtest.h>

#include "app/evaluation/session_bars.h"
#include "tests/evaluation/tracked_signals.h"

namespace tripline::evaluation {
namespace {

// ---- Exchange calendars ----
// Expected hours from the exchange_calendars package (the table's source), e.g.
// xc.get_calendar("XSHG").session_break_start("2025-03-03") == 03:30 UTC.

TEST(ExchangeCalendarTest, HoursBreaksHolidaysEarlyClosesAndDaylightSaving) {
  auto day = [](const char* date) { return DayOf(Utc(date)); };
  auto iv = TradingIntervals(Exchange::kXnys, day("2025-08-12T00:00:00Z"));  // EDT
  ASSERT_EQ(iv.size(), 1u);
  EXPECT_EQ(iv[0].open, Utc("2025-08-12T13:30:00Z"));
  EXPECT_EQ(iv[0].close, Utc("2025-08-12T20:00:00Z"));
  iv = TradingIntervals(Exchange::kXnys, day("2026-01-05T00:00:00Z"));  // EST
  EXPECT_EQ(iv.at(0).open, Utc("2026-01-05T14:30:00Z"));
  EXPECT_EQ(TradingIntervals(Exchange::kXnys, day("2025-07-03T00:00:00Z")).at(0).close,
            Utc("2025-07-03T17:00:00Z"));  // early close, 13:00 New York
  EXPECT_TRUE(TradingIntervals(Exchange::kXnys, day("2025-01-09T00:00:00Z")).empty());
  EXPECT_TRUE(TradingIntervals(Exchange::kXnys, day("2025-08-16T00:00:00Z")).empty());  // Sat
  iv = TradingIntervals(Exchange::kXhkg, day("2025-01-16T00:00:00Z"));
  ASSERT_EQ(iv.size(), 2u);
  EXPECT_EQ(iv[0].close, Utc("2025-01-16T04:00:00Z"));
  EXPECT_EQ(iv[1].open, Utc("2025-01-16T05:00:00Z"));
  EXPECT_EQ(iv[1].close, Utc("2025-01-16T08:00:00Z"));
  EXPECT_EQ(TradingIntervals(Exchange::kXhkg, day("2025-12-24T00:00:00Z")).size(), 1u);  // half
  iv = TradingIntervals(Exchange::kXshg, day("2025-03-03T00:00:00Z"));
  ASSERT_EQ(iv.size(), 2u);
  EXPECT_EQ(iv[0].open, Utc("2025-03-03T01:30:00Z"));
  EXPECT_EQ(iv[0].close, Utc("2025-03-03T03:30:00Z"));
  EXPECT_EQ(iv[1].close, Utc("2025-03-03T07:00:00Z"));
  EXPECT_TRUE(TradingIntervals(Exchange::kXshg, day("2025-10-01T00:00:00Z")).empty());
  EXPECT_TRUE(HolidaysKnown(Exchange::kXnys, 2030));
  EXPECT_FALSE(HolidaysKnown(Exchange::kXshg, 2027));
  EXPECT_EQ(ParseExchange("XNAS"), std::optional<Exchange>(Exchange::kXnys));
  EXPECT_FALSE(ParseExchange("NYSE").has_value());
}

TEST(ExchangeCalendarTest, TradingTimeSkipsTheBreakAndStopsAtTheClose) {
  const EventTime h = kNanosPerHour, m = kMin;
  // 30 min before Shanghai's break, 30 after it.
  EXPECT_EQ(AddTradingTime(Exchange::kXshg, Utc("2025-03-03T03:00:00Z"), h),
            Utc("2025-03-03T05:30:00Z"));
  EXPECT_EQ(AddTradingTime(Exchange::kXshg, Utc("2025-03-03T04:00:00Z"), 15 * m),
            Utc("2025-03-03T05:15:00Z"));  // from the break: from the afternoon open
  EXPECT_EQ(AddTradingTime(Exchange::kXshg, Utc("2025-03-03T06:30:00Z"), h),
            Utc("2025-03-03T07:00:00Z"));  // capped at the close
  EXPECT_EQ(AddTradingTime(Exchange::kXshg, Utc("2025-03-03T00:00:00Z"), 5 * m),
            Utc("2025-03-03T01:35:00Z"));  // before the open: from the open
  EXPECT_FALSE(AddTradingTime(Exchange::kXshg, Utc("2025-03-03T08:00:00Z"), m).has_value());
  EXPECT_EQ(AddTradingTime(Exchange::kXnys, Utc("2026-01-05T14:20:00Z"), 15 * m),
            Utc("2026-01-05T14:45:00Z"));  // pre-market entry, winter open 14:30 UTC
}

}  // namespace
}  // namespace tripline::evaluation
