#include "app/evaluation/costs.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "app/evaluation/evaluation_csv.h"
#include "app/evaluation/return_stats.h"
#include "app/evaluation/strategy.h"
#include "tests/evaluation/tracked_signals.h"

namespace tripline::evaluation {
namespace {

void Quote(ForwardReturnTracker& t, const std::string& sym, EventTime ts, double price, double bid,
           double ask) {
  PriceTick p;
  p.sym = sym;
  p.ts = ts;
  p.price = price;
  p.bid = bid;
  p.ask = ask;
  t.OnPrice(p);
}

TEST(CostsTest, HalfTheQuotedSpreadPerSideWhereQuotedElseBp) {
  // NVDA records quotes, AMD trades only. A long on each at kT0, a 5 m horizon and the close.
  ForwardReturnTracker t(H("5m,close"), {"NVDA", "AMD"}, 1, 0);
  t.AddSignal(MakeSignal("r", "NVDA", Direction::kLong, kT0, "n-1"), 0);
  t.AddSignal(MakeSignal("r", "AMD", Direction::kLong, kT0, "n-2"), 0);
  Quote(t, "NVDA", kT0, 100, 99.9, 100.1);  // entry; half spread 0.1 / 100 = 10 bp
  Tick(t, "AMD", kT0, 50);
  Quote(t, "NVDA", kT0 + 5 * kMin, 101, 100.95, 101.05);  // the 5 m price; 0.05 / 101
  Tick(t, "AMD", kT0 + 5 * kMin, 50.5);
  // A trade without a quote: the latest quote still stands (the close's exit side).
  Tick(t, "NVDA", kT0 + 6 * kMin, 102);
  Tick(t, "AMD", kT0 + 6 * kMin, 51);
  t.Finish();
  const SignalOutcome& nvda = t.outcomes().at(0);
  const SignalOutcome& amd = t.outcomes().at(1);
  EXPECT_NEAR(nvda.entry_half_spread, 0.001, 1e-15);
  EXPECT_NEAR(nvda.exit_half_spread[0], 0.05 / 101, 1e-15);
  EXPECT_NEAR(nvda.exit_half_spread[1], 0.05 / 101, 1e-15);
  EXPECT_TRUE(std::isnan(amd.entry_half_spread));
  // --cost-bp 3 and AMD's pack cost 7: NVDA pays the spread, AMD 7 bp a side.
  Costs costs;
  costs.default_bp = 3;
  costs.per_instrument_bp["AMD"] = 7;
  EXPECT_NEAR(costs.RoundTrip(nvda, 0), 0.001 + 0.05 / 101, 1e-15);
  EXPECT_NEAR(costs.RoundTrip(amd, 0), 0.0014, 1e-15);
  // Net 5 m: NVDA +100 bp - 10 - 4.9505 = 85.0495 bp; AMD +100 - 14 = 86 bp.
  const std::string csv = SignalsCsv(t, costs);
  EXPECT_NE(csv.find(",n-1,,raw,,100.00,200.00,10.00,85.05,185.05\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find(",n-2,,raw,,100.00,200.00,7.00,86.00,186.00\n"), std::string::npos) << csv;
  const PackSummary p = SummarisePack(t, 0, 1, 0, &costs);
  EXPECT_NEAR(p.overall.horizons[0].net_mean, 0.01 - ((0.001 + 0.05 / 101) + 0.0014) / 2, 1e-12);
  const StrategyResult r = RunStrategy(t, 0, 0, costs);
  EXPECT_EQ(r.quoted_sides, 2u);  // NVDA's entry and exit
  EXPECT_NEAR(r.net, 0.02 - (0.001 + 0.05 / 101) - 0.0014, 1e-12);
}

TEST(CostsTest, AQuoteDoesNotCarryIntoTheNextSession) {
  ForwardReturnTracker t(H("1m"), {"NVDA"}, 1, 0);
  Quote(t, "NVDA", kT0 - kNanosPerDay, 100, 99, 101);
  t.AddSignal(MakeSignal("r", "NVDA", Direction::kLong, kT0), 0);
  Tick(t, "NVDA", kT0, 100);
  t.Finish();
  EXPECT_TRUE(std::isnan(t.outcomes().at(0).entry_half_spread));
}

// ---- Exchange calendars ----
// Expected hours from the exchange_calendars package (the table's source), e.g.
// xc.get_calendar("XSHG").session_break_start("2025-03-03") == 03:30 UTC.

// The event time of an RFC 3339 UTC time, for readable expectations.
EventTime Utc(const char* rfc3339) {
  EventTime t = 0;
  EXPECT_TRUE(ParseRfc3339(rfc3339, &t)) << rfc3339;
  return t;
}

}  // namespace
}  // namespace tripline::evaluation
