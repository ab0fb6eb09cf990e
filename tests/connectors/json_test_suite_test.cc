// Runs every file of JSONTestSuite's test_parsing through both decoders: every n_* file (invalid
// JSON) must be rejected, no file may crash. y_* and i_* files may fail validation (they are
// not headlines), but must not be classified as broken JSON when they are valid.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "connectors/message_decoder.h"

namespace tripline {
namespace {

namespace fs = std::filesystem;

struct Case {
  std::string name;
  std::string bytes;
};

std::vector<Case> LoadSuite() {
  std::vector<Case> cases;
  const fs::path dir = fs::path(TRIPLINE_SHARED_DIR) / "data/JSONTestSuite/test_parsing";
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    cases.push_back({entry.path().filename().string(),
                     std::string(std::istreambuf_iterator<char>(in), {})});
  }
  std::sort(cases.begin(), cases.end(), [](const Case& a, const Case& b) { return a.name < b.name; });
  return cases;
}

TEST(JsonTestSuiteTest, SuiteIsPresent) {
  // Fail rather than skip: a missing fixture must not turn this test into a no-op.
  EXPECT_GE(LoadSuite().size(), 300u) << "missing " << TRIPLINE_SHARED_DIR
                                     << "/data/JSONTestSuite/test_parsing";
}

TEST(JsonTestSuiteTest, InvalidJsonIsRejectedAndNothingCrashes) {
  const std::vector<Case> cases = LoadSuite();
  ASSERT_GE(cases.size(), 300u);
  MessageDecoder decoder;
  size_t rejected_n = 0, n_files = 0;
  for (const Case& c : cases) {
    Headline h;
    PriceTick p;
    const DecodeError he = decoder.DecodeHeadline(c.bytes, &h);
    const DecodeError pe = decoder.DecodePrice(c.bytes, &p);
    if (c.name.rfind("n_", 0) == 0) {
      ++n_files;
      EXPECT_FALSE(he.ok()) << c.name;
      EXPECT_FALSE(pe.ok()) << c.name;
      if (!he.ok() && !pe.ok()) ++rejected_n;
    } else if (c.name.rfind("y_", 0) == 0) {
      // Valid JSON: whatever the verdict, it is about content, not syntax (simdjson's number
      // limits aside, e.g. 1e400 is out of its range).
      EXPECT_NE(he.Code(), "not_json") << c.name;
    }
    // The decoder is still usable after any input.
    ASSERT_TRUE(decoder.DecodePrice(R"({"sym":"A","ts":1,"price":2})", &p).ok()) << c.name;
  }
  EXPECT_GT(n_files, 150u);
  EXPECT_EQ(rejected_n, n_files);
}

}  // namespace
}  // namespace tripline
