#include "io/codec/signal_encoder.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include "tests/io/sample_signal.h"

namespace tripline {
namespace {

using testing::SampleSignal;

TEST(SignalEncoderTest, GoldenOutput) {
  std::string out;
  AppendSignalJson(SampleSignal(), &out);
  EXPECT_EQ(out,
            R"({"signal_id":"9f2c41d0a7b3e5f1","rule":"china-chip-guidance","rule_hash":"3c1d",)"
            R"("rule_file":"rules/china.yaml","instrument":"NVDA","direction":"short",)"
            R"("score":0.8500,"severity":"high","ts":"2024-09-27T14:06:00Z","count":2,)"
            R"("evidence":{"headlines":[{"id":"n-1","source":"wire",)"
            R"("text":"Beijing guides firms off \"H20\"","ts":"2024-09-27T14:05:00Z",)"
            R"("phrases":["Beijing","H20"]}],"price":{"instrument":"NVDA","window":"60m",)"
            R"("from":{"ts":"2024-09-27T13:05:00Z","price":121.5},)"
            R"("to":{"ts":"2024-09-27T14:06:00Z","price":116.76},"move":-0.039}},)"
            R"("explanation":"NVDA -3.9% in 60m after headline n-1"})");
}

TEST(SignalEncoderTest, AppendsAndIsDeterministic) {
  std::string a = "prefix ";
  AppendSignalJson(SampleSignal(), &a);
  std::string b;
  AppendSignalJson(SampleSignal(), &b);
  EXPECT_EQ(a, "prefix " + b);
}

TEST(SignalEncoderTest, RetractsOnlyOnRetractions) {
  Signal s = SampleSignal();
  std::string out;
  AppendSignalJson(s, &out);
  EXPECT_EQ(out.find("retracts"), std::string::npos) << out;
  s.retracts = "0123456789abcdef0123456789abcdef";
  out.clear();
  AppendSignalJson(s, &out);
  const std::string tail = R"(,"retracts":"0123456789abcdef0123456789abcdef"})";
  ASSERT_GE(out.size(), tail.size());
  EXPECT_EQ(out.substr(out.size() - tail.size()), tail) << out;
}

TEST(SignalEncoderTest, NoPriceNoHeadlinesAndClampedScore) {
  Signal s;
  s.signal_id = "x";
  s.direction = Direction::kWatch;
  s.score = 1.7;
  std::string out;
  AppendSignalJson(s, &out);
  EXPECT_NE(out.find(R"("direction":"watch","score":1.0000,)"), std::string::npos) << out;
  EXPECT_NE(out.find(R"("evidence":{"headlines":[],"price":null})"), std::string::npos) << out;
  s.score = -2;
  out.clear();
  AppendSignalJson(s, &out);
  EXPECT_NE(out.find(R"("score":0.0000,)"), std::string::npos) << out;
}

TEST(SignalEncoderTest, OutputIsValidJsonWithExpectedValues) {
  Signal s = SampleSignal();
  s.explanation = "ctrl \x01 and bad \xff byte";
  std::string out;
  AppendSignalJson(s, &out);
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_EQ(parser.parse(out).get(doc), simdjson::SUCCESS) << out;
  double move = 0;
  ASSERT_EQ(doc["evidence"]["price"]["move"].get(move), simdjson::SUCCESS);
  EXPECT_EQ(move, -0.039);
  std::string_view explanation;
  ASSERT_EQ(doc["explanation"].get(explanation), simdjson::SUCCESS);
  EXPECT_EQ(explanation, "ctrl \x01 and bad \xef\xbf\xbd byte");
}

}  // namespace
}  // namespace tripline
