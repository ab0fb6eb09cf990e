// `tripline rules gaps` without labels: abnormal moves no signal covered, the headlines that
// named the instrument with each rule's reason, and candidate phrases the pack lacks.
#include "rules/pack_gaps.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "rules/rule_engine.h"
#include "rules/rule_loader.h"
#include "tests/rules/engine_test_util.h"

namespace tripline {
namespace {

using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

constexpr EventTime kDay = 86400LL * kNanosPerSecond;
constexpr EventTime kT0 = 1754996400LL * kNanosPerSecond;  // 2025-08-12T11:00:00Z
constexpr EventTime kMin = kNanosPerMinute;

const char kPack[] = R"(entities:
  nvidia: {instruments: [NVDA], names: [Nvidia, 英伟达], benchmark: SOXX}
  amd: {instruments: [AMD], names: [AMD, 超威], benchmark: SOXX}
lists:
  gov: [Beijing]
  ban: [ban]
rules:
  - id: cn_ban
    headline: any(gov) and any(ban) and mentions(any)
    price: abnormal_move(mentioned, 60m) <= -3%
    emit: {instrument: mentioned, direction: short}
)";

class PackGapsTest : public ::testing::Test {
 protected:
  // One day per story: a headline at +1 min, `sym` from 100 to `price` and SOXX from 100 to
  // `bench` at +30 min.
  void Day(int day, const std::string& text, const std::string& sym, double price, double bench) {
    const EventTime t = kT0 + day * kDay;
    headlines_.push_back({absl::StrCat("h", day), "Reuters", text, t + kMin});
    for (auto [s, p0, p1] :
         {std::tuple{sym, 100.0, price}, std::tuple{std::string("SOXX"), 100.0, bench}}) {
      ticks_.push_back({s, t, p0});
      ticks_.push_back({s, t + 30 * kMin, p1});
    }
  }

  GapsReport Run() {
    auto rules = LoadRulesFromString(kPack, "p.yaml");
    EXPECT_TRUE(rules.ok()) << rules.status();
    RuleEngine engine(*rules);
    testing::RecordingSink sink;
    testing::EventFactory f;
    // Replay in time order: per day the opening ticks, the headline, the closing ticks.
    for (size_t d = 0; d < headlines_.size(); ++d) {
      for (size_t k = 4 * d; k < 4 * d + 4; k += 2) {
        engine.OnPrice(f.P(ticks_[k].sym, ticks_[k].ts, ticks_[k].price), sink);
      }
      const RecordedHeadline& h = headlines_[d];
      engine.OnHeadline(f.H(h.id, h.ts, h.source, h.text), sink);
      for (size_t k = 4 * d + 1; k < 4 * d + 4; k += 2) {
        engine.OnPrice(f.P(ticks_[k].sym, ticks_[k].ts, ticks_[k].price), sink);
      }
    }
    std::vector<RecordedTick> ordered = ticks_;
    std::stable_sort(ordered.begin(), ordered.end(),
                     [](const RecordedTick& a, const RecordedTick& b) { return a.ts < b.ts; });
    return FindGaps(*rules, headlines_, ordered, sink.signals, GapsOptions{});
  }

  std::vector<RecordedHeadline> headlines_;
  std::vector<RecordedTick> ticks_;
};

TEST_F(PackGapsTest, ListsTheMovesNoSignalCoveredWithTheirHeadlinesAndReasons) {
  Day(0, "Beijing to ban Nvidia chips", "NVDA", 96, 100);                         // covered
  Day(1, "Beijing slaps sweeping curbs on Nvidia purchases", "NVDA", 95, 100);    // missed, -5%
  Day(2, "Regulators slaps sweeping curbs on AMD accelerators", "AMD", 96, 100);  // missed, -4%
  Day(3, "Chip stocks slide as yields jump; Nvidia falls", "NVDA", 96, 96);       // market-wide
  Day(4, "Nvidia unveils a new gaming GPU", "NVDA", 100.5, 100);                  // no move
  const GapsReport r = Run();
  EXPECT_EQ(r.moves, 3u);
  EXPECT_EQ(r.covered, 1u);
  ASSERT_EQ(r.missed.size(), 2u);
  // Largest abnormal move first.
  EXPECT_EQ(r.missed[0].instrument, "NVDA");
  EXPECT_NEAR(r.missed[0].abnormal_move, -0.05, 1e-9);
  EXPECT_EQ(r.missed[0].benchmark, "SOXX");
  ASSERT_EQ(r.missed[0].headlines.size(), 1u);
  EXPECT_EQ(r.missed[0].headlines[0].headline.id, "h1");
  ASSERT_EQ(r.missed[0].headlines[0].reasons.size(), 1u);
  EXPECT_THAT(r.missed[0].headlines[0].reasons[0],
              HasSubstr("cn_ban: headline condition false: any(ban)"));
  EXPECT_EQ(r.missed[1].instrument, "AMD");
  EXPECT_NEAR(r.missed[1].abnormal_move, -0.04, 1e-9);
}

TEST_F(PackGapsTest, SuggestsWordsAndPairsOfTheMissedHeadlinesThatNoPhraseHas) {
  Day(0, "Beijing slaps sweeping curbs on Nvidia purchases", "NVDA", 95, 100);
  Day(1, "Regulators slaps sweeping curbs on AMD accelerators", "AMD", 96, 100);
  Day(2, "网信办叫停英伟达采购", "NVDA", 95, 100);
  Day(3, "网信办叫停超威采购", "AMD", 95, 100);
  const GapsReport r = Run();
  std::vector<std::string> phrases;
  for (const PhraseSuggestion& s : r.suggestions) {
    EXPECT_EQ(s.headlines, 2) << s.phrase;
    phrases.push_back(s.phrase);
  }
  // "beijing" and the entity names are the pack's; single-headline words are not suggested;
  // Chinese pairs that touch a character of the pack's phrases (停英) are not either.
  EXPECT_THAT(phrases,
              UnorderedElementsAre("curbs", "slaps", "slaps sweeping", "sweeping", "sweeping curbs",
                                   "叫停", "信办", "办叫", "网信", "采购"));
}

}  // namespace
}  // namespace tripline
