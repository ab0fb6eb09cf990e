// `tripline inspect` end to end (app/cli/inspect_command.cc): the sample day's summary, bad
// lines counted by code, unreadable files and bad flags.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <fstream>
#include <string>

#include "tests/cli/tripline_cli.h"
#include "tests/testing/files.h"

namespace tripline::testing::cli {
namespace {

template <typename T>
int64_t JsonInt(T obj, const char* key) {
  int64_t v = -1;
  EXPECT_EQ(obj[key].get(v), simdjson::SUCCESS) << key;
  return v;
}

// `tripline inspect FILES --json`: it must exit 0 and print one JSON document, read into *doc.
::testing::AssertionResult InspectJson(const std::string& files, simdjson::dom::parser& parser,
                                       simdjson::dom::element* doc) {
  const Result r = RunTripline("inspect " + files + " --json");
  if (r.exit_code != 0) {
    return ::testing::AssertionFailure() << "exit code " << r.exit_code << ": " << r.err;
  }
  if (parser.parse(r.out).get(*doc) != simdjson::SUCCESS) {
    return ::testing::AssertionFailure() << "not JSON: " << r.out;
  }
  return ::testing::AssertionSuccess();
}

TEST(InspectCliTest, SampleDaySummaryAsJson) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_TRUE(InspectJson(kExample + "headlines.jsonl " + kExample + "prices.jsonl", parser, &doc));
  EXPECT_EQ(JsonInt(doc, "messages"), 1043);
  EXPECT_EQ(JsonInt(doc, "decoded"), 1043);
  EXPECT_EQ(JsonInt(doc, "dead_letters"), 0);
  EXPECT_EQ(JsonInt(doc, "headlines"), 20);
  EXPECT_EQ(JsonInt(doc["prices_by_symbol"], "NVDA"), 391);
  EXPECT_EQ(JsonInt(doc["prices_by_kind"], "close"), 3);
  std::string_view first;
  ASSERT_EQ(doc["first_ts"].get(first), simdjson::SUCCESS);
  EXPECT_EQ(first, "2025-08-11T07:00:00Z") << "the Shanghai close";
}

TEST(InspectCliTest, BadLinesAreCountedByCodeAndExitIsZero) {
  const std::string path = ::testing::TempDir() + "/bad.jsonl";
  std::ofstream(path) << R"({"sym":"NVDA","ts":"2025-08-12T15:00:00Z","price":183.1})"
                      << "\n"
                      << R"({"sym":"NVDA","ts":"yesterday","price":183.1})"
                      << "\n"
                      << R"({"sym":"NVDA","ts":"2025-08-12T15:00:00Z","price":"high"})"
                      << "\n"
                      << "{\"sym\":\"NVDA\",\n"
                      << R"({"id":"x","ts":1,"source":"s"})"
                      << "\n";
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_TRUE(InspectJson(path, parser, &doc));
  EXPECT_EQ(JsonInt(doc, "messages"), 5);
  EXPECT_EQ(JsonInt(doc, "decoded"), 1);
  EXPECT_EQ(JsonInt(doc, "dead_letters"), 4);
  simdjson::dom::object by_code;
  ASSERT_EQ(doc["errors_by_code"].get(by_code), simdjson::SUCCESS);
  EXPECT_EQ(JsonInt(by_code, "bad_type:price"), 1);
  EXPECT_EQ(JsonInt(by_code, "missing_field:headline"), 1);
  EXPECT_EQ(JsonInt(by_code, "not_json"), 1);
  EXPECT_EQ(JsonInt(by_code, "bad_type:ts"), 1) << "\"yesterday\" is not RFC 3339";
  // The text form names file:line of the first errors.
  const Result text = RunTripline("inspect " + path);
  EXPECT_EQ(text.exit_code, 0);
  EXPECT_NE(text.out.find(path + ":2"), std::string::npos) << text.out;
}

TEST(InspectCliTest, UnreadableFileAndBadFlagsFail) {
  const Result missing = RunTripline("inspect /nonexistent/file.jsonl");
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("/nonexistent/file.jsonl"), std::string::npos) << missing.err;
  const Result flag = RunTripline("inspect --jsn " + kExample + "prices.jsonl");
  EXPECT_EQ(flag.exit_code, 64);
  EXPECT_NE(flag.err.find("--jsn"), std::string::npos) << flag.err;
  EXPECT_EQ(RunTripline("inspect").exit_code, 64);
}

}  // namespace
}  // namespace tripline::testing::cli
