// abnormal_move(): a move measured beyond the instrument's benchmark (entities.yaml
// `benchmark:`), and the market-confirmed fallback (`fallback: true`, `direction: with_move`)
// that fires on wording no rule foresaw when the market confirms it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "io/codec/signal_decoder.h"
#include "io/codec/signal_encoder.h"
#include "rules/condition_parser.h"
#include "rules/rule_engine.h"
#include "rules/rule_loader.h"
#include "tests/rules/engine_test_util.h"

namespace tripline {
namespace {

using testing::EventFactory;
using ::testing::HasSubstr;
using testing::RecordingSink;

constexpr EventTime kT0 = 1754996400LL * kNanosPerSecond;  // 2025-08-12T11:00:00Z
constexpr EventTime kMin = kNanosPerMinute;

const char kPack[] = R"(entities:
  nvidia: {instruments: [NVDA], names: [Nvidia], benchmark: SOXX}
lists:
  gov: [Beijing, regulator]
  ban: [ban]
rules:
  - id: specific
    headline: any(gov) and any(ban) and mentions(nvidia)
    price: abnormal_move(mentioned, 60m) <= -3%
    score: 0.5 + abs(move)
    emit: {instrument: mentioned, direction: short}
  - id: fallback
    fallback: true
    headline: any(gov) and mentions(any)
    price: abs(abnormal_move(mentioned, 60m)) >= 3%
    score: 0.2 + abs(move)
    emit: {instrument: mentioned, direction: with_move, severity: low}
)";

std::shared_ptr<const CompiledRules> Load() {
  auto r = LoadRulesFromString(kPack, "p.yaml");
  EXPECT_TRUE(r.ok()) << r.status();
  return r.ok() ? *r : nullptr;
}

class AbnormalMoveTest : public ::testing::Test {
 protected:
  // A headline at +1 min, then NVDA and SOXX from 100 each to the given prices at +30 min.
  std::vector<Signal> Run(const std::string& headline, double nvda, double soxx) {
    RuleEngine engine(Load());
    RecordingSink sink;
    engine.OnPrice(f_.P("NVDA", kT0, 100), sink);
    engine.OnPrice(f_.P("SOXX", kT0, 100), sink);
    engine.OnHeadline(f_.H("h1", kT0 + kMin, "Reuters", headline), sink);
    engine.OnPrice(f_.P("SOXX", kT0 + 30 * kMin, soxx), sink);
    engine.OnPrice(f_.P("NVDA", kT0 + 30 * kMin, nvda), sink);
    return sink.signals;
  }
  EventFactory f_;
};

TEST(AbnormalMoveParse, AcceptsAbnormalMoveAndRejectsItSincePreviousClose) {
  PriceCondition p;
  ParseError e;
  ASSERT_TRUE(ParsePriceCondition("abs(abnormal_move(mentioned, 60m)) >= 3%", &p, &e));
  EXPECT_TRUE(p.abnormal);
  EXPECT_TRUE(p.abs);
  EXPECT_FALSE(ParsePriceCondition("abnormal_move(NVDA, prev_close) <= -3%", &p, &e));
  EXPECT_THAT(e.message, HasSubstr("abnormal_move needs a trailing window"));
}

TEST_F(AbnormalMoveTest, CompanyMoveBeyondAFlatBenchmarkConfirmsTheRule) {
  const auto signals = Run("Beijing bans Nvidia chips", 96, 99.8);
  ASSERT_EQ(signals.size(), 1u);
  const Signal& s = signals[0];
  EXPECT_EQ(s.rule, "specific");
  ASSERT_TRUE(s.price.has_value());
  EXPECT_TRUE(s.price->abnormal);
  EXPECT_EQ(s.price->benchmark, "SOXX");
  EXPECT_NEAR(s.price->move, -0.04, 1e-9);
  EXPECT_NEAR(s.price->benchmark_move, -0.002, 1e-9);
  EXPECT_NEAR(s.price->abnormal_move, -0.038, 1e-9);
  EXPECT_NEAR(s.score, 0.538, 1e-9);  // the score's `move` is the abnormal move
  EXPECT_THAT(s.explanation, HasSubstr("-3.80% beyond SOXX -0.20%"));
}

TEST_F(AbnormalMoveTest, SectorSellOffDoesNotConfirmACompanyHeadline) {
  EXPECT_TRUE(Run("Beijing bans Nvidia chips", 96, 96.5).empty());
}

TEST_F(AbnormalMoveTest, BenchmarkRisingWhileTheStockFallsTakesNothingOff) {
  const auto signals = Run("Beijing bans Nvidia chips", 96.5, 101);
  ASSERT_EQ(signals.size(), 1u);
  EXPECT_NEAR(signals[0].price->abnormal_move, -0.035, 1e-9);
}

TEST_F(AbnormalMoveTest, FallbackFiresOnUnforeseenWordingInTheDirectionOfTheMove) {
  auto signals = Run("Beijing regulator summons Nvidia executives", 104, 100.1);
  ASSERT_EQ(signals.size(), 1u);
  EXPECT_EQ(signals[0].rule, "fallback");
  EXPECT_EQ(signals[0].direction, Direction::kLong);
  EXPECT_EQ(signals[0].severity, "low");
  signals = Run("Beijing regulator summons Nvidia executives", 95, 100);
  ASSERT_EQ(signals.size(), 1u);
  EXPECT_EQ(signals[0].direction, Direction::kShort);
  EXPECT_THAT(signals[0].explanation, HasSubstr("=> short NVDA"));
}

TEST_F(AbnormalMoveTest, FallbackStaysQuietWhenASpecificRuleTookTheHeadline) {
  // The specific rule's headline condition holds; its price test fails on the rise, and the
  // fallback must not turn that into a long.
  EXPECT_TRUE(Run("Beijing bans Nvidia chips", 104, 100).empty());
}

// The market's reaction to a story a specific rule is following ("Nvidia slides after report
// of ...") is that story: the fallback stands aside for the firm within its window, so the desk
// gets one signal, not two. Outside the window the same wording is a story of its own.
TEST_F(AbnormalMoveTest, FallbackStandsAsideForAFirmASpecificRuleIsFollowing) {
  RuleEngine engine(Load());
  RecordingSink sink;
  // The benchmark flat at 100, NVDA at `nvda`, `minutes` after kT0.
  auto prices = [&](int64_t minutes, double nvda) {
    engine.OnPrice(f_.P("SOXX", kT0 + minutes * kMin, 100), sink);
    engine.OnPrice(f_.P("NVDA", kT0 + minutes * kMin, nvda), sink);
  };
  auto headline = [&](const char* id, int64_t minutes, const char* text) {
    engine.OnHeadline(f_.H(id, kT0 + minutes * kMin, "Reuters", text), sink);
  };
  prices(0, 100);
  headline("h1", 1, "Beijing bans Nvidia chips");
  headline("h2", 5, "Nvidia slides after report of Beijing move");
  prices(30, 96);
  ASSERT_EQ(sink.signals.size(), 1u);
  EXPECT_EQ(sink.signals[0].rule, "specific");

  // Three hours on, past the window: the same wording and a new move fire the fallback.
  prices(175, 100);
  headline("h3", 180, "Nvidia slides after report of Beijing move");
  prices(200, 91);
  ASSERT_EQ(sink.signals.size(), 2u);
  EXPECT_EQ(sink.signals[1].rule, "fallback");
  EXPECT_EQ(sink.signals[1].direction, Direction::kShort);
}

TEST_F(AbnormalMoveTest, FallbackNeedsAnAbnormalMove) {
  EXPECT_TRUE(Run("Beijing regulator summons Nvidia executives", 95, 95.2).empty());
}

TEST_F(AbnormalMoveTest, WithoutBenchmarkPricesTheRawMoveCounts) {
  RuleEngine engine(Load());
  RecordingSink sink;
  engine.OnPrice(f_.P("NVDA", kT0, 100), sink);
  engine.OnHeadline(f_.H("h1", kT0 + kMin, "Reuters", "Beijing bans Nvidia chips"), sink);
  engine.OnPrice(f_.P("NVDA", kT0 + 30 * kMin, 96), sink);
  ASSERT_EQ(sink.signals.size(), 1u);
  EXPECT_NEAR(sink.signals[0].price->abnormal_move, -0.04, 1e-9);
  EXPECT_EQ(sink.signals[0].price->benchmark_move, 0);
  EXPECT_THAT(sink.signals[0].explanation, HasSubstr("(no SOXX price yet: the move itself)"));
}

TEST_F(AbnormalMoveTest, EvidenceCarriesBothMovesThroughTheSignalEncoding) {
  const auto signals = Run("Beijing bans Nvidia chips", 96, 99.8);
  ASSERT_EQ(signals.size(), 1u);
  std::string json;
  AppendSignalJson(signals[0], &json);
  EXPECT_THAT(json, HasSubstr("\"benchmark\":\"SOXX\",\"benchmark_move\":-0.002"));
  Signal back;
  SignalDecoder decoder;
  ASSERT_TRUE(decoder.Decode(json, &back).ok()) << json;
  ASSERT_TRUE(back.price.has_value());
  EXPECT_TRUE(back.price->abnormal);
  EXPECT_EQ(back.price->benchmark, "SOXX");
  EXPECT_NEAR(back.price->abnormal_move, -0.038, 1e-9);
}

TEST(AbnormalMoveLoad, FallbackAndWithMoveAreCheckedAtTheirPlace) {
  auto r = LoadRulesFromString(R"(rules:
  - id: r
    fallback: true
    price: move(NVDA, 60m) <= -3%
    emit: {instrument: NVDA, direction: with_move}
  - id: q
    headline: '"x"'
    emit: {instrument: NVDA, direction: with_move}
)",
                               "p.yaml");
  ASSERT_FALSE(r.ok());
  const std::string m(r.status().message());
  EXPECT_THAT(m, HasSubstr("p.yaml:3:15: error[bad-value]: a fallback rule needs a headline"));
  EXPECT_THAT(m, HasSubstr("p.yaml:8:41: error[bad-value]: direction with_move needs a price"));
}

