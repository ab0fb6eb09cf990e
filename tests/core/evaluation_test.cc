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
#include "app/evaluation/exchange_calendar.h"
#include "app/evaluation/forward_returns.h"
#include "app/evaluation/pack_comparison.h"
#include "app/evaluation/return_stats.h"
#include "app/evaluation/session_bars.h"
#include "app/evaluation/significance.h"
#include "app/evaluation/strategy.h"
#include "app/evaluation/trading_clock.h"
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
  const std::string csv = SignalsCsv(t, Costs{});
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "pack,signal_id,rule,instrument,direction,score,count,signal_ts,first_headline_ts,"
            "delay_s,entry_ts,entry_price,ret_1m_bp,mfe_1h_bp,mae_1h_bp,headline_ids,"
            "benchmark,ar_model,ar_beta,ar_1m_bp,entry_cost_bp,net_1m_bp");
  EXPECT_NE(csv.find(",short,0.8,1,2025-08-12T14:00:00Z,2025-08-12T13:59:30Z,30.0,"
                     "2025-08-12T14:00:00Z,100,0.00,150.00,0.00,n-1,,raw,,0.00,0.00,0.00\n"),
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

// ---- Abnormal returns and their significance (docs/evaluation.md, "Abnormal returns") ----
// Expected values computed by hand; the p values from closed forms of the t CDF that hold for
// small degrees of freedom (checked in Python's math module):
//   df = 2: F(t) = 1/2 + t / (2 sqrt(2 + t^2))
//   df = 3: F(t) = 1/2 + (1/pi) (u / (1 + u^2) + atan(u)), u = t / sqrt(3)

TEST(SignificanceTest, OneSampleTMatchesTheHandComputation) {
  // mean 0.01; deviations 0, 0.01, -0.015, 0.005: sum of squares 3.5e-4, sd sqrt(3.5e-4 / 3);
  // t = 0.01 / (sd / 2) = 1.8516402; df 3: p = 2 (1 - F(t)) = 0.16116185.
  const TTest t = OneSampleT({0.01, 0.02, -0.005, 0.015, std::nan("")});
  EXPECT_EQ(t.n, 4u);
  EXPECT_NEAR(t.mean, 0.01, 1e-15);
  EXPECT_NEAR(t.sd, std::sqrt(3.5e-4 / 3), 1e-15);
  EXPECT_NEAR(t.t, 1.851640199545103, 1e-12);
  EXPECT_NEAR(t.p, 0.16116184721351945, 1e-10);
  // One value has no spread; no value has no mean.
  EXPECT_TRUE(std::isnan(OneSampleT({0.01}).t));
  EXPECT_TRUE(std::isnan(OneSampleT({}).mean));
  // A large t with df 1 (Cauchy): p = 1 - 2 atan(t) / pi.
  EXPECT_NEAR(StudentTwoSidedP(10, 1), 1 - 2 * std::atan(10.0) / M_PI, 1e-12);
}

TEST(SignificanceTest, SignTestIsTwiceTheSmallerBinomialTail) {
  // 7 of 9 non-zero values positive (the 0 is dropped): p = 2 P(X <= 2), X ~ B(9, 1/2)
  // = 2 (1 + 9 + 36) / 512 = 0.1796875.
  const SignTest s = Sign({1, 2, 3, 4, 5, 6, 7, -1, -2, 0, std::nan("")});
  EXPECT_EQ(s.positive, 7u);
  EXPECT_EQ(s.n, 9u);
  EXPECT_NEAR(s.p, 92.0 / 512, 1e-12);
  EXPECT_NEAR(Sign({1, -1}).p, 1.0, 1e-12);  // balanced: capped at 1
  EXPECT_TRUE(std::isnan(Sign({0, 0}).p));
}

TEST(SignificanceTest, BmpStandardizesEachEventByItsOwnScale) {
  // Standardized: 0.02 / 0.01 = 2, 0.01 / 0.005 = 2, -0.01 / 0.02 = -0.5; mean 7/6, sd
  // sqrt(25/12), t = (7/6) / (sd / sqrt 3) = 1.4; df 2: p = 1 - 1.4 / sqrt(3.96) = 0.2964735.
  // The fourth pair has no scale and is dropped.
  const TTest b = Bmp({0.02, 0.01, -0.01, 0.5}, {0.01, 0.005, 0.02, std::nan("")});
  EXPECT_EQ(b.n, 3u);
  EXPECT_NEAR(b.t, 1.4, 1e-12);
  EXPECT_NEAR(b.p, 0.29647352931855164, 1e-10);
}

TEST(SignificanceTest, MarketModelIsOrdinaryLeastSquares) {
  // x = 1..5, y = 2, 4, 5, 4, 5 (times 1e-3): sxy = 6, sxx = 10, beta 0.6, alpha 4 - 0.6 * 3 =
  // 2.2; residuals -0.8, 0.6, 1.0, -0.6, -0.2: sse 2.4, sd sqrt(2.4 / 3).
  const MarketModelFit f =
      FitMarketModel({1e-3, 2e-3, 3e-3, 4e-3, 5e-3}, {2e-3, 4e-3, 5e-3, 4e-3, 5e-3});
  ASSERT_TRUE(f.ok);
  EXPECT_NEAR(f.beta, 0.6, 1e-12);
  EXPECT_NEAR(f.alpha, 2.2e-3, 1e-15);
  EXPECT_NEAR(f.resid_sd, std::sqrt(0.8) * 1e-3, 1e-15);
  EXPECT_FALSE(FitMarketModel({1e-3, 1e-3, 1e-3}, {1e-3, 2e-3, 3e-3}).ok);  // flat benchmark
}

TEST(SignificanceTest, AbnormalSummaryCountsModelsAndClusteredDays) {
  const AbnormalStats a = SummariseAbnormal(
      {0.02, 0.01, -0.01}, {0.01, 0.005, 0.02}, {100, 100, 101},
      {AbnormalModel::kMarketModel, AbnormalModel::kBenchmarkAdjusted, AbnormalModel::kRaw});
  EXPECT_NEAR(a.t.mean, 0.02 / 3, 1e-15);
  EXPECT_NEAR(a.bmp.t, 1.4, 1e-12);
  EXPECT_NEAR(a.median, 0.01, 1e-15);
  EXPECT_EQ(a.event_days, 2u);
  EXPECT_TRUE(a.clustered);
  EXPECT_EQ(a.market_model + a.benchmark_adjusted + a.raw, 3u);
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

// ---- Costs and the strategy that follows the signals ----

TEST(CostsTest, ParsesADefaultAndPerInstrumentExceptions) {
  auto c = ParseCosts("5, 0981.HK=12");
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_DOUBLE_EQ(c->SideFraction("NVDA"), 5e-4);
  EXPECT_DOUBLE_EQ(c->SideFraction("0981.HK"), 12e-4);
  EXPECT_EQ(ParseCosts("cheap").status().message(),
            "--cost-bp: 'cheap' is neither a cost in bp per side (5) nor INSTRUMENT=BP "
            "(0981.HK=12)");
  EXPECT_FALSE(ParseCosts("=3").ok());
  EXPECT_FALSE(ParseCosts("-1").ok());
}

TEST(StrategyTest, FixedNotionalWithCostsRetractionsUnwindAndDrawdown) {
  ForwardReturnTracker t(H("5m,close"), {"NVDA", "AMD"}, 1, 0);
  Signal s1 = MakeSignal("r", "NVDA", Direction::kLong, kT0, "n-1");
  Signal s2 = MakeSignal("r", "AMD", Direction::kShort, kT0, "n-2");
  Signal s3 = MakeSignal("r", "NVDA", Direction::kLong, kT0 + kMin, "n-3");
  t.AddSignal(s1, 0);
  t.AddSignal(s2, 0);
  Tick(t, "NVDA", kT0, 100);
  Tick(t, "AMD", kT0, 50);
  t.AddSignal(s3, 0);
  Tick(t, "NVDA", kT0 + kMin, 100.5);  // s3's entry
  Signal retraction = MakeSignal("r", "NVDA", Direction::kLong, kT0 + 2 * kMin, "n-4");
  retraction.retracts = s3.signal_id;
  t.AddSignal(retraction, 0);
  Tick(t, "NVDA", kT0 + 2 * kMin, 100);  // s3 unwinds here
  Tick(t, "NVDA", kT0 + 5 * kMin, 101);
  Tick(t, "AMD", kT0 + 5 * kMin, 50.25);
  Tick(t, "NVDA", kT0 + 6 * kMin, 101);
  Tick(t, "AMD", kT0 + 6 * kMin, 50.25);
  t.Finish();
  auto costs = ParseCosts("5,AMD=20");
  ASSERT_TRUE(costs.ok());
  ASSERT_EQ(StrategyHorizon(t.horizons(), ""), std::optional<size_t>(0));  // longest duration
  ASSERT_EQ(StrategyHorizon(t.horizons(), "close"), std::optional<size_t>(1));
  const StrategyResult r = RunStrategy(t, 0, 0, *costs);
  // By hand, in bp of one unit, round trips of 10 bp (NVDA) and 40 bp (AMD):
  //   s3 exits first (unwound at +2 min): gross 100 / 100.5 - 1 = -49.751 bp, net -59.751;
  //   s1 at +5 min: gross +100, net +90;  s2 (short AMD 50 -> 50.25): gross -50, net -90.
  // Net curve -59.751, +30.249, -59.751: the drawdown from the +30.249 peak is -90.
  ASSERT_EQ(r.trades, 3u);
  EXPECT_EQ(r.unwound, 1u);
  EXPECT_EQ(r.net_winners, 1u);
  const double s3_gross = 100 / 100.5 - 1;
  EXPECT_NEAR(r.gross, 0.01 - 0.005 + s3_gross, 1e-12);
  EXPECT_NEAR(r.net, 0.009 - 0.009 + s3_gross - 0.001, 1e-12);
  EXPECT_NEAR(r.max_drawdown, -0.009, 1e-12);
  ASSERT_EQ(r.curve.size(), 3u);
  EXPECT_EQ(r.curve[0].ts, kT0 + 2 * kMin);
  EXPECT_NEAR(r.curve[1].net, s3_gross - 0.001 + 0.009, 1e-12);
  EXPECT_EQ(r.days, 1u);
  EXPECT_DOUBLE_EQ(r.turnover_per_day, 6);
  // Net mean per horizon: the mean less each signal's round trip.
  const PackSummary p = SummarisePack(t, 0, 1, 0, &*costs);
  EXPECT_NEAR(p.overall.horizons[0].net_mean,
              p.overall.horizons[0].signals.mean - (0.001 + 0.004 + 0.001) / 3, 1e-12);
}

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
