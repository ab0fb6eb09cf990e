#include "rules/phrase_scanner.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "rules/rule_loader.h"
#include "tests/rules/one_rule_pack.h"

namespace tripline {
namespace {

std::shared_ptr<const CompiledRules> Load(const std::string& yaml) {
  auto r = LoadRulesFromString(yaml, "p.yaml");
  EXPECT_TRUE(r.ok()) << r.status();
  return r.ok() ? *r : nullptr;
}

constexpr const char* kPack = R"(negation_cues: [denies, "no plans to"]
entities:
  amd: {instruments: [AMD], names: [AMD]}
  nvidia: {instruments: [NVDA], names: [Nvidia, H20]}
lists:
  g: [informal guidance, urges]
rules:
  - id: r
    headline: any(g) and (mentions(amd) or mentions(nvidia)) and regex("H20\\s+chips?") or "U.S."
    emit: {instrument: mentioned, direction: short}
)";

uint32_t PhraseId(const CompiledRules& c, const std::string& text) {
  for (uint32_t i = 0; i < c.phrases().size(); ++i) {
    if (c.phrases()[i].text == text) return i;
  }
  ADD_FAILURE() << "no phrase " << text;
  return 0;
}

TEST(PhraseScanner, WordBoundariesAndCase) {
  auto c = Load(kPack);
  PhraseScanner s(c);
  s.Scan("AMDOCS reports profit");
  EXPECT_FALSE(s.matched(PhraseId(*c, "AMD")));
  EXPECT_TRUE(s.mentioned_entities().empty());
  s.Scan("amd falls; Beijing URGES firms");
  EXPECT_TRUE(s.matched(PhraseId(*c, "AMD")));
  EXPECT_TRUE(s.affirmed(PhraseId(*c, "urges")));
  ASSERT_EQ(s.mentioned_entities().size(), 1u);
  s.Scan("informal\n  guidance issued");
  EXPECT_TRUE(s.matched(PhraseId(*c, "informal guidance")));
  EXPECT_FALSE(s.matched(PhraseId(*c, "AMD")));  // bits of the previous scan are cleared
  s.Scan("the U.S. said");
  EXPECT_TRUE(s.matched(PhraseId(*c, "U.S.")));
  s.Scan("the UXSX said");
  EXPECT_FALSE(s.matched(PhraseId(*c, "U.S.")));  // '.' is literal, not any character
}

TEST(PhraseScanner, RegexIsWordBounded) {
  auto c = Load(kPack);
  PhraseScanner s(c);
  const uint32_t re = PhraseId(*c, "H20\\s+chips?");
  for (const auto& [text, matches] :
       {std::pair{"Nvidia H20  chips", true}, std::pair{"Nvidia H20 chipset", false},
        std::pair{"XH20 chip", false}}) {
    s.Scan(text);
    EXPECT_EQ(s.matched(re), matches) << text;
  }
}

// Literals are compiled without start-of-match tracking; the scanner recovers where a match
// starts, including across whitespace runs that differ from the phrase's own.
TEST(PhraseScanner, LiteralMatchStartsAreExact) {
  auto c = Load(kPack);
  PhraseScanner s(c);
  const std::string text = "Beijing says   informal \t\n guidance and urges; AMD, amd";
  s.Scan(text);
  EXPECT_EQ(s.first_offset(PhraseId(*c, "informal guidance")), text.find("informal"));
  EXPECT_EQ(s.first_offset(PhraseId(*c, "urges")), text.find("urges"));
  EXPECT_EQ(s.first_offset(PhraseId(*c, "AMD")), text.find("AMD"));
  // A regex keeps Hyperscan's own start of match.
  s.Scan("xx Nvidia H20   chips");
  EXPECT_EQ(s.first_offset(PhraseId(*c, "H20\\s+chips?")), 10u);
  // The negation cue distance is measured from the recovered start.
  s.Scan("Beijing denies   informal  guidance");
  EXPECT_TRUE(s.matched(PhraseId(*c, "informal guidance")));
  EXPECT_FALSE(s.affirmed(PhraseId(*c, "informal guidance")));
}

TEST(PhraseScanner, NegationCueShortlyBeforeSuppresses) {
  auto c = Load(kPack);
  PhraseScanner s(c);
  const uint32_t g = PhraseId(*c, "informal guidance");
  s.Scan("China denies informal guidance against Nvidia");
  EXPECT_TRUE(s.matched(g));
  EXPECT_FALSE(s.affirmed(g));
  EXPECT_TRUE(s.matched(PhraseId(*c, "Nvidia")));
  s.Scan("China denies one two three four five six seven informal guidance");
  EXPECT_TRUE(s.affirmed(g));  // more than 6 words away
  s.Scan("informal guidance issued; Beijing denies it");
  EXPECT_TRUE(s.affirmed(g));  // the cue comes after
  s.Scan("Beijing has no plans to issue informal guidance");
  EXPECT_FALSE(s.affirmed(g));
}

TEST(PhraseScanner, EvaluateUsesNegationOnlyWhenAsked) {
  auto c = Load(kPack);
  PhraseScanner s(c);
  const Rule& r = c->rules()[0];
  s.Scan("Beijing urges firms to avoid Nvidia H20 chips");
  EXPECT_TRUE(s.Evaluate(r.headline, r.headline.root, "", true));
  s.Scan("Beijing denies it urges firms to avoid Nvidia H20 chips");
  EXPECT_FALSE(s.Evaluate(r.headline, r.headline.root, "", true));
  EXPECT_TRUE(s.Evaluate(r.headline, r.headline.root, "", false));
  s.Scan("");
  EXPECT_TRUE(s.matched_phrases().empty());
}

TEST(PhraseScanner, SourceTestIsCaseInsensitive) {
  auto c = Load(
      "rules:\n  - id: r\n    headline: source(Bloomberg, \"Financial Times\")\n"
      "    emit: {instrument: X, direction: watch}\n");
  PhraseScanner s(c);
  const Rule& r = c->rules()[0];
  EXPECT_FALSE(r.phrase_gated);
  EXPECT_EQ(c->raw_database(), nullptr);
  EXPECT_EQ(c->stream_database(), nullptr);
  s.Scan("anything");
  EXPECT_TRUE(s.Evaluate(r.headline, r.headline.root, "financial times", true));
  EXPECT_FALSE(s.Evaluate(r.headline, r.headline.root, "Reuters", true));
}

// A word phrase and a gap phrase anchored on the same words ("China") share one database
// pattern; a hit is still reported for each phrase it stands for.
TEST(PhraseScanner, PhrasesSharingAPatternAllMatch) {
  auto c = Load(testing::OneRulePack("lists:\n  a: [China, \"China ~2 ban\"]\n", "any(a)"));
  ASSERT_NE(c, nullptr);
  PhraseScanner s(c);
  s.Scan("China moves to ban chips");
  EXPECT_TRUE(s.affirmed(PhraseId(*c, "China")));
  EXPECT_TRUE(s.affirmed(PhraseId(*c, "China ~2 ban")));
  EXPECT_EQ(s.matched_phrases().size(), 2u);
  s.Scan("China rises");
  EXPECT_TRUE(s.matched(PhraseId(*c, "China")));
  EXPECT_FALSE(s.matched(PhraseId(*c, "China ~2 ban")));
}

// Gap phrases sharing an anchor ("China"): each is followed only as far as its own words,
// and one whose words are missing from the headline is not followed at all.
TEST(PhraseScanner, GapPhrasesSharingAnAnchorMatchIndependently) {
  auto c = Load(testing::OneRulePack(
      "lists:\n  a: [\"China ~2 ban\", \"China ~2 curb\", \"China * probe\"]\n", "any(a)"));
  ASSERT_NE(c, nullptr);
  PhraseScanner s(c);
  s.Scan("China moves to ban Nvidia chips");
  EXPECT_TRUE(s.matched(PhraseId(*c, "China ~2 ban")));
  EXPECT_FALSE(s.matched(PhraseId(*c, "China ~2 curb")));
  EXPECT_FALSE(s.matched(PhraseId(*c, "China * probe")));
  s.Scan("China opens probe; curb on chips later");  // "curb" is there, but 4 words away
  EXPECT_FALSE(s.matched(PhraseId(*c, "China ~2 ban")));
  EXPECT_FALSE(s.matched(PhraseId(*c, "China ~2 curb")));
  EXPECT_TRUE(s.matched(PhraseId(*c, "China * probe")));
  ASSERT_EQ(s.hits().size(), 1u);
  EXPECT_EQ(s.hits()[0].from, 0u);    // the hit spans from the anchor...
  EXPECT_EQ(s.hits()[0].to, 17u);     // ...to the end of "probe"
  s.Scan("China curbs, China bans");  // the second anchor completes "ban"
  EXPECT_TRUE(s.matched(PhraseId(*c, "China ~2 ban")));
  EXPECT_TRUE(s.matched(PhraseId(*c, "China ~2 curb")));
}

// any() over a large group answers the same whichever side it walks: the group's phrases
// (a group no larger than a few times the matched phrases) or the matched phrases.
TEST(PhraseScanner, AnyOfLargeGroupFindsTheOneMatchedPhrase) {
  std::string list;
  for (int i = 0; i < 200; ++i) list += (i ? ", " : "") + ("word" + std::to_string(i));
  auto c = Load("lists:\n  big: [" + list +
                "]\n  small: [alpha]\nrules:\n  - id: r\n"
                "    headline: any(big)\n    emit: {instrument: NVDA, direction: short}\n"
                "  - id: q\n    headline: any(small)\n"
                "    emit: {instrument: NVDA, direction: short}\n");
  ASSERT_NE(c, nullptr);
  std::vector<uint32_t> big;
  for (int i = 0; i < 200; ++i) big.push_back(PhraseId(*c, "word" + std::to_string(i)));
  std::sort(big.begin(), big.end());
  PhraseScanner s(c);
  s.Scan("alpha and word199");
  EXPECT_TRUE(s.AnyOf(big, false));
  s.Scan("alpha and word 199");
  EXPECT_FALSE(s.AnyOf(big, false));
  s.Scan("denied: nothing");
  EXPECT_FALSE(s.AnyOf(big, false));
}

}  // namespace
}  // namespace tripline
