#include "app/evaluation/trading_clock.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "app/evaluation/exchange_calendar.h"
#include "app/evaluation/forward_returns.h"
#include "app/evaluation/return_stats.h"
#include "tests/evaluation/tracked_signals.h"

namespace tripline::evaluation {
namespace {

TEST(TradingClockTest, AddsSubtractsAndMeasuresTradingTimeAcrossTheBreak) {
  const EventTime m = kMin;
  const TradingClock sh(TradingIntervals(Exchange::kXshg, DayOf(Utc("2025-03-03T00:00:00Z"))));
  EXPECT_EQ(sh.Add(Utc("2025-03-03T03:20:00Z"), 60 * m), Utc("2025-03-03T05:50:00Z"));
  // Back across the break: 10 min to the afternoon open, 10 more before the morning close.
  EXPECT_EQ(sh.Subtract(Utc("2025-03-03T05:10:00Z"), 20 * m), Utc("2025-03-03T03:20:00Z"));
  EXPECT_EQ(sh.Subtract(Utc("2025-03-03T01:40:00Z"), 30 * m), Utc("2025-03-03T01:30:00Z"));
  EXPECT_EQ(sh.Subtract(Utc("2025-03-03T08:00:00Z"), 5 * m), Utc("2025-03-03T07:55:00Z"));
  EXPECT_EQ(sh.Elapsed(Utc("2025-03-03T03:20:00Z"), Utc("2025-03-03T05:05:00Z")), 15 * m);
  EXPECT_EQ(sh.Elapsed(Utc("2025-03-03T03:20:00Z"), Utc("2025-03-03T08:00:00Z")), 130 * m);
  EXPECT_TRUE(sh.Trading(Utc("2025-03-03T03:29:00Z")));
  EXPECT_FALSE(sh.Trading(Utc("2025-03-03T04:00:00Z")));
  EXPECT_FALSE(sh.Trading(Utc("2025-03-03T07:00:00Z")));
  EXPECT_TRUE(
      sh.HeldAtClose(Utc("2025-03-03T06:50:00Z"), sh.Add(Utc("2025-03-03T06:50:00Z"), 60 * m)));
  // A holiday (National Day) has no hours: the wall clock.
  const TradingClock holiday(TradingIntervals(Exchange::kXshg, DayOf(Utc("2025-10-01T00:00:00Z"))));
  EXPECT_EQ(holiday.Add(Utc("2025-10-01T03:20:00Z"), 60 * m), Utc("2025-10-01T04:20:00Z"));
  EXPECT_EQ(holiday.Subtract(Utc("2025-10-01T03:20:00Z"), 60 * m), Utc("2025-10-01T02:20:00Z"));
  EXPECT_EQ(holiday.close(), kNoTime);
}

// 688256.SS on 2025-03-03 as in the test above (minute ticks 03:00-03:30 and 05:00-07:10 UTC,
// price = 100 + minutes since 03:00 UTC, the last ten after the close), a long at `signal`; and
// optionally the benchmark 000001.SS ticking at the same minutes.
void RunShanghaiDay(ForwardReturnTracker& t, EventTime signal, bool benchmark) {
  t.SetExchanges({{"688256.SS", Exchange::kXshg}});
  if (benchmark) t.SetBenchmarks({{"688256.SS", "000001.SS"}});
  const EventTime base = Utc("2025-03-03T03:00:00Z");
  for (EventTime ts = base; ts <= Utc("2025-03-03T07:10:00Z"); ts += kMin) {
    if (ts > Utc("2025-03-03T03:30:00Z") && ts < Utc("2025-03-03T05:00:00Z")) continue;
    const double minutes = static_cast<double>((ts - base) / kMin);
    if (ts == signal) t.AddSignal(MakeSignal("r", "688256.SS", Direction::kLong, ts), 0);
    // The benchmark wiggles, so the model has something to fit.
    if (benchmark) Tick(t, "000001.SS", ts, 3000 + static_cast<int>(minutes) % 3);
    Tick(t, "688256.SS", ts, 100.0 + minutes);
  }
  t.Finish();
}

TEST(TradingTimeTest, EventStudyAndExcursionsSkipTheBreakAndHoldTheExchangeClose) {
  ForwardReturnTracker t(H("15m,1h,close"), {"688256.SS"}, 1, 0);
  RunShanghaiDay(t, Utc("2025-03-03T03:20:00Z"), false);
  const SignalOutcome& o = t.outcomes().at(0);
  ASSERT_EQ(o.entry_price, 120.0);
  const EventStudy& path = t.event_studies().at({0, "r"});
  // +15 trading minutes is 05:05 (100 + 125), the 15 m horizon's price too.
  EXPECT_NEAR(path.Mean(EventStudy::Index(15)), 225.0 / 120 - 1, 1e-12);
  EXPECT_NEAR(o.returns[0], 225.0 / 120 - 1, 1e-12);
  // +60 is 05:50 (270), the 1 h horizon's price; in wall-clock time it would be the lunch
  // break's 130.
  EXPECT_NEAR(path.Mean(EventStudy::Index(60)), 270.0 / 120 - 1, 1e-12);
  EXPECT_NEAR(o.returns[1], 270.0 / 120 - 1, 1e-12);
  // +240 is held at the exchange's close, 07:00's tick (340), as `close` is; not 07:10's 350.
  EXPECT_NEAR(path.Mean(EventStudy::Index(240)), 340.0 / 120 - 1, 1e-12);
  EXPECT_NEAR(o.returns[2], 340.0 / 120 - 1, 1e-12);
  // -10 is the price as of 03:10's start (03:09: 109).
  EXPECT_NEAR(path.Mean(EventStudy::Index(-10)), 109.0 / 120 - 1, 1e-12);
  // The excursion hour ends at 05:50 too: the highest tick in it is 270.
  EXPECT_NEAR(o.mfe_1h, 270.0 / 120 - 1, 1e-12);
  // Without a benchmark the abnormal path is the raw one.
  EXPECT_NEAR(t.abnormal_studies().at({0, "r"}).Mean(EventStudy::Index(60)), 270.0 / 120 - 1,
              1e-12);

  // After the break, -30 trading minutes from 05:10 is 03:10 (as of its start: 109).
  ForwardReturnTracker after(H("15m"), {"688256.SS"}, 1, 0);
  RunShanghaiDay(after, Utc("2025-03-03T05:10:00Z"), false);
  EXPECT_NEAR(after.event_studies().at({0, "r"}).Mean(EventStudy::Index(-30)), 109.0 / 230 - 1,
              1e-12);
}

TEST(TradingTimeTest, EstimationWindowCountsTradingMinutes) {
  // The headline 30 s before 05:20: the trading minutes before its minute with a price before
  // them are 03:01-03:29 (29 returns; 03:00 has none before it) and 05:00-05:18 (19); the
  // lunch minutes, flat returns in wall-clock time (120 minutes back would have been 120
  // returns), are not in the window.
  ForwardReturnTracker t(H("15m"), {"688256.SS"}, 1, 0);
  RunShanghaiDay(t, Utc("2025-03-03T05:20:00Z"), true);
  const SignalOutcome& o = t.outcomes().at(0);
  EXPECT_EQ(o.estimation_returns, 48u);
  EXPECT_EQ(o.model, AbnormalModel::kMarketModel);
  // The 15 m horizon's model term runs 15 minutes (05:20-05:35), no break in between.
  EXPECT_NEAR(o.abnormal_scale[0], o.resid_sd * std::sqrt(15.0), 1e-15);
}

TEST(TradingTimeTest, BaselineDrawsTradingMinutesAndItsHorizonsHoldTheClose) {
  // The headline at 03:19:30: its window is 30 trading minutes before (02:49:30) to 60 after
  // (05:49:30, across the break), so clean trading minutes of the session are 05:50-06:59.
  ForwardReturnTracker t(H("15m,close"), {"688256.SS"}, 5, 200);
  RunShanghaiDay(t, Utc("2025-03-03T03:20:00Z"), false);
  const BaselineSamples& b = t.baselines().at({0, "r"});
  ASSERT_EQ(b.draw_minutes.size(), 200u);
  ASSERT_EQ(b.returns[0].size(), 200u);
  ASSERT_EQ(b.returns[1].size(), 200u);
  const int64_t first = MinuteOf(Utc("2025-03-03T05:50:00Z"));
  const int64_t close = MinuteOf(Utc("2025-03-03T07:00:00Z"));
  const int64_t base = MinuteOf(Utc("2025-03-03T03:00:00Z"));
  bool held = false;
  for (size_t i = 0; i < b.draw_minutes.size(); ++i) {
    const int64_t m = b.draw_minutes[i];
    ASSERT_GE(m, first);
    ASSERT_LT(m, close);
    // Entry: as of m's start (minute m - 1's tick); 15 m later as of m + 15's start, or held
    // at the close's tick (340) from 06:45 on.
    const double entry = 100.0 + static_cast<double>(m - 1 - base);
    const double exit = m + 15 >= close ? 340.0 : 100.0 + static_cast<double>(m + 14 - base);
    held |= m + 15 >= close;
    EXPECT_NEAR(b.returns[0][i], exit / entry - 1, 1e-12) << i;
    EXPECT_NEAR(b.returns[1][i], 340.0 / entry - 1, 1e-12) << i;
  }
  EXPECT_TRUE(held);  // 15 of the 70 clean minutes are held at the close
}

TEST(TradingTimeTest, AcrossTheCloseAndAHolidayNextCloseIsTheNextTradingDaysExchangeClose) {
  // NVDA on XNYS. 2025-07-03, an early close (13:00 New York, 17:00 UTC): minute ticks
  // 16:00-17:30 UTC at 200 + minutes since 16:00, the last 30 after the close; a long at 16:50.
  // 2025-07-04, Independence Day: stray ticks 14:00-15:00 at 300 + minutes since 14:00, and a
  // long at 14:10. 2025-07-07: 13:30-19:59 at 270, the close's tick at 20:00 at 275 and an
  // after-hours one at 20:30 at 290.
  ForwardReturnTracker t(H("5m,1h,close,next_close"), {"NVDA"}, 1, 0);
  t.SetExchanges({{"NVDA", Exchange::kXnys}});
  const EventTime d1 = Utc("2025-07-03T16:00:00Z");
  for (EventTime ts = d1; ts <= Utc("2025-07-03T17:30:00Z"); ts += kMin) {
    if (ts == Utc("2025-07-03T16:50:00Z")) {
      t.AddSignal(MakeSignal("r", "NVDA", Direction::kLong, ts), 0);
    }
    Tick(t, "NVDA", ts, 200.0 + static_cast<double>((ts - d1) / kMin));
  }
  const EventTime d2 = Utc("2025-07-04T14:00:00Z");
  for (EventTime ts = d2; ts <= Utc("2025-07-04T15:00:00Z"); ts += kMin) {
    if (ts == d2 + 10 * kMin) t.AddSignal(MakeSignal("h", "NVDA", Direction::kLong, ts), 0);
    Tick(t, "NVDA", ts, 300.0 + static_cast<double>((ts - d2) / kMin));
  }
  for (EventTime ts = Utc("2025-07-07T13:30:00Z"); ts < Utc("2025-07-07T20:00:00Z"); ts += kMin) {
    Tick(t, "NVDA", ts, 270);
  }
  Tick(t, "NVDA", Utc("2025-07-07T20:00:00Z"), 275);
  Tick(t, "NVDA", Utc("2025-07-07T20:30:00Z"), 290);
  t.Finish();

  const SignalOutcome& o = t.outcomes().at(0);
  ASSERT_EQ(o.entry_price, 250.0);
  EXPECT_NEAR(o.returns[0], 255.0 / 250 - 1, 1e-12);  // 16:55
  // 1 h and the close are held at the early close's tick, 17:00 (260), not 17:50's.
  EXPECT_EQ(o.ends[1], Utc("2025-07-03T17:00:00Z"));
  EXPECT_NEAR(o.returns[1], 260.0 / 250 - 1, 1e-12);
  EXPECT_NEAR(o.returns[2], 260.0 / 250 - 1, 1e-12);
  // So is the event study past the close: +30 is 260 as well (17:20's 280 in wall-clock time).
  EXPECT_NEAR(t.event_studies().at({0, "r"}).Mean(EventStudy::Index(30)), 260.0 / 250 - 1, 1e-12);
  // The next close skips the holiday's stray ticks and the after-hours tick: 07-07's 275.
  EXPECT_NEAR(o.returns[3], 275.0 / 250 - 1, 1e-12);

  // On the holiday the exchange has no hours: wall-clock time (14:15's 315, 14:20's 320).
  const SignalOutcome& h = t.outcomes().at(1);
  ASSERT_EQ(h.entry_price, 310.0);
  EXPECT_NEAR(h.returns[0], 315.0 / 310 - 1, 1e-12);
  EXPECT_NEAR(t.event_studies().at({0, "h"}).Mean(EventStudy::Index(10)), 320.0 / 310 - 1, 1e-12);
  EXPECT_NEAR(h.returns[3], 275.0 / 310 - 1, 1e-12);
}

}  // namespace
}  // namespace tripline::evaluation
