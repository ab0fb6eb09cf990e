// End to end through `tripline backtest`: a denial after a fired story reaches the signals file
// as a retraction naming the original signal_id (the live path encodes with the same encoder).
#include <gtest/gtest.h>
#include <simdjson.h>
#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace tripline {
namespace {

std::string Write(const std::string& name, const std::string& text) {
  const std::string path = ::testing::TempDir() + "/retraction_backtest." + name;
  std::ofstream(path) << text;
  return path;
}

TEST(RetractionBacktest, DenialWritesARetractionLineNamingTheOriginalSignal) {
  const std::string pack = Write("pack.yaml", R"(negation_cues: [deny]
entities:
  nvidia: {instruments: [NVDA], names: [Nvidia]}
lists:
  gov: [Beijing, China]
  act: [urge]
rules:
  - id: guidance
    headline: any(gov) and any(act) and mentions(nvidia)
    price: move(mentioned, 60m) <= -3%
    emit: {instrument: mentioned, direction: short}
)");
  const std::string headlines = Write(
      "headlines.jsonl",
      R"({"id":"h1","ts":"2026-01-05T14:01:00Z","source":"Reuters","headline":"Beijing urges firms to avoid Nvidia"}
{"id":"h2","ts":"2026-01-05T14:40:00Z","source":"Xinhua","headline":"China denies urging firms to avoid Nvidia chips"}
)");
  const std::string prices = Write("prices.jsonl",
                                   R"({"sym":"NVDA","ts":"2026-01-05T14:00:00Z","price":100}
{"sym":"NVDA","ts":"2026-01-05T14:10:00Z","price":96}
)");
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
