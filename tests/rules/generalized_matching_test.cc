// The matching that generalizes: word forms (stemming), exact quoted phrases, gaps, the
// registered condition functions near/before, entity classes, and beneficiaries.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <utility>

#include "rules/phrase_scanner.h"
#include "rules/rule_checks.h"
#include "rules/rule_engine.h"
#include "rules/rule_loader.h"
#include "rules/word_stream.h"
#include "tests/rules/engine_test_util.h"
#include "tests/rules/rule_verdicts.h"

namespace tripline {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::shared_ptr<const CompiledRules> Load(const std::string& yaml) {
  auto r = LoadRulesFromString(yaml, "p.yaml");
  EXPECT_TRUE(r.ok()) << r.status();
  return r.ok() ? *r : nullptr;
}

using testing::RuleMatches;
constexpr auto& Matches = RuleMatches;

std::string Pack(const std::string& headline) {
  return R"(entities:
  nvidia: {instruments: [NVDA], names: [Nvidia]}
lists:
  licence: [export licence requirement]
  gov: [China, Beijing]
  act: [ban, probe]
rules:
  - id: r
    headline: |-
      )" +
         headline + R"(
    emit: {instrument: NVDA, direction: short}
)";
}

// Any bytes (invalid UTF-8, stray apostrophes, very long words) stem and scan without reading
// out of bounds (run under ASan); every hit maps back inside the text.
TEST(WordStream, ArbitraryBytesScanSafely) {
  auto c = Load(Pack("\"China's * regulator\" or any(licence) or near(gov, act, 2)"));
  ASSERT_NE(c, nullptr);
  PhraseScanner s(c);
  uint64_t x = 88172645463325252ull;  // xorshift, fixed seed
  const std::string alphabet = "ab s'\xe2\x80\x99\xc3\xa9.-China's regulator ban probe";
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    const size_t len = round % 200;
    for (size_t i = 0; i < len; ++i) {
      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;
      text.push_back(round % 3 == 0 ? static_cast<char>(x & 0xff) : alphabet[x % alphabet.size()]);
    }
    if (round % 50 == 0) text.append(300, 'w');
    s.Scan(text);
    for (const PhraseHit& h : s.hits()) {
      ASSERT_LE(h.from, h.to);
      ASSERT_LE(h.to, text.size());
    }
  }
}

TEST(WordStream, GapPatternsAndTheirErrors) {
  WordStemmer stemmer;
  StreamPattern p;
  std::string why;
  ASSERT_TRUE(CompileStreamPattern("opens ~3 probe", stemmer, &p, &why)) << why;
  EXPECT_TRUE(p.gap);
  EXPECT_EQ(p.literal_length, 0u);
  ASSERT_TRUE(CompileStreamPattern("export licences", stemmer, &p, &why)) << why;
  EXPECT_FALSE(p.gap);
  EXPECT_EQ(p.literal_length, std::string(" export licenc ").size());
  EXPECT_FALSE(CompileStreamPattern("* regulator", stemmer, &p, &why));
  EXPECT_FALSE(CompileStreamPattern("regulator ~2", stemmer, &p, &why));
  EXPECT_FALSE(CompileStreamPattern("a ~11 b", stemmer, &p, &why));
  EXPECT_FALSE(CompileStreamPattern("a * ~2 b", stemmer, &p, &why));
}

// Whether rule `r` fires on each headline, and why it must or must not.
struct Verdict {
  const char* headline;
  bool fires;
  const char* why = "";
};
void ExpectVerdicts(const std::shared_ptr<const CompiledRules>& c,
                    std::initializer_list<Verdict> verdicts) {
  for (const Verdict& v : verdicts) {
    EXPECT_EQ(Matches(c, "r", v.headline), v.fires) << v.headline << ": " << v.why;
  }
}

