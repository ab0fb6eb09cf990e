#include "io/files/recorded_stream.h"

#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "core/dead_letter_tally.h"
#include "io/files/recorded_input.h"

namespace tripline {
namespace {

class CollectingSink final : public DeadLetterSink {
 public:
  void Put(const DeadLetter& d) override {
    letters.push_back({d.code, d.origin, std::string(d.payload)});
  }
  struct Kept {
    std::string code, origin, payload;
  };
  std::vector<Kept> letters;
};

TEST(RecordedStreamTest, BadLinesAreDeadLetteredWithFileAndLine) {
  const std::string path = ::testing::TempDir() + "/mixed-prices.jsonl";
  std::ofstream(path) << R"({"sym":"NVDA","ts":"2025-08-12T15:00:00Z","price":183.1})"
                      << "\n"
                      << R"({"sym":"NVDA","ts":"2025-08-12T15:01:00Z"})"
                      << "\n"
                      << "not json at all\n"
                      << "\n"
                      << R"({"sym":"NVDA","ts":"2025-08-12T15:02:00Z","price":-1})"
                      << "\n"
                      << R"({"sym":"AMD","ts":1755010980000000000,"price":172.5,"extra":{"x":1}})"
                      << "\n";
  CollectingSink sink;
  auto input = RecordedInput::Open({}, {path}, &sink);
  ASSERT_TRUE(input.ok()) << input.status();
  std::vector<std::string> syms;
  EXPECT_TRUE((*input)->Replay([&syms](const Event& e) { syms.emplace_back(e.price.sym); }).ok());
  EXPECT_EQ(syms, (std::vector<std::string>{"NVDA", "AMD"}));
  const IngestCounts& c = (*input)->counts();
  EXPECT_EQ(c.messages, 5u);
  EXPECT_EQ(c.decoded, 2u);
  EXPECT_EQ(c.dead_letters, 3u);
  EXPECT_EQ(c.messages, c.decoded + c.dead_letters);
  ASSERT_EQ(sink.letters.size(), 3u);
  EXPECT_EQ(sink.letters[0].code, "missing_field:price");
  EXPECT_EQ(sink.letters[0].origin, path + ":2");
  EXPECT_EQ(sink.letters[1].code, "not_json");
  EXPECT_EQ(sink.letters[1].origin, path + ":3");
  EXPECT_EQ(sink.letters[1].payload, "not json at all");
  EXPECT_EQ(sink.letters[2].code, "out_of_range:price");
  EXPECT_EQ(sink.letters[2].origin, path + ":5") << "the blank line still counts";
}

TEST(RecordedStreamTest, AutoKindTellsPricesFromHeadlines) {
  DeadLetterTally tally(nullptr, 0);
  const std::string path = ::testing::TempDir() + "/mixed-kinds.jsonl";
  std::ofstream(path) << R"({"id":"h1","ts":"2025-08-12T15:00:00Z","source":"X","headline":"Hi"})"
                      << "\n"
                      << R"({"sym":"NVDA","ts":"2025-08-12T15:00:00Z","price":1,"kind":"close"})"
                      << "\n";
  auto input = RecordedInput::Open({{path, StreamKind::kAuto}}, &tally);
  ASSERT_TRUE(input.ok());
  std::vector<std::pair<EventKind, PriceKind>> kinds;
  EXPECT_TRUE((*input)
                  ->Replay([&kinds](const Event& e) { kinds.emplace_back(e.kind, e.price.kind); })
                  .ok());
  ASSERT_EQ(kinds.size(), 2u);
  EXPECT_EQ(kinds[0].first, EventKind::kHeadline);
  EXPECT_EQ(kinds[1].first, EventKind::kPrice);
  EXPECT_EQ(kinds[1].second, PriceKind::kClose);
  EXPECT_EQ(tally.total(), 0u);
}

}  // namespace
}  // namespace tripline
