#include "rules/pack_evaluation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "rules/rule_loader.h"

namespace tripline {
namespace {

using ::testing::HasSubstr;

constexpr const char* kPack = R"(entities:
  nvidia: {instruments: [NVDA], names: [Nvidia]}
lists:
  gov: [Beijing]
  act: [ban]
rules:
  - id: ban
    headline: any(gov) and any(act) and mentions(nvidia)
    price: move(mentioned, 60m) <= -3%
    emit: {instrument: mentioned, direction: short}
)";

Signal MakeSignal(const std::string& rule, const std::string& instrument, Direction d,
                  std::vector<std::string> headline_ids) {
  Signal s;
  s.rule = rule;
  s.instrument = instrument;
  s.direction = d;
  s.signal_id = "sig-" + headline_ids[0];
  s.explanation = "because";
  for (const std::string& id : headline_ids)
    s.headlines.push_back(HeadlineEvidence{id, "", "", 0, {}});
  return s;
}

std::string WriteFile(const std::string& name, const std::string& text) {
  const std::string path = ::testing::TempDir() + "/" + name;
  std::ofstream(path) << text;
  return path;
}

TEST(PackEvaluation, CountsTrueSignalsFalseAlarmsAndMissesWithReasons) {
  auto rules = LoadRulesFromString(kPack, "p.yaml");
  ASSERT_TRUE(rules.ok()) << rules.status();
  std::vector<StoryLabel> labels = {
      {"h1", "bans", {{"NVDA", Direction::kShort}}, 1},
      {"h2", "bans", {{"NVDA", Direction::kShort}}, 2},  // fired, as a confirmation of h1
      {"h3", "bans", {{"NVDA", Direction::kShort}}, 3},  // headline held, no price move
      {"h4", "bans", {{"NVDA", Direction::kShort}}, 4},  // headline does not hold
      {"h5", "near_miss", {}, 5},                        // nothing should fire, something did
  };
  std::vector<Signal> signals = {MakeSignal("ban", "NVDA", Direction::kShort, {"h1", "h2"}),
                                 MakeSignal("ban", "NVDA", Direction::kShort, {"h5"}),
                                 MakeSignal("ban", "NVDA", Direction::kShort, {"h9"})};
  std::map<std::string, SeenHeadline> seen = {
      {"h3", {"Reuters", "Beijing to ban Nvidia chips"}},
      {"h4", {"Reuters", "Beijing praises Nvidia"}},
  };
  EvalReport r = EvaluatePack(*rules, labels, signals, seen);
  EXPECT_EQ(r.overall.true_signals, 1u);
  EXPECT_EQ(r.overall.false_signals, 2u);  // h5 and the unlabelled h9
  EXPECT_EQ(r.overall.misses, 2u);
  EXPECT_DOUBLE_EQ(r.overall.precision(), 1.0 / 3);
  // h1 and h2 found (one signal carries both), h3 and h4 missed.
  EXPECT_EQ(r.overall.found, 2u);
  EXPECT_DOUBLE_EQ(r.overall.recall(), 2.0 / 4);
  EXPECT_EQ(r.by_rule["ban"].misses, 2u);
  EXPECT_EQ(r.by_family["bans"].misses, 2u);
  EXPECT_EQ(r.by_family["near_miss"].false_signals, 1u);
  ASSERT_EQ(r.misses.size(), 2u);
  EXPECT_THAT(r.misses[0].reason, HasSubstr("no confirming move"));
  EXPECT_THAT(r.misses[1].reason, HasSubstr("any(act)"));
  ASSERT_EQ(r.false_alarms.size(), 2u);
  EXPECT_EQ(r.false_alarms[0].headline_id, "h5");
  EXPECT_THAT(r.false_alarms[1].evidence, HasSubstr("(unlabelled)"));
}

TEST(PackEvaluation, MissWithNoRuleForTheInstrumentSaysSo) {
  auto rules = LoadRulesFromString(kPack, "p.yaml");
  ASSERT_TRUE(rules.ok());
  EvalReport r = EvaluatePack(*rules, {{"h1", "", {{"AMD", Direction::kLong}}, 1}}, {},
                              {{"h1", {"", "Beijing lifts AMD ban"}}});
  ASSERT_EQ(r.misses.size(), 1u);
  EXPECT_EQ(r.misses[0].reason, "no rule emits long AMD");
}

TEST(PackEvaluation, ReadsLabelsAndNamesTheBadLine) {
  auto ok = ReadLabels(
      WriteFile("ok.jsonl",
                "{\"headline_id\":\"a\",\"family\":\"f\",\"expect\":[{\"instrument\":\"NVDA\","
                "\"direction\":\"short\"}]}\n\n{\"headline_id\":\"b\",\"expect\":[]}\n"));
  ASSERT_TRUE(ok.ok()) << ok.status();
  ASSERT_EQ(ok->size(), 2u);
  EXPECT_EQ((*ok)[0].expect[0].instrument, "NVDA");
  EXPECT_EQ((*ok)[0].expect[0].direction, Direction::kShort);
  EXPECT_TRUE((*ok)[1].expect.empty());
  EXPECT_EQ((*ok)[1].line, 3);
  auto bad = ReadLabels(
      WriteFile("bad.jsonl",
                "{\"headline_id\":\"a\",\"expect\":[]}\n{\"headline_id\":\"b\",\"expect\":[{"
                "\"instrument\":\"NVDA\",\"direction\":\"down\"}]}\n"));
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(std::string(bad.status().message()), HasSubstr("bad.jsonl:2:"));
  EXPECT_FALSE(ReadLabels(WriteFile("c.jsonl", "{\"expect\":[]}\n")).ok());
  EXPECT_FALSE(ReadLabels(::testing::TempDir() + "/none.jsonl").ok());
}

TEST(PackEvaluation, TwoRulesEmittingOneExpectedSignalCountItOnceForRecall) {
  auto rules = LoadRulesFromString(kPack, "p.yaml");
  ASSERT_TRUE(rules.ok()) << rules.status();
  std::vector<StoryLabel> labels = {{"h1", "bans", {{"NVDA", Direction::kShort}}, 1},
                                    {"h2", "bans", {{"NVDA", Direction::kShort}}, 2}};
  std::vector<Signal> signals = {MakeSignal("ban", "NVDA", Direction::kShort, {"h1"}),
                                 MakeSignal("other", "NVDA", Direction::kShort, {"h1"})};
  std::map<std::string, SeenHeadline> seen = {{"h2", {"Reuters", "Beijing praises Nvidia"}}};
  EvalReport r = EvaluatePack(*rules, labels, signals, seen);
  EXPECT_EQ(r.overall.true_signals, 2u);
  EXPECT_EQ(r.overall.found, 1u);
  EXPECT_DOUBLE_EQ(r.overall.precision(), 1.0);
  EXPECT_DOUBLE_EQ(r.overall.recall(), 0.5);  // not 2 / 3
}

// The Done-when of a pack is per language: each headline is scored under its `lang`, or, with
// none, under "zh" when it has a Chinese character and "en" otherwise.
TEST(PackEvaluation, ScoresEachHeadlineUnderItsLanguage) {
  auto rules = LoadRulesFromString(kPack, "p.yaml");
  ASSERT_TRUE(rules.ok()) << rules.status();
  std::vector<StoryLabel> labels = {
      {"en1", "bans", {{"NVDA", Direction::kShort}}, 1},
      {"zh1", "bans", {{"NVDA", Direction::kShort}}, 2},
      {"zh2", "bans", {{"AMD", Direction::kShort}}, 3},
      {"ja1", "near_miss", {}, 4},
  };
  std::vector<Signal> signals = {MakeSignal("ban", "NVDA", Direction::kShort, {"en1"}),
                                 MakeSignal("ban", "NVDA", Direction::kShort, {"zh1"}),
                                 MakeSignal("ban", "NVDA", Direction::kShort, {"ja1"})};
  std::map<std::string, SeenHeadline> seen = {
      {"en1", {"Reuters", "Beijing to ban Nvidia chips"}},
      {"zh1", {"Xinhua", "\xe7\xa6\x81\xe6\xad\xa2 Nvidia"}},  // "禁止 Nvidia"
      {"zh2", {"Xinhua", "AMD \xe8\xa2\xab\xe7\xa6\x81"}},     // "AMD 被禁"
      {"ja1", {"Nikkei", "Beijing to ban Nvidia chips", "ja"}},
  };
  EvalReport r = EvaluatePack(*rules, labels, signals, seen);
  ASSERT_EQ(r.by_language.size(), 3u);
  EXPECT_EQ(r.by_language["en"].found, 1u);
  EXPECT_EQ(r.by_language["en"].true_signals, 1u);
  EXPECT_EQ(r.by_language["zh"].found, 1u);
  EXPECT_EQ(r.by_language["zh"].misses, 1u);
  EXPECT_DOUBLE_EQ(r.by_language["zh"].recall(), 0.5);
  EXPECT_EQ(r.by_language["ja"].false_signals, 1u);
  EXPECT_EQ(HeadlineLanguage({"", "\xe3\x80\x8c\xe5\x8d\x8e\xe4\xb8\xba\xe3\x80\x8d"}), "zh");
  EXPECT_EQ(HeadlineLanguage({"", "caf\xc3\xa9 \xe2\x80\x94 Nvidia"}), "en")
      << "an e-acute and an em dash are not Chinese";
}

}  // namespace
}  // namespace tripline