TEST(GeneralizedMatching, PhrasesMatchInflectionsQuotedPhrasesStayExact) {
  auto c = Load(Pack("any(licence) or phrase('\"chips\"')"));
  ASSERT_NE(c, nullptr);
  ExpectVerdicts(c, {
                        {"US tightens export licence requirements for AI chips", true},
                        {"Export licences required for Nvidia sales", true,
                         "'licence requirement' must match 'licences required'"},
                        {"Export licensing office opens", false},
                        {"New chips", true},
                        {"New chip", false, "a quoted phrase is exact"},
                    });
}

TEST(GeneralizedMatching, OneWordGapAndUpToNWordsGap) {
  auto c = Load(Pack("\"China's * regulator\" or \"opens ~3 probe\""));
  ASSERT_NE(c, nullptr);
  ExpectVerdicts(c, {
                        {"China's market regulator fines Nvidia", true},
                        {"China’s cyberspace regulators summon Nvidia", true},
                        {"China's regulator fines Nvidia", false, "* is exactly one word"},
                        {"China's top market regulator", false},
                        {"Beijing opens probe into Nvidia", true},
                        {"Beijing opens an antitrust probe into Nvidia", true},
                        {"SAMR opened a new antitrust probe", true},
                        {"SAMR opens a new formal antitrust probe", false, "4 words"},
                    });
}

TEST(GeneralizedMatching, GapMatchMapsToTheWordsItCovers) {
  auto c = Load(Pack("\"opens ~3 probe\""));
  ASSERT_NE(c, nullptr);
  PhraseScanner s(c);
  s.Scan("SAMR opens an antitrust probe into Nvidia");
  ASSERT_EQ(s.hits().size(), 2u);  // the gap phrase and the entity name
  const PhraseHit& gap = s.hits()[0].from == 5 ? s.hits()[0] : s.hits()[1];
  EXPECT_EQ(c->phrases()[gap.phrase].text, "opens ~3 probe");
  EXPECT_EQ(gap.from, 5u);
  EXPECT_EQ(gap.to, 29u);
}

// The database matches a gap phrase's anchor (its words before the first gap) and the scanner
// follows the rest: each end is one hit, with its leftmost start, as Hyperscan's start-of-match
// tracking reported it before.
TEST(GeneralizedMatching, GapHitsHaveOneHitPerEndWithTheLeftmostStart) {
  auto c = Load(Pack("\"opens ~2 probe\" or \"China's * regulator\""));
  ASSERT_NE(c, nullptr);
  PhraseScanner s(c);
  // "opens opens probe": both anchors reach the same end; the first one is the start.
  s.Scan("SAMR opens opens probe probe");
  std::vector<std::pair<uint32_t, uint32_t>> gaps;
  for (const PhraseHit& h : s.hits()) {
    if (c->phrases()[h.phrase].text == "opens ~2 probe") gaps.emplace_back(h.from, h.to);
  }
  std::sort(gaps.begin(), gaps.end());
  // Ends after the first "probe" (22) and the second (28), both from the first "opens" (5).
  EXPECT_THAT(gaps, ::testing::ElementsAre(std::pair<uint32_t, uint32_t>{5, 22},
                                           std::pair<uint32_t, uint32_t>{5, 28}));
  // An anchor without the rest is no hit; the anchor alone at the end of the text neither.
  s.Scan("SAMR opens a new formal probe, China's regulator");
  for (const PhraseHit& h : s.hits()) {
    EXPECT_NE(c->phrases()[h.phrase].text, "opens ~2 probe");
    EXPECT_NE(c->phrases()[h.phrase].text, "China's * regulator");
  }
  s.Scan("Beijing opens");
  EXPECT_TRUE(s.hits().empty());
}

TEST(GeneralizedMatching, NearAndBefore) {
  auto c = Load(Pack("near(gov, act, 2) and before(gov, \"Nvidia\")"));
  ASSERT_NE(c, nullptr);
  ExpectVerdicts(c, {
                        {"China to ban Nvidia chips", true},
                        {"Beijing opens formal probe of Nvidia", true},
                        {"China says after long review it will ban Nvidia chips", false,
                         "more than 2 words between"},
                        {"Nvidia: China to ban chips", false, "Nvidia before China"},
                    });
}