// SMIC listed twice and Nvidia once, each entity with one field more (line 5 and line 6 of the
// pack), any further entities, and one rule over every entity mentioned.
std::string DualListingPack(const std::string& smic_field, const std::string& nvidia_field,
                            const std::string& more_entities = "",
                            const std::string& rule_lines = "") {
  return "entities:\n  smic:\n    instruments: [0981.HK, 688981.SS]\n    names: [SMIC]\n    " +
         smic_field + "\n  nvidia: {instruments: [NVDA], names: [Nvidia], " + nvidia_field + "}\n" +
         more_entities + "rules:\n  - id: r\n    headline: mentions(any)\n" + rule_lines +
         "    emit: {instrument: mentioned, direction: long}\n";
}

// The load error of `pack` once `from` is replaced by `to`.
std::string LoadErrorWith(std::string pack, const std::string& from, const std::string& to) {
  pack.replace(pack.find(from), from.size(), to);
  auto b = LoadRulesFromString(pack, "p.yaml");
  EXPECT_FALSE(b.ok());
  return b.ok() ? "" : std::string(b.status().message());
}

TEST(AbnormalMoveLoad, ADualListingHasABenchmarkPerInstrument) {
  const std::string pack =
      DualListingPack("benchmark: {0981.HK: HSTECH.HK, 688981.SS: 000688.SS}", "benchmark: SOXX",
                      "", "    price: abnormal_move(mentioned, 60m) >= 3%\n");
  auto r = LoadRulesFromString(pack, "p.yaml");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ((*r)->BenchmarkOf("0981.HK"), "HSTECH.HK");
  EXPECT_EQ((*r)->BenchmarkOf("688981.SS"), "000688.SS");
  EXPECT_EQ((*r)->BenchmarkOf("NVDA"), "SOXX");
  EXPECT_EQ((*r)->BenchmarkOf("AMD"), "");
  // The benchmarks are watched: the engine keeps their windows.
  EXPECT_THAT((*r)->watched_instruments(),
              ::testing::IsSupersetOf({"HSTECH.HK", "000688.SS", "SOXX"}));
  EXPECT_THAT(LoadErrorWith(pack, "688981.SS: 000688.SS", "688982.SS: 000688.SS"),
              HasSubstr("p.yaml:5:37: error[bad-value]: benchmark for '688982.SS'"));
}

