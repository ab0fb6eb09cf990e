// io/files/recorded_input.cc: a replay's files as sources of one ingest kernel: the merge in
// availability order, the tie-break by file order (headline files first), the byte counts of
// the progress line and the error naming a file that cannot be opened.
#include "io/files/recorded_input.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/dead_letter_tally.h"

namespace tripline {
namespace {

const std::string kExample = std::string(TRIPLINE_SOURCE_DIR) + "/examples/h20-guidance/";

TEST(RecordedStreamTest, SampleDayDecodesCleanlyAndMergesInAvailabilityOrder) {
  DeadLetterTally tally(nullptr, 5);
  auto input =
      RecordedInput::Open({kExample + "headlines.jsonl"}, {kExample + "prices.jsonl"}, &tally);
  ASSERT_TRUE(input.ok());
  EventTime last = INT64_MIN;
  uint64_t events = 0;
  std::vector<std::string> order;
  EventTime tick_1505;
  ASSERT_TRUE(ParseRfc3339("2025-08-12T15:05:00Z", &tick_1505));
  bool saw_tick_1505 = false;
  const absl::Status read = (*input)->Replay([&](const Event& e) {
    EXPECT_GE(e.order_ts(), last) << "merge must be in replay order";
    last = e.order_ts();
    ++events;
    if (e.kind == EventKind::kHeadline) {
      order.emplace_back(e.headline.id);
      // s-002 is stamped 15:04:49 but was only available at 15:05:29: the replay must not
      // show it to the engine before the 15:05 tick (no look-ahead).
      if (e.headline.id == "s-002") {
        EXPECT_TRUE(saw_tick_1505);
      }
    } else if (e.price.ts == tick_1505) {
      saw_tick_1505 = true;
    }
  });
  EXPECT_TRUE(read.ok());
  EXPECT_EQ(tally.total(), 0u) << (tally.first().empty() ? "" : tally.first()[0]);
  EXPECT_EQ(events, (*input)->counts().messages);
  ASSERT_EQ(order.size(), 20u);
  EXPECT_EQ(order[6], "s-001");
  EXPECT_EQ(order[7], "s-002");
}

// What a replay handed over, one "kind id-or-sym" a line.
std::vector<std::string> Replayed(RecordedInput& input) {
  std::vector<std::string> seen;
  EXPECT_TRUE(input
                  .Replay([&seen](const Event& e) {
                    seen.push_back(e.kind == EventKind::kHeadline
                                       ? "h " + std::string(e.headline.id)
                                       : "p " + std::string(e.price.sym));
                  })
                  .ok());
  return seen;
}

TEST(RecordedInputTest, SameInstantGoesHeadlineFilesFirstThenPriceFilesEachInTheOrderGiven) {
  const std::string dir = ::testing::TempDir() + "/recorded_input_ties";
  std::filesystem::create_directories(dir);
  const char* ts = R"("ts":"2025-08-12T15:00:00Z")";
  std::ofstream(dir + "/p1.jsonl") << R"({"sym":"A",)" << ts << R"(,"price":1})"
                                   << "\n";
  std::ofstream(dir + "/p2.jsonl") << R"({"sym":"B",)" << ts << R"(,"price":2})"
                                   << "\n";
  std::ofstream(dir + "/h1.jsonl") << R"({"id":"x",)" << ts << R"(,"source":"S","headline":"x"})"
                                   << "\n";
  std::ofstream(dir + "/h2.jsonl") << R"({"id":"y",)" << ts << R"(,"source":"S","headline":"y"})"
                                   << "\n";
  DeadLetterTally tally(nullptr, 0);
  auto input = RecordedInput::Open({dir + "/h2.jsonl", dir + "/h1.jsonl"},
                                   {dir + "/p2.jsonl", dir + "/p1.jsonl"}, &tally);
  ASSERT_TRUE(input.ok()) << input.status();
  EXPECT_EQ(Replayed(**input), (std::vector<std::string>{"h y", "h x", "p B", "p A"}));
  EXPECT_EQ(tally.total(), 0u);
}

TEST(RecordedInputTest, BytesReadReachTheFilesTotalSize) {
  DeadLetterTally tally(nullptr, 0);
  auto input =
      RecordedInput::Open({kExample + "headlines.jsonl"}, {kExample + "prices.jsonl"}, &tally);
  ASSERT_TRUE(input.ok()) << input.status();
  const uint64_t size = std::filesystem::file_size(kExample + "headlines.jsonl") +
                        std::filesystem::file_size(kExample + "prices.jsonl");
  EXPECT_EQ((*input)->total_bytes(), size);
  EXPECT_LT((*input)->bytes_read(), size);
  EXPECT_EQ(Replayed(**input).size(), 1043u);
  EXPECT_EQ((*input)->bytes_read(), size);
  EXPECT_EQ((*input)->counts().messages, 1043u);
}

TEST(RecordedInputTest, AFileThatCannotBeOpenedIsAnErrorNamingIt) {
  const std::string missing = ::testing::TempDir() + "/recorded_input_no_such.jsonl";
  auto input = RecordedInput::Open({kExample + "headlines.jsonl"}, {missing}, nullptr);
  ASSERT_FALSE(input.ok());
  EXPECT_EQ(input.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(input.status().message(), missing + ": cannot open: No such file or directory");
}

}  // namespace
}  // namespace tripline
