// End to end through `tripline backtest`: a denial after a fired story reaches the signals file
// as a retraction naming the original signal_id (the live path encodes with the same encoder).
#include <gtest/gtest.h>
#include <simdjson.h>
#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

namespace tripline {
namespace {

// The story's pack and input, shared with the live retraction test.
const std::string kStory = std::string(TRIPLINE_SOURCE_DIR) + "/tests/data/retraction/";

TEST(RetractionBacktest, DenialWritesARetractionLineNamingTheOriginalSignal) {
  const std::string pack = kStory + "pack.yaml";
  const std::string headlines = kStory + "headlines.jsonl";
  const std::string prices = kStory + "prices.jsonl";
  const std::string out = ::testing::TempDir() + "/retraction_backtest.signals.jsonl";
  const std::string cmd = std::string(TRIPLINE_BINARY) + " backtest --quiet --rules " + pack +
                          " --headlines " + headlines + " --prices " + prices + " --out " + out;
  const int status = std::system(cmd.c_str());
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << cmd;
  std::ifstream in(out);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  ASSERT_EQ(lines.size(), 2u);
  simdjson::dom::parser parser;
  std::string_view first_id, retracts, second_headline;
  simdjson::dom::element first, second;
  ASSERT_EQ(parser.parse(lines[0]).get(first), simdjson::SUCCESS);
  ASSERT_EQ(first["signal_id"].get(first_id), simdjson::SUCCESS);
  const std::string original(first_id);
  EXPECT_EQ(first["retracts"].error(), simdjson::NO_SUCH_FIELD);
  ASSERT_EQ(parser.parse(lines[1]).get(second), simdjson::SUCCESS);
  ASSERT_EQ(second["retracts"].get(retracts), simdjson::SUCCESS) << lines[1];
  EXPECT_EQ(retracts, original);
  ASSERT_EQ(second["evidence"]["headlines"].at(0)["id"].get(second_headline), simdjson::SUCCESS);
  EXPECT_EQ(second_headline, "h2");
}

}  // namespace
}  // namespace tripline