TEST(EntityExchangeLoad, OnePerEntityOrOnePerInstrumentAndOnlyKnownNames) {
  // The evaluation's calendars (app/evaluation/exchange_calendar.h) read these.
  const std::string pack =
      DualListingPack("exchange: {0981.HK: XHKG, 688981.SS: XSHG}", "exchange: XNAS");
  auto r = LoadRulesFromString(pack, "p.yaml");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ((*r)->ExchangeOf("0981.HK"), "XHKG");
  EXPECT_EQ((*r)->ExchangeOf("688981.SS"), "XSHG");
  EXPECT_EQ((*r)->ExchangeOf("NVDA"), "XNAS");
  EXPECT_EQ((*r)->ExchangeOf("AMD"), "");
  EXPECT_THAT(LoadErrorWith(pack, "exchange: XNAS", "exchange: NYSE"),
              HasSubstr("error[bad-value]: unknown exchange 'NYSE'"));
}

TEST(EntityCostLoad, OnePerEntityOrOnePerInstrumentNonNegative) {
  // The evaluation's cost per side where no quote is recorded (app/evaluation/costs.h).
  const std::string pack = DualListingPack("cost_bp: {0981.HK: 12, 688981.SS: 8.5}", "cost_bp: 1",
                                           "  amd: {instruments: [AMD], names: [AMD]}\n");
  auto r = LoadRulesFromString(pack, "p.yaml");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ((*r)->CostBpOf("0981.HK"), 12);
  EXPECT_EQ((*r)->CostBpOf("688981.SS"), 8.5);
  EXPECT_EQ((*r)->CostBpOf("NVDA"), 1);
  EXPECT_TRUE(std::isnan((*r)->CostBpOf("AMD")));
  const std::string negative = LoadErrorWith(pack, "cost_bp: 1}", "cost_bp: -1}");
  EXPECT_THAT(negative, HasSubstr("error[bad-value]: cost_bp out of range"));
  EXPECT_THAT(negative, HasSubstr("p.yaml:6:"));
  EXPECT_THAT(LoadErrorWith(pack, "688981.SS: 8.5", "688982.SS: 8.5"),
              HasSubstr("error[bad-value]: cost_bp for '688982.SS', which is not an instrument"));
}

}  // namespace
}  // namespace tripline
