// app/evaluation/summary_json.cc: summary.json stays valid JSON whatever the names hold.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "app/evaluation/evaluation_result.h"
#include "app/evaluation/return_stats.h"
#include "tests/evaluation/tracked_signals.h"

namespace tripline::evaluation {
namespace {

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

}  // namespace
}  // namespace tripline::evaluation
