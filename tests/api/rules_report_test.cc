// app/api/rules_report.cc: the texts of `rules check` (JSON and plain) and `rules explain`, as the
// CLI prints them and the Python module returns them.
#include "app/api/rules_report.h"

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "rules/rule_checks.h"
#include "rules/rule_loader.h"

namespace tripline::api {
namespace {

// A rule on any mentioned instrument, without price test and with an inline test, and one on
// Nvidia (benchmark SOXX) with an abnormal price test; AMD has no benchmark.
const char kPack[] = R"(entities:
  nvidia: {instruments: [NVDA], names: [Nvidia], benchmark: SOXX}
  amd: {instruments: [AMD], names: [AMD]}
lists:
  gov: [Beijing, regulator]
  ban: [ban]
rules:
  - id: plain
    headline: any(gov) and mentions(any)
    emit: {instrument: mentioned, direction: watch}
    tests:
      - {headline: "Beijing summons AMD", expect: match}
  - id: confirmed
    headline: any(gov) and any(ban) and mentions(nvidia)
    price: abnormal_move(mentioned, 60m) <= -3%
    emit: {instrument: mentioned, direction: short}
)";

std::shared_ptr<const CompiledRules> Load() {
  auto r = LoadRulesFromString(kPack, "p.yaml");
  EXPECT_TRUE(r.ok()) << r.status();
  return r.ok() ? *r : nullptr;
}

TEST(RulesReportTest, CheckJsonOfAnInvalidPackListsItsDiagnostics) {
  LoadDiagnostic error;
  error.location = {"p.yaml", 3, 7};
  error.code = "unknown-list";
  error.message = "no list \"bann\"";
  error.expected = "ban, gov";
  LoadDiagnostic warning;
  warning.location = {"q\"r.yaml", 1, 1};
  warning.warning = true;
  warning.code = "unused";
  warning.message = "list x is never used";
  EXPECT_EQ(PackCheckJson("packs/bad", absl::InvalidArgumentError("invalid"), {error, warning}),
            R"({"path":"packs/bad","valid":false,"diagnostics":[)"
            R"({"file":"p.yaml","line":3,"column":7,"severity":"error","code":"unknown-list",)"
            R"("message":"no list \"bann\"","expected":"ban, gov"},)"
            R"({"file":"q\"r.yaml","line":1,"column":1,"severity":"warning","code":"unused",)"
            R"("message":"list x is never used","expected":""}]})");
}

TEST(RulesReportTest, CheckOfAValidPackCountsRulesEntitiesPhrasesAndTests) {
  const auto rules = Load();
  ASSERT_NE(rules, nullptr);
  EXPECT_EQ(PackCheckJson("p.yaml", rules, {}),
            R"({"path":"p.yaml","valid":true,"rules":2,"entities":2,"phrases":5,"tests":1,)"
            R"("diagnostics":[]})");
  const std::string text = PackCheckText("p.yaml", *rules);
  EXPECT_EQ(text.substr(0, text.find('\n') + 1),
            "p.yaml: valid: 2 rules, 2 entities, 5 distinct phrases as 5 scan patterns, 1 inline "
            "tests\n");
}

// `rules explain` of `headline` on kPack, with the price move `move` when there is one.
std::string Explain(const std::string& headline, std::optional<double> move) {
  const auto rules = Load();
  if (rules == nullptr) return "";
  return ExplainText(*rules, ExplainHeadline(rules, headline, "Reuters", move), move);
}

TEST(RulesReportTest, ExplainSaysWhyEachRuleMatchesOrNotAndWhatPriceTestIsLeft) {
  EXPECT_EQ(Explain("Beijing regulator weighs ban on Nvidia", std::nullopt),
            "MATCH   plain -> [NVDA]\n"
            "    phrases: Beijing, regulator, Nvidia\n"
            "    [true]  and\n"
            "      [true]  any(gov)  matched: Beijing, regulator\n"
            "      [true]  mentions(any)\n"
            "MATCH   confirmed -> [NVDA]\n"
            "    phrases: Beijing, regulator, ban, Nvidia\n"
            "    [true]  and\n"
            "      [true]  any(gov)  matched: Beijing, regulator\n"
            "      [true]  any(ban)  matched: ban\n"
            "      [true]  mentions(nvidia)\n"
            "    then needs price: abnormal_move(mentioned, 60m) <= -3% within 1h (give --move to "
            "test it)\n"
            "    abnormal move: NVDA against SOXX\n"
            "2 of 2 rules match\n");
}

TEST(RulesReportTest, ExplainWithAMoveNeedsNoPriceTestAndSaysWhyNot) {
  EXPECT_EQ(Explain("Beijing weighs ban on AMD", -0.05),
            "MATCH   plain -> [AMD]\n"
            "    phrases: Beijing, AMD\n"
            "    [true]  and\n"
            "      [true]  any(gov)  matched: Beijing\n"
            "      [true]  mentions(any)\n"
            "no      confirmed\n"
            "    phrases: Beijing, ban\n"
            "    [false] and\n"
            "      [true]  any(gov)  matched: Beijing\n"
            "      [true]  any(ban)  matched: ban\n"
            "      [false] mentions(nvidia)\n"
            "    why not: headline condition false: mentions(nvidia)\n"
            "1 of 2 rules match\n");
}

}  // namespace
}  // namespace tripline::api