TEST(GeneralizedMatching, NearIgnoresNegatedHits) {
  auto c = Load("negation_cues: [denies]\n" + Pack("near(gov, act, 3)"));
  ASSERT_NE(c, nullptr);
  EXPECT_FALSE(Matches(c, "r", "Spokesman denies China will ban Nvidia chips"));
}

TEST(GeneralizedMatching, ConditionFunctionErrors) {
  for (const auto& [cond, want] : std::vector<std::pair<std::string, std::string>>{
           {"near(gov)", "error[condition-syntax]"},
           {"near(gov, act, x1)", "error[condition-syntax]"},
           {"near(gov, act, 2, 3)", "error[condition-syntax]"},
           {"before(gov, nolist)", "error[undefined-list]"},
           {"\"China ~0 ban\"", "error[bad-phrase]"},
           {"\"* ban\"", "error[bad-phrase]"}}) {
    auto r = LoadRulesFromString(Pack(cond), "p.yaml");
    ASSERT_FALSE(r.ok()) << cond;
    EXPECT_THAT(std::string(r.status().message()), HasSubstr(want)) << cond;
    EXPECT_THAT(std::string(r.status().message()), HasSubstr("p.yaml:")) << cond;
  }
}

constexpr const char* kClassPack = R"(entities:
  nvidia: {instruments: [NVDA], names: [Nvidia]}
  amd: {instruments: [AMD], names: [AMD]}
  cambricon: {instruments: [688256.SS], names: [Cambricon]}
classes:
  us_ai_chipmakers:
    members: [nvidia, amd]
    names: [foreign AI chips, US chipmakers, American processors]
lists:
  gov: [Beijing]
  push: [push, urge]
  domestic: [domestic chips]
rules:
  - id: ban_class
    headline: any(gov) and "ban" and mentions(us_ai_chipmakers)
    emit: {instrument: mentioned, entities: [us_ai_chipmakers], direction: short}
  - id: domestic
    headline: any(gov) and any(push) and any(domestic)
    price: move(mentioned, 60m) <= -3%
    emit: {instrument: mentioned, entities: [us_ai_chipmakers], direction: short}
    beneficiaries:
      - {instrument: 688256.SS, direction: long, price: "move(mentioned, 60m) >= 3%"}
)";

TEST(EntityClasses, ClassPhraseMentionsEveryMember) {
  auto c = Load(kClassPack);
  ASSERT_NE(c, nullptr);
  auto v =
      ExplainHeadline(c, "Beijing bans foreign AI chips from state data centres", "", std::nullopt);
  ASSERT_TRUE(v[0].matched) << v[0].reason;
  EXPECT_THAT(v[0].targets, ElementsAre("AMD", "NVDA"));
  v = ExplainHeadline(c, "Beijing to ban Nvidia", "", std::nullopt);
  ASSERT_TRUE(v[0].matched) << v[0].reason;
  EXPECT_THAT(v[0].targets, ElementsAre("NVDA"));
  EXPECT_FALSE(Matches(c, "ban_class", "Beijing bans Cambricon"));
}

TEST(EntityClasses, UndefinedMemberAndNameClash) {
  std::string y = kClassPack;
  y.replace(y.find("members: [nvidia, amd]"), 22, "members: [nvidia, intel]");
  auto r = LoadRulesFromString(y, "p.yaml");
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(std::string(r.status().message()), HasSubstr("error[undefined-entity]"));
  y = kClassPack;
  y.replace(y.find("us_ai_chipmakers:\n"), 16, "nvidia");
  r = LoadRulesFromString(y, "p.yaml");
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(std::string(r.status().message()), HasSubstr("error[duplicate]"));
}

