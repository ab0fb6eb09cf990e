// Chinese text in the word stream and the scanner: characters are tokens, so Chinese phrases
// match as substrings (no stemming, no word boundaries), Latin words inside Chinese text stay
// words, Chinese negation cues count two characters as a word, and traditional characters fold
// to simplified ones and Taiwan words to mainland ones on both sides.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "rules/rule_checks.h"
#include "rules/rule_loader.h"
#include "rules/word_stream.h"
#include "tests/rules/built_stream.h"
#include "tests/rules/one_rule_pack.h"
#include "tests/rules/rule_verdicts.h"

namespace tripline {
namespace {

std::shared_ptr<const CompiledRules> LoadAt(const std::string& yaml) {
  auto r = LoadRulesFromString(yaml, "p.yaml");
  EXPECT_TRUE(r.ok()) << r.status();
  return r.ok() ? *r : nullptr;
}

bool Matches(const std::shared_ptr<const CompiledRules>& c, const std::string& headline) {
  return testing::RuleMatches(c, "r", headline);
}

TEST(WordStream, StemsWordsKeepsPunctuationAndMapsBackToTheText) {
  const testing::BuiltStream b = testing::BuildStream("China's regulators ban U.S. chips");
  EXPECT_EQ(b.words, " china regul ban u . s . chip ");
  ASSERT_EQ(b.tokens.size(), 8u);
  EXPECT_EQ(b.tokens[0].raw_from, 0u);
  EXPECT_EQ(b.tokens[0].raw_to, 7u);  // "China's"
  EXPECT_EQ(b.tokens[7].raw_from, 28u);
  EXPECT_EQ(b.tokens[7].raw_to, 33u);  // "chips"
}

TEST(ChineseText, EachCharacterIsATokenAndLatinWordsInsideStayWords) {
  const testing::BuiltStream b = testing::BuildStream("网信办约谈英伟达H20芯片，称存在安全风险");
  EXPECT_EQ(b.words, " 网 信 办 约 谈 英 伟 达 h20 芯 片 称 存 在 安 全 风 险 ");
  ASSERT_EQ(b.tokens.size(), 18u);
  EXPECT_EQ(b.tokens[8].raw_to - b.tokens[8].raw_from, 3u);  // "H20"
}

const std::string kChinesePack = testing::OneRulePack(
    "entities:\n"
    "  nvidia: {instruments: [NVDA], names: [Nvidia, 英伟达, H20]}\n"
    "negation_cues: [deny, 否认, 不实]\n"
    "lists:\n"
    "  regulator: [网信办, 市场监管总局]\n"
    "  probe: [约谈, 调查, \"反垄断 ~2 调查\"]\n",
    "any(regulator) and any(probe) and mentions(nvidia)");

TEST(ChineseText, PhrasesMatchAsSubstringsAndEntitiesByTheirChineseNames) {
  auto c = LoadAt(kChinesePack);
  ASSERT_NE(c, nullptr);
  EXPECT_TRUE(Matches(c, "网信办约谈英伟达"));
  EXPECT_TRUE(Matches(c, "市场监管总局对英伟达H20展开反垄断立案调查"));
  EXPECT_TRUE(Matches(c, "网信办就H20芯片安全风险约谈相关企业"));  // H20 inside Chinese text
  EXPECT_FALSE(Matches(c, "网信办发布数据安全新规"));
}

TEST(ChineseText, ChineseNegationCuesSuppressTheAction) {
  auto c = LoadAt(kChinesePack);
  ASSERT_NE(c, nullptr);
  EXPECT_FALSE(Matches(c, "市场监管总局否认对英伟达展开调查"));
  EXPECT_FALSE(Matches(c, "网信办否认约谈英伟达"));
}

TEST(ChineseText, MixedHeadlineMatchesEnglishPhrasesToo) {
  auto c = LoadAt(kChinesePack);
  ASSERT_NE(c, nullptr);
  EXPECT_TRUE(Matches(c, "【快讯】网信办约谈Nvidia"));
}

TEST(ChineseText, TraditionalHeadlineGivesTheSimplifiedStreamAndKeepsItsOffsets) {
  const testing::BuiltStream traditional = testing::BuildStream("商務部對英偉達H20晶片展開調查");
  const testing::BuiltStream simplified = testing::BuildStream("商务部对英伟达H20晶片展开调查");
  EXPECT_EQ(traditional.words, simplified.words);
  // 晶片 is Taiwan's word for 芯片 (the word fold below).
  EXPECT_EQ(traditional.words, " 商 务 部 对 英 伟 达 h20 芯 片 展 开 调 查 ");
  ASSERT_EQ(traditional.tokens.size(), 14u);
  EXPECT_EQ(traditional.tokens[4].raw_from, 12u);  // 英, three bytes a character
  EXPECT_EQ(traditional.tokens[5].raw_to, 18u);    // 偉 maps back to the traditional bytes
  EXPECT_EQ(testing::BuildStream("Nvidia wins China licence").words, " nvidia win china licenc ");
}

TEST(ChineseText, SimplifiedPhrasesMatchTraditionalHeadlinesAndTheOtherWayRound) {
  auto c = LoadAt(kChinesePack);
  ASSERT_NE(c, nullptr);
  EXPECT_TRUE(Matches(c, "網信辦約談英偉達"));  // Hong Kong / Taiwan media
  EXPECT_TRUE(Matches(c, "市場監管總局對英偉達展開反壟斷調查"));
  EXPECT_FALSE(Matches(c, "市場監管總局否認對英偉達展開調查"));  // the negation cue folds too
  auto t =
      LoadAt(testing::OneRulePack("entities:\n  nvidia: {instruments: [NVDA], names: [英偉達]}\n"
                                  "lists:\n  probe: [\"反壟斷 ~2 調查\"]\n",
                                  "any(probe) and mentions(nvidia)"));
  ASSERT_NE(t, nullptr);
  EXPECT_TRUE(Matches(t, "市场监管总局对英伟达展开反垄断调查"));  // a pack in traditional
}

TEST(ChineseWordFold, MainlandPhrasesMatchTaiwanWordingAndTheOtherWayRound) {
  auto mainland = LoadAt(
      testing::OneRulePack("entities:\n  nvidia: {instruments: [NVDA], names: [英伟达, 辉达]}\n"
                           "lists:\n  curb: [\"限制 ~4 芯片\"]\n",
                           "any(curb) and mentions(nvidia)"));
  ASSERT_NE(mainland, nullptr);
  EXPECT_TRUE(Matches(mainland, "大陸限制輝達AI晶片進口"));  // Taiwan media
  EXPECT_TRUE(Matches(mainland, "大陆限制英伟达AI芯片进口"));
  auto taiwan =
      LoadAt(testing::OneRulePack("entities:\n  nvidia: {instruments: [NVDA], names: [輝達]}\n"
                                  "lists:\n  curb: [\"限制 ~4 晶片\"]\n",
                                  "any(curb) and mentions(nvidia)"));
  ASSERT_NE(taiwan, nullptr);
  EXPECT_TRUE(Matches(taiwan, "中国限制辉达AI芯片进口"));  // a pack in Taiwan vocabulary
}

}  // namespace
}  // namespace tripline
