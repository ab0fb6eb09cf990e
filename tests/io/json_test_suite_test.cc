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

#include "io/codec/message_decoder.h"

namespace tripline {
namespace {

namespace fs = std::filesystem;

struct Case {
  std::string name;
  std::string bytes;
};

std::vector<Case> LoadSuite() {
  std::vector<Case> cases;
  const fs::path dir = fs::path(TRIPLINE_SOURCE_DIR) / "tests/data/JSONTestSuite/test_parsing";
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    cases.push_back(
        {entry.path().filename().string(), std::string(std::istreambuf_iterator<char>(in), {})});
  }
  std::sort(cases.begin(), cases.end(),
            [](const Case& a, const Case& b) { return a.name < b.name; });
  return cases;
}

TEST(JsonTestSuiteTest, SuiteIsPresent) {
  // Fail rather than skip: a missing fixture must not turn this test into a no-op.
  EXPECT_GE(LoadSuite().size(), 300u)
      << "missing " << TRIPLINE_SOURCE_DIR << "/tests/data/JSONTestSuite/test_parsing";
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
      EXPECT_NE(pe.Code(), "not_json") << c.name;
    }
    // The decoder is still usable after any input.
    ASSERT_TRUE(decoder.DecodePrice(R"({"sym":"A","ts":1,"price":2})", &p).ok()) << c.name;
  }
  EXPECT_GT(n_files, 150u);
  EXPECT_EQ(rejected_n, n_files);
}

// The backtest parses JsonlReader lines in place, with whatever the file holds after them in
// the padding. The verdict and the values must be the same as for a zero-padded copy, whatever
// those bytes are: here digits, quotes and closing brackets that would extend a cut message.
TEST(JsonTestSuiteTest, InPlaceDecodingAgreesWithTheCopy) {
  std::vector<Case> cases = LoadSuite();
  ASSERT_GE(cases.size(), 300u);
  for (const char* m : {R"({"sym":"NVDA","ts":1754998200060000000,"price":183.25,"size":100})",
                        R"({"sym":"NVDA","ts":1754998200060000000,"price":183.2)",
                        R"({"sym":"NVDA","ts":17549982000600)", R"({"sym":"NVDA","ts":1,"price":1)",
                        R"({"sym":"NVD)", R"({"id":"a","ts":1,"source":"s","headline":"h"})",
                        R"({"id":"a","ts":1,"source":"s","headline":"h)", R"(12)", R"("ab)"}) {
    cases.push_back({m, m});
  }
  const std::string tail = R"(99999"}]}, "price": 1.5e300}
)";
  MessageDecoder copying, in_place;
  std::string buf;
  for (const Case& c : cases) {
    buf = c.bytes;
    while (buf.size() < c.bytes.size() + simdjson::SIMDJSON_PADDING) buf += tail;
    const std::string_view bytes(buf.data(), c.bytes.size());
    Headline h1, h2;
    PriceTick p1, p2;
    const DecodeError he1 = copying.DecodeHeadline(bytes, &h1);
    const DecodeError he2 = in_place.DecodeHeadline(bytes, &h2, MessageDecoder::Input::kPadded);
    EXPECT_EQ(he1.Code(), he2.Code()) << c.name;
    if (he1.ok() && he2.ok()) {
      EXPECT_EQ(h1.id, h2.id) << c.name;
      EXPECT_EQ(h1.headline, h2.headline) << c.name;
      EXPECT_EQ(h1.ts, h2.ts) << c.name;
    }
    const DecodeError pe1 = copying.DecodePrice(bytes, &p1);
    const DecodeError pe2 = in_place.DecodePrice(bytes, &p2, MessageDecoder::Input::kPadded);
    EXPECT_EQ(pe1.Code(), pe2.Code()) << c.name;
    if (pe1.ok() && pe2.ok()) {
      EXPECT_EQ(p1.sym, p2.sym) << c.name;
      EXPECT_EQ(p1.ts, p2.ts) << c.name;
      EXPECT_EQ(p1.price, p2.price) << c.name;
    }
  }
}

}  // namespace
}  // namespace tripline