TEST(Beneficiaries, OneHeadlineShortsTheTargetAndLongsTheBeneficiaryEachOnItsOwnMove) {
  auto c = Load(kClassPack);
  ASSERT_NE(c, nullptr);
  ASSERT_GE(c->RuleIndex("domestic/688256.SS"), 0);
  testing::EventFactory f;
  RuleEngine engine(c);
  testing::RecordingSink sink;
  const EventTime t0 = 1'700'000'000LL * kNanosPerSecond;
  for (const char* sym : {"NVDA", "688256.SS"}) engine.OnPrice(f.P(sym, t0, 100), sink);
  engine.OnHeadline(
      f.H("h1", t0 + kNanosPerMinute, "Reuters", "Beijing urges domestic chips over Nvidia"), sink);
  EXPECT_TRUE(sink.signals.empty());
  engine.OnPrice(f.P("688256.SS", t0 + 5 * kNanosPerMinute, 104), sink);
  ASSERT_EQ(sink.signals.size(), 1u);
  EXPECT_EQ(sink.signals[0].instrument, "688256.SS");
  EXPECT_EQ(sink.signals[0].direction, Direction::kLong);
  EXPECT_EQ(sink.signals[0].rule, "domestic/688256.SS");
  engine.OnPrice(f.P("NVDA", t0 + 6 * kNanosPerMinute, 96), sink);
  ASSERT_EQ(sink.signals.size(), 2u);
  EXPECT_EQ(sink.signals[1].instrument, "NVDA");
  EXPECT_EQ(sink.signals[1].direction, Direction::kShort);
  EXPECT_EQ(sink.signals[1].rule, "domestic");
}

TEST(Beneficiaries, NoConfirmingMoveNoSignal) {
  auto c = Load(kClassPack);
  ASSERT_NE(c, nullptr);
  testing::EventFactory f;
  RuleEngine engine(c);
  testing::RecordingSink sink;
  const EventTime t0 = 1'700'000'000LL * kNanosPerSecond;
  engine.OnPrice(f.P("688256.SS", t0, 100), sink);
  engine.OnHeadline(f.H("h1", t0 + kNanosPerMinute, "Reuters", "Beijing urges domestic chips"),
                    sink);
  engine.OnPrice(f.P("688256.SS", t0 + 5 * kNanosPerMinute, 101), sink);
  EXPECT_TRUE(sink.signals.empty());
}

// A beneficiary's severity, price test and score are checked like a rule's, with the same
// codes at the beneficiary's own file:line:column.
TEST(Beneficiaries, SeverityPriceAndScoreAreCheckedLikeARules) {
  const std::string price = R"(price: "move(mentioned, 60m) >= 3%")";
  auto with = [&](const std::string& replacement) {
    std::string y = kClassPack;
    y.replace(y.find(price), price.size(), replacement);
    return y;
  };
  auto ok = LoadRulesFromString(with("severity: high, " + price), "p.yaml");
  ASSERT_TRUE(ok.ok()) << ok.status();
  const int d = (*ok)->RuleIndex("domestic/688256.SS");
  ASSERT_GE(d, 0);
  EXPECT_EQ((*ok)->rules()[d].severity, "high");
  for (const auto& [replacement, expected] : std::vector<std::pair<std::string, std::string>>{
           {"severity: extreme, " + price,
            "p.yaml:22:60: error[bad-value]: unknown severity 'extreme'"},
           {"score: '0.5 +', " + price, "p.yaml:22:63: error[condition-syntax]: in score: "},
           {R"(price: "move(mentioned, 60m) >=")",
            "p.yaml:22:81: error[condition-syntax]: in beneficiary price condition: "}}) {
    SCOPED_TRACE(replacement);
    auto r = LoadRulesFromString(with(replacement), "p.yaml");
    ASSERT_FALSE(r.ok());
    EXPECT_THAT(std::string(r.status().message()), HasSubstr(expected));
  }
}

}  // namespace
}  // namespace tripline
