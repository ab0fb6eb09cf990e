// Unit tests of app/evaluation/: forward returns and their no-look-ahead entry, excursions,
// sessions, hit rates, the bootstrap's and the baseline's determinism, the A/B comparison, and
// the progress line's silence when stderr is not a terminal, and summary.json staying valid JSON.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <unistd.h>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "app/evaluation/bootstrap.h"
#include "app/evaluation/evaluation_csv.h"
#include "app/evaluation/evaluation_result.h"
#include "app/evaluation/forward_returns.h"
#include "app/evaluation/pack_comparison.h"
#include "app/evaluation/return_stats.h"
#include "core/replay_progress.h"

namespace tripline::evaluation {
namespace {

// 2025-08-12T14:00:00Z
constexpr EventTime kT0 = 1755007200LL * kNanosPerSecond;
constexpr EventTime kMin = kNanosPerMinute;

std::vector<Horizon> H(const char* list) {
  auto h = ParseHorizons(list);
  EXPECT_TRUE(h.ok()) << h.status();
  return *h;
}

Signal MakeSignal(const std::string& rule, const std::string& sym, Direction d, EventTime ts,
                  const std::string& headline_id = "n-1", double score = 0.8) {
  Signal s;
  s.signal_id = rule + sym + std::to_string(ts);
  s.rule = rule;
  s.instrument = sym;
  s.direction = d;
  s.ts = ts;
  s.score = score;
  s.headlines.push_back(
      HeadlineEvidence{headline_id, "Reuters", "text", ts - 30 * kNanosPerSecond, {}});
  return s;
}

void Tick(ForwardReturnTracker& t, const std::string& sym, EventTime ts, double price) {
  PriceTick p;
  p.sym = sym;
  p.ts = ts;
  p.price = price;
  t.OnPrice(p);
}

// One short of `rule` on NVDA at kT0, entered at 100; 98.5 two minutes later, then the end.
void TrackOneShort(ForwardReturnTracker& t, const std::string& rule) {
  t.AddSignal(MakeSignal(rule, "NVDA", Direction::kShort, kT0), 0);
  Tick(t, "NVDA", kT0, 100);
  Tick(t, "NVDA", kT0 + 2 * kMin, 98.5);
  t.Finish();
}

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

TEST(ReturnStatsTest, HitRateMeanMedianDropNaN) {
  const ReturnStats s = Summarise({0.01, -0.02, 0.03, std::nan(""), 0.0}, 7, 200);
  EXPECT_EQ(s.n, 4u);
  EXPECT_DOUBLE_EQ(s.hit_rate, 0.5);  // 0 is not a hit
  EXPECT_NEAR(s.mean, 0.005, 1e-12);
  EXPECT_NEAR(s.median, 0.005, 1e-12);
  EXPECT_LE(s.ci.low, s.mean);
  EXPECT_GE(s.ci.high, s.mean);
}

TEST(BootstrapTest, SameSeedSameIntervalOtherSeedOtherDraws) {
  std::vector<double> v;
  SplitMix64 rng(3);
  for (int i = 0; i < 50; ++i) v.push_back(static_cast<double>(rng.Below(1000)) / 1000 - 0.5);
  const ConfidenceInterval a = BootstrapMeanCi(v, 42);
  const ConfidenceInterval b = BootstrapMeanCi(v, 42);
  const ConfidenceInterval c = BootstrapMeanCi(v, 43);
  EXPECT_EQ(a.low, b.low);
  EXPECT_EQ(a.high, b.high);
  EXPECT_TRUE(a.low != c.low || a.high != c.high);
  EXPECT_LT(a.low, a.high);
  // SplitMix64 is a fixed algorithm: its first output for seed 0 is the published value.
  EXPECT_EQ(SplitMix64(0).Next(), 0xE220A8397B1DCDAFull);
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

TEST(PackComparisonTest, OnlyInAOnlyInBChangedAndWorse) {
  ForwardReturnTracker t(H("1m"), {"NVDA", "AMD"}, 1, 0);
  t.AddSignal(MakeSignal("guidance", "NVDA", Direction::kShort, kT0, "n-1", 0.9), 0);
  t.AddSignal(MakeSignal("guidance", "NVDA", Direction::kShort, kT0, "n-1", 0.7), 1);
  t.AddSignal(MakeSignal("export", "AMD", Direction::kShort, kT0, "n-2"), 0);   // only A
  t.AddSignal(MakeSignal("export", "NVDA", Direction::kShort, kT0, "n-3"), 1);  // only B
  Tick(t, "NVDA", kT0, 100);
  Tick(t, "AMD", kT0, 50);
  Tick(t, "NVDA", kT0 + 30 * kNanosPerSecond, 99);  // NVDA fell: both NVDA shorts hit
  Tick(t, "AMD", kT0 + 30 * kNanosPerSecond, 51);   // AMD rose: A's AMD short missed
  Tick(t, "NVDA", kT0 + 2 * kMin, 99);
  Tick(t, "AMD", kT0 + 2 * kMin, 51);
  t.Finish();
  const PackSummary a = SummarisePack(t, 0, 1, 100), b = SummarisePack(t, 1, 1, 100);
  EXPECT_DOUBLE_EQ(a.overall.horizons[0].signals.hit_rate, 0.5);
  EXPECT_DOUBLE_EQ(b.overall.horizons[0].signals.hit_rate, 1.0);
  const PackComparison c = ComparePacks(t, a, b);
  ASSERT_EQ(c.only_a.size(), 1u);
  EXPECT_EQ(c.only_a[0]->instrument, "AMD");
  ASSERT_EQ(c.only_b.size(), 1u);
  EXPECT_EQ(c.only_b[0]->rule, "export");
  ASSERT_EQ(c.changed.size(), 1u);
  EXPECT_EQ(c.changed[0].what, "score 0.70 -> 0.90");
  EXPECT_NEAR(c.hit_rate_change[0], -0.5, 1e-12);
  EXPECT_TRUE(c.worse);
  EXPECT_FALSE(ComparePacks(t, b, a).worse);
}

TEST(SummaryJsonTest, InvalidUtf8InPathsAndNamesStillGivesValidJson) {
  ForwardReturnTracker t(H("1m"), {"NVDA"}, 1, 0);
  TrackOneShort(t, "r\xff");
  EvaluationResult r;
  r.tracker = &t;
  r.pack_paths = {"packs/\xc3(/rules.yaml"};
  r.packs = {SummarisePack(t, 0, 1, 100)};
  r.headline_files = {"day\xe5\x8c.jsonl", "caf\xc3\xa9 \"q\".jsonl"};
  r.price_files = {"prices\xc0\xaf.jsonl"};
  const std::string summary = SummaryJson(r);
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_EQ(parser.parse(summary).get(doc), simdjson::SUCCESS) << summary;
  const std::string fffd = "\xef\xbf\xbd";
  std::string_view text;
  ASSERT_EQ(doc["inputs"]["headlines"].at(0).get(text), simdjson::SUCCESS);
  EXPECT_EQ(text, absl::StrCat("day", fffd, fffd, ".jsonl"));
  ASSERT_EQ(doc["inputs"]["headlines"].at(1).get(text), simdjson::SUCCESS);
  EXPECT_EQ(text, "caf\xc3\xa9 \"q\".jsonl");
  ASSERT_EQ(doc["inputs"]["prices"].at(0).get(text), simdjson::SUCCESS);
  EXPECT_EQ(text, absl::StrCat("prices", fffd, fffd, ".jsonl"));
  ASSERT_EQ(doc["packs"].at(0)["rules"].get(text), simdjson::SUCCESS);
  EXPECT_EQ(text, absl::StrCat("packs/", fffd, "(/rules.yaml"));
  simdjson::dom::object by_rule;
  ASSERT_EQ(doc["packs"].at(0)["by_rule"].get(by_rule), simdjson::SUCCESS);
  ASSERT_EQ(by_rule.size(), 1u);
  EXPECT_EQ((*by_rule.begin()).key, absl::StrCat("r", fffd));
}

TEST(EvaluationCsvTest, OneRowPerSignalWithBasisPoints) {
  ForwardReturnTracker t(H("1m"), {"NVDA"}, 1, 0);
  TrackOneShort(t, "r");
  const std::string csv = SignalsCsv(t);
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "pack,signal_id,rule,instrument,direction,score,count,signal_ts,first_headline_ts,"
            "delay_s,entry_ts,entry_price,ret_1m_bp,mfe_1h_bp,mae_1h_bp,headline_ids");
  EXPECT_NE(csv.find(",short,0.8,1,2025-08-12T14:00:00Z,2025-08-12T13:59:30Z,30.0,"
                     "2025-08-12T14:00:00Z,100,0.00,150.00,0.00,n-1\n"),
            std::string::npos)
      << csv;
}

TEST(ReplayProgressTest, SilentWhenStderrIsNotATerminal) {
  // Point stderr at a file for the check, as CI and pipes do.
  FILE* tmp = std::tmpfile();
  ASSERT_NE(tmp, nullptr);
  std::fflush(stderr);
  const int saved = dup(fileno(stderr));
  ASSERT_GE(dup2(fileno(tmp), fileno(stderr)), 0);
  ReplayProgress progress = ReplayProgress::ForStderr(1000);
  for (int i = 0; i < 200000; ++i) progress.OnEvent([] { return uint64_t{500}; });
  progress.Finish(1000);
  std::fflush(stderr);
  dup2(saved, fileno(stderr));
  close(saved);
  EXPECT_FALSE(progress.enabled());
  EXPECT_EQ(std::ftell(tmp), 0);
  std::fclose(tmp);
}

TEST(ReplayProgressTest, PrintsPercentRateAndEtaWhenEnabled) {
  EXPECT_EQ(ReplayProgress::FormatLine(0.25, 2.5e6, 75), " 25.0%  2.50 M events/s  ETA 1:15");
  EXPECT_EQ(ReplayProgress::FormatLine(0, 0, -1), "  0.0%  0.00 M events/s  ETA --:--");
  FILE* tmp = std::tmpfile();
  ReplayProgress progress(tmp, true, 1000);
  for (int i = 0; i < 70000; ++i) progress.OnEvent([] { return uint64_t{500}; });
  progress.Finish(1000);
  std::rewind(tmp);
  char buf[256] = {};
  const size_t n = std::fread(buf, 1, sizeof buf - 1, tmp);
  const std::string text(buf, n);
  EXPECT_NE(text.find("100.0%"), std::string::npos) << text;
  EXPECT_EQ(text.back(), '\n');
  std::fclose(tmp);
}

}  // namespace
}  // namespace tripline::evaluation
