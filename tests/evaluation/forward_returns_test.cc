// app/evaluation/forward_returns.cc: horizons, forward returns and their no-look-ahead entry,
// excursions, sessions, the clean random-time baseline, abnormal returns, exchange hours.
#include "app/evaluation/forward_returns.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "app/evaluation/evaluation_csv.h"
#include "app/evaluation/event_study.h"
#include "app/evaluation/exchange_calendar.h"
#include "app/evaluation/return_stats.h"
#include "tests/evaluation/tracked_signals.h"

namespace tripline::evaluation {
namespace {

TEST(ParseHorizonsTest, ReadsDurationsCloseAndNextClose) {
  auto h = H("1m, 5m,1h,close,next_close");
  ASSERT_EQ(h.size(), 5u);
  EXPECT_EQ(h[0].duration, kMin);
  EXPECT_EQ(h[2].duration, 60 * kMin);
  EXPECT_EQ(h[3].kind, HorizonKind::kSessionClose);
  EXPECT_EQ(h[4].kind, HorizonKind::kNextClose);
}

TEST(ParseHorizonsTest, RejectsUnknownWordsZeroAndRepeats) {
  EXPECT_EQ(ParseHorizons("5m,soon").status().message(),
            "--horizons: 'soon' is neither a positive duration (1m, 5m, 1h, 4h) nor close or "
            "next_close");
  EXPECT_FALSE(ParseHorizons("0m").ok());
  EXPECT_EQ(ParseHorizons("60m,1h").status().message(), "--horizons: '1h' repeats '60m'");
}

TEST(SignalOutcomeTest, ReturnsAreFractionsOfTheEntryWithTheSignalsSign) {
  SignalOutcome o;
  o.entry_price = 100;
  o.direction = Direction::kLong;
  EXPECT_NEAR(o.ReturnAt(101), 0.01, 1e-12);
  o.direction = Direction::kShort;
  EXPECT_NEAR(o.ReturnAt(98), 0.02, 1e-12);
  EXPECT_NEAR(o.ReturnFrom(50, 51), -0.02, 1e-12);  // a baseline draw's own entry
  o.direction = Direction::kWatch;
  EXPECT_NEAR(o.ReturnAt(99), -0.01, 1e-12);  // watches are measured as if long
}

TEST(ForwardReturnsTest, ShortSignalReturnsAreDirectionAdjustedAsOfEachHorizon) {
  ForwardReturnTracker t(H("1m,5m,close,next_close"), {"NVDA"}, 1, 0);
  t.AddSignal(MakeSignal("r", "NVDA", Direction::kShort, kT0), 0);
  Tick(t, "NVDA", kT0, 100);                        // entry
  Tick(t, "NVDA", kT0 + 30 * kNanosPerSecond, 99);  // as of +1m
  Tick(t, "NVDA", kT0 + 2 * kMin, 98);              // passes +1m
  Tick(t, "NVDA", kT0 + 5 * kMin, 97);              // at +5m exactly: counts for +5m
  Tick(t, "NVDA", kT0 + 6 * kMin, 96);              // last tick of the session
  Tick(t, "NVDA", kT0 + 24 * kNanosPerHour, 90);    // next session
  Tick(t, "NVDA", kT0 + 25 * kNanosPerHour, 95);    // next session's close
  t.Finish();
  const SignalOutcome& o = t.outcomes().at(0);
  EXPECT_EQ(o.entry_ts, kT0);
  EXPECT_DOUBLE_EQ(o.entry_price, 100);
  EXPECT_NEAR(o.returns[0], 0.01, 1e-12);  // 100 -> 99, short
  EXPECT_NEAR(o.returns[1], 0.03, 1e-12);  // 100 -> 97
  EXPECT_NEAR(o.returns[2], 0.04, 1e-12);  // close 96
  EXPECT_NEAR(o.returns[3], 0.05, 1e-12);  // next close 95
}

TEST(ForwardReturnsTest, EntryIsNeverAPriceSeenBeforeTheSignal) {
  ForwardReturnTracker t(H("1m"), {"NVDA"}, 1, 0);
  // A tick at the signal's event time that the replay delivered before the signal existed (the
  // headline became available later) is not an entry: the next tick is.
  Tick(t, "NVDA", kT0, 100);
  t.AddSignal(MakeSignal("r", "NVDA", Direction::kLong, kT0), 0);
  Tick(t, "NVDA", kT0 + 10 * kNanosPerSecond, 101);
  Tick(t, "NVDA", kT0 + 2 * kMin, 102);
  t.Finish();
  const SignalOutcome& o = t.outcomes().at(0);
  EXPECT_EQ(o.entry_ts, kT0 + 10 * kNanosPerSecond);
  EXPECT_DOUBLE_EQ(o.entry_price, 101);
}

TEST(ForwardReturnsTest, EntryWaitsForATickAtOrAfterTheEventTime) {
  ForwardReturnTracker t(H("1m"), {"NVDA"}, 1, 0);
  t.AddSignal(MakeSignal("r", "NVDA", Direction::kLong, kT0), 0);
  Tick(t, "NVDA", kT0 - kNanosPerSecond, 99);  // before the event time
  Tick(t, "AMD", kT0, 50);                     // another instrument
  Tick(t, "NVDA", kT0, 100);
  t.Finish();
  EXPECT_EQ(t.outcomes().at(0).entry_ts, kT0);
  EXPECT_DOUBLE_EQ(t.outcomes().at(0).entry_price, 100);
}

TEST(ForwardReturnsTest, ExcursionsCoverOnlyTheFirstHour) {
  ForwardReturnTracker t(H("1h"), {"NVDA"}, 1, 0);
  t.AddSignal(MakeSignal("r", "NVDA", Direction::kLong, kT0), 0);
  Tick(t, "NVDA", kT0, 100);
  Tick(t, "NVDA", kT0 + 10 * kMin, 103);
  Tick(t, "NVDA", kT0 + 20 * kMin, 98);
  Tick(t, "NVDA", kT0 + 60 * kMin, 101);
  Tick(t, "NVDA", kT0 + 61 * kMin, 120);  // after the hour: not an excursion
  Tick(t, "NVDA", kT0 + 62 * kMin, 70);
  t.Finish();
  const SignalOutcome& o = t.outcomes().at(0);
  EXPECT_NEAR(o.mfe_1h, 0.03, 1e-12);
  EXPECT_NEAR(o.mae_1h, -0.02, 1e-12);
  EXPECT_NEAR(o.returns[0], 0.01, 1e-12);
}

TEST(ForwardReturnsTest, HorizonPastTheSessionHoldsTheCloseAndNoNextSessionIsNaN) {
  ForwardReturnTracker t(H("4h,close,next_close"), {"NVDA"}, 1, 0);
  t.AddSignal(MakeSignal("r", "NVDA", Direction::kLong, kT0), 0);
  Tick(t, "NVDA", kT0, 100);
  Tick(t, "NVDA", kT0 + 30 * kMin, 105);
  t.Finish();
  const SignalOutcome& o = t.outcomes().at(0);
  EXPECT_NEAR(o.returns[0], 0.05, 1e-12);
  EXPECT_NEAR(o.returns[1], 0.05, 1e-12);
  EXPECT_TRUE(std::isnan(o.returns[2]));
}

TEST(ForwardReturnsTest, RetractionsAreCountedNotEvaluated) {
  ForwardReturnTracker t(H("1m"), {"NVDA"}, 1, 0);
  Signal s = MakeSignal("r", "NVDA", Direction::kShort, kT0);
  s.retracts = "abc";
  t.AddSignal(s, 0);
  EXPECT_TRUE(t.outcomes().empty());
  EXPECT_EQ(t.retractions(0), 1u);
}

// A day of minute ticks drifting down, a short signal at 14:00.
void RunDay(ForwardReturnTracker& t) {
  for (int m = 0; m < 240; ++m) {
    const EventTime ts = kT0 - 60 * kMin + m * kMin;
    if (m == 60) t.AddSignal(MakeSignal("r", "NVDA", Direction::kShort, kT0), 0);
    Tick(t, "NVDA", ts, 100 - 0.05 * m + (m % 7 == 0 ? 0.3 : 0));
  }
  t.Finish();
}

TEST(BaselineTest, SeededDrawsRepeatAndTheEventStudyStartsAtZero) {
  ForwardReturnTracker a(H("5m,1h,close"), {"NVDA"}, 9, 20), b(H("5m,1h,close"), {"NVDA"}, 9, 20),
      c(H("5m,1h,close"), {"NVDA"}, 10, 20);
  RunDay(a);
  RunDay(b);
  RunDay(c);
  const auto& ba = a.baselines().at({0, "r"});
  EXPECT_EQ(ba.returns[0].size(), 20u);
  EXPECT_EQ(ba.returns, b.baselines().at({0, "r"}).returns);
  EXPECT_NE(ba.returns, c.baselines().at({0, "r"}).returns);
  const EventStudy& study = a.event_studies().at({0, "r"});
  EXPECT_EQ(study.events(), 1u);
  EXPECT_EQ(study.Mean(EventStudy::Index(0)), 0.0);
  EXPECT_GT(study.Mean(EventStudy::Index(60)), 0.0);  // the price fell: the short gained
  // By hand from RunDay's ticks (one a minute, 100 - 0.05 m, +0.3 when m % 7 == 0): entry at
  // m = 60 at 97; 10 minutes before, the price as of that minute's start is m = 49's, 97.85;
  // 10 minutes after (through the end of that minute), m = 70's, 96.8. Short: the sign flips.
  EXPECT_NEAR(study.Mean(EventStudy::Index(-10)), -(97.85 / 97 - 1), 1e-12);
  EXPECT_NEAR(study.Mean(EventStudy::Index(10)), -(96.8 / 97 - 1), 1e-12);
  ASSERT_EQ(a.charts().size(), 1u);
  EXPECT_EQ(a.charts()[0].instrument, "NVDA");
}

// A session from kT0 - 120 min: SOXX wiggles, NVDA moves exactly twice as much each minute (so
// the market model is alpha 0, beta 2 to rounding); a short on NVDA at kT0 (its headline
// 30 s before), then five minutes later SOXX +1% and NVDA -3% from the entry.
void RunMarketModelDay(ForwardReturnTracker& t, const char* instrument) {
  t.SetBenchmarks({{"NVDA", "SOXX"}});
  double soxx = 100, nvda = 200;
  for (int m = 0; m <= 120; ++m) {
    const EventTime ts = kT0 - 120 * kMin + m * kMin;
    if (m > 0) {
      const double next = 100 * (1 + 0.001 * ((m % 5) - 2));
      nvda *= 1 + 2 * (next / soxx - 1);
      soxx = next;
    }
    if (m == 120) t.AddSignal(MakeSignal("r", instrument, Direction::kShort, kT0), 0);
    Tick(t, "SOXX", ts, soxx);
    Tick(t, instrument, ts, nvda);
  }
  Tick(t, "SOXX", kT0 + 5 * kMin, soxx * 1.01);
  Tick(t, instrument, kT0 + 5 * kMin, nvda * 0.97);
  t.Finish();
}

TEST(AbnormalReturnsTest, MarketModelFittedBeforeTheHeadline) {
  ForwardReturnTracker t(H("5m,close"), {"NVDA"}, 1, 0);
  RunMarketModelDay(t, "NVDA");
  const SignalOutcome& o = t.outcomes().at(0);
  EXPECT_EQ(o.benchmark, "SOXX");
  EXPECT_EQ(o.model, AbnormalModel::kMarketModel);
  // The window: minutes -120..-2 before the headline's minute; the first has no price before it.
  EXPECT_EQ(o.estimation_returns, 118u);
  EXPECT_NEAR(o.beta, 2, 1e-9);
  EXPECT_NEAR(o.alpha, 0, 1e-12);
  // Short: raw +300 bp; expected move the short's way -(0 + 2 * 1%) = -200 bp; abnormal +500 bp.
  EXPECT_NEAR(o.returns[0], 0.03, 1e-12);
  EXPECT_NEAR(o.abnormal[0], 0.05, 1e-9);
  EXPECT_NEAR(o.abnormal[1], 0.05, 1e-9);  // the close is the same tick
  const EventStudy& path = t.abnormal_studies().at({0, "r"});
  EXPECT_EQ(path.Mean(EventStudy::Index(0)), 0.0);
  EXPECT_NEAR(path.Mean(EventStudy::Index(10)), 0.05, 1e-9);  // held after the last tick
  // The model explains the past, to the compounding of ten minutes of returns.
  EXPECT_NEAR(path.Mean(EventStudy::Index(-10)), 0.0, 1e-4);
  const PackSummary s = SummarisePack(t, 0, 1, 0);
  EXPECT_NEAR(s.overall.horizons[0].abnormal.t.mean, 0.05, 1e-9);
  EXPECT_EQ(s.overall.horizons[0].abnormal.market_model, 1u);
}

TEST(AbnormalReturnsTest, BenchmarkAdjustedWhenTheWindowIsShortRawWithoutABenchmark) {
  // The headline 10 minutes after the open: too few minutes for a model; r_i - r_b.
  ForwardReturnTracker t(H("5m"), {"NVDA", "AMD"}, 1, 0);
  t.SetBenchmarks({{"NVDA", "SOXX"}});
  for (int m = 0; m <= 10; ++m) {
    Tick(t, "SOXX", kT0 - 10 * kMin + m * kMin, 100);
    Tick(t, "NVDA", kT0 - 10 * kMin + m * kMin, 50);
    Tick(t, "AMD", kT0 - 10 * kMin + m * kMin, 80);
  }
  t.AddSignal(MakeSignal("r", "NVDA", Direction::kLong, kT0 + kMin), 0);
  t.AddSignal(MakeSignal("r", "AMD", Direction::kLong, kT0 + kMin), 0);
  Tick(t, "SOXX", kT0 + kMin, 100);
  Tick(t, "NVDA", kT0 + kMin, 50);
  Tick(t, "AMD", kT0 + kMin, 80);
  Tick(t, "SOXX", kT0 + 6 * kMin, 102);   // +2%
  Tick(t, "NVDA", kT0 + 6 * kMin, 51.5);  // +3%
  Tick(t, "AMD", kT0 + 6 * kMin, 84);     // +5%
  t.Finish();
  const SignalOutcome& nvda = t.outcomes().at(0);
  EXPECT_EQ(nvda.model, AbnormalModel::kBenchmarkAdjusted);
  EXPECT_NEAR(nvda.abnormal[0], 0.03 - 0.02, 1e-12);
  const SignalOutcome& amd = t.outcomes().at(1);
  EXPECT_EQ(amd.benchmark, "");
  EXPECT_EQ(amd.model, AbnormalModel::kRaw);
  EXPECT_NEAR(amd.abnormal[0], 0.05, 1e-12);
  const std::string csv = SignalsCsv(t, Costs{});
  EXPECT_NE(csv.find(",n-1,SOXX,benchmark_adjusted,1.0000,100.00,0.00,300.00\n"), std::string::npos)
      << csv;
  EXPECT_NE(csv.find(",n-1,,raw,,500.00,0.00,500.00\n"), std::string::npos) << csv;
}

TEST(CleanBaselineTest, NoDrawWithinAHeadlinesWindowAndNoHorizonReachesOne) {
  // An eight-hour session of minute ticks from kT0 - 60 min; the signal's headline at
  // kT0 - 30 s and another headline at kT0 + 300 min. No draw within 30 min before or 60 min
  // after either: clean minutes are kT0 - 59 min .. kT0 - 31 min, kT0 + 60 min .. kT0 + 269 min
  // and after kT0 + 360 min.
  ForwardReturnTracker t(H("5m,1h,close"), {"NVDA"}, 3, 200);
  const EventTime other = kT0 + 300 * kMin;
  for (int m = 0; m < 480; ++m) {
    const EventTime ts = kT0 - 60 * kMin + m * kMin;
    if (m == 60) t.AddSignal(MakeSignal("r", "NVDA", Direction::kShort, kT0), 0);
    if (ts == other) t.AddHeadline(other);
    Tick(t, "NVDA", ts, 100 + (m % 11) * 0.1);
  }
  t.Finish();
  const BaselineSamples& b = t.baselines().at({0, "r"});
  ASSERT_EQ(b.draw_minutes.size(), 200u);
  size_t before_other = 0, hour_clean = 0;
  for (int64_t m : b.draw_minutes) {
    const EventTime at = m * kMin;
    for (EventTime h : {kT0 - 30 * kNanosPerSecond, other}) {
      EXPECT_FALSE(at >= h - ForwardReturnTracker::kBaselineBefore &&
                   at <= h + ForwardReturnTracker::kBaselineAfter)
          << FormatRfc3339(at) << " is within the window of " << FormatRfc3339(h);
    }
    const EventTime next = at < kT0 ? kT0 - 30 * kNanosPerSecond : at < other ? other : INT64_MAX;
    if (at < other) ++before_other;
    if (at + kNanosPerHour < next) ++hour_clean;
  }
  EXPECT_GT(before_other, 0u);
  EXPECT_LT(before_other, 200u);
  // Every draw's 5 m horizon ends before the next headline (draws stop 30 min before it); a
  // 1 h horizon reaching it is dropped, and so is the close of a draw before it.
  EXPECT_EQ(b.returns[0].size(), 200u);
  EXPECT_EQ(b.returns[1].size(), hour_clean);
  EXPECT_EQ(b.returns[2].size(), 200u - before_other);
}

TEST(CleanBaselineTest, NewsAllSessionLeavesNoDraw) {
  // An 80-minute session with its headline 20 minutes in (as the eval sets' days are): every
  // minute is within 30 min before or 60 min after it.
  ForwardReturnTracker t(H("5m"), {"NVDA"}, 3, 20);
  for (int m = 0; m < 80; ++m) {
    const EventTime ts = kT0 + m * kMin;
    if (m == 20) t.AddSignal(MakeSignal("r", "NVDA", Direction::kShort, ts), 0);
    Tick(t, "NVDA", ts, 100);
  }
  t.Finish();
  EXPECT_TRUE(t.baselines().at({0, "r"}).draw_minutes.empty());
}

TEST(ExchangeCalendarTest, TrackerCountsTradingTimeAndClosesAtTheExchangeClose) {
  // 688256.SS on 2025-03-03: minute ticks 03:00-03:30 and 05:00-07:10 UTC (the last ten after
  // the close), price = 100 + minutes since 03:00 UTC; a long at 03:20.
  ForwardReturnTracker t(H("15m,close"), {"688256.SS"}, 1, 0);
  t.SetExchanges({{"688256.SS", Exchange::kXshg}});
  const EventTime base = Utc("2025-03-03T03:00:00Z");
  auto price = [&](EventTime ts) { return 100.0 + static_cast<double>((ts - base) / kMin); };
  for (EventTime ts = base; ts <= Utc("2025-03-03T07:10:00Z"); ts += kMin) {
    if (ts > Utc("2025-03-03T03:30:00Z") && ts < Utc("2025-03-03T05:00:00Z")) continue;
    if (ts == base + 20 * kMin) {
      t.AddSignal(MakeSignal("r", "688256.SS", Direction::kLong, ts), 0);
    }
    Tick(t, "688256.SS", ts, price(ts));
  }
  t.Finish();
  const SignalOutcome& o = t.outcomes().at(0);
  EXPECT_EQ(o.entry_ts, base + 20 * kMin);
  // 15 min of trading: 10 before the break, 5 after: 05:05, at price 100 + 125.
  EXPECT_EQ(o.ends[0], Utc("2025-03-03T05:05:00Z"));
  EXPECT_NEAR(o.returns[0], 225.0 / 120 - 1, 1e-12);
  // The close is 07:00's tick (100 + 240), not 07:10's.
  EXPECT_EQ(o.ends[1], Utc("2025-03-03T07:00:00Z"));
  EXPECT_NEAR(o.returns[1], 340.0 / 120 - 1, 1e-12);
  const std::vector<CalendarUse> use = t.calendar_use();
  ASSERT_EQ(use.size(), 1u);
  EXPECT_EQ(use[0].outside_hours, 10u);  // 07:01-07:10
  EXPECT_TRUE(use[0].holidays_known);
}

}  // namespace
}  // namespace tripline::evaluation
