// io/files/recording.cc: what a killed and restarted `tripline record` relies on.
#include "io/files/recording.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "tests/io/jsonl_lines.h"

namespace tripline {
namespace {

namespace fs = std::filesystem;

fs::path FreshDir(const std::string& name) {
  fs::path dir = fs::path(::testing::TempDir()) / ("recording_test." + name);
  fs::remove_all(dir);
  return dir;
}

TEST(RecordingTest, RestartCutsBackToTheCheckpointAndSkipsWhatItHolds) {
  const fs::path dir = FreshDir("restart");
  RecordingOptions options;
  options.dir = dir.string();
  options.inputs = {"headlines", "prices"};
  {
    auto r = Recording::Open(options);
    ASSERT_TRUE(r.ok()) << r.status();
    for (int i = 0; i < 5; ++i)
      ASSERT_TRUE((*r)->Write(1, NumberedLine(i), "market.prices", 0, i).ok());
    ASSERT_TRUE((*r)->Write(0, NumberedLine(100), "news.headlines", 2, 7).ok());
    ASSERT_TRUE((*r)->Sync(std::chrono::steady_clock::now()).ok());
    // A crash after more lines reached the file but before their checkpoint: simulated by
    // writing them behind the recording's back.
    const std::vector<std::string> segments = (*r)->Segments(1);
    ASSERT_EQ(segments.size(), 1u);
    std::ofstream(segments[0], std::ios::app) << NumberedLine(5) << "\n" << NumberedLine(6) << "\n";
    std::ofstream((dir / "prices.000002.jsonl").string()) << NumberedLine(7) << "\n";
  }
  auto r = Recording::Open(options);
  ASSERT_TRUE(r.ok()) << r.status();
  // The uncheckpointed tail and the uncheckpointed segment are gone...
  EXPECT_EQ(ReadLines((*r)->Segments(1)),
            (std::vector<std::string>{NumberedLine(0), NumberedLine(1), NumberedLine(2),
                                      NumberedLine(3), NumberedLine(4)}));
  // ...and Kafka's redelivery of checkpointed messages (a commit lagging) is skipped.
  EXPECT_FALSE((*r)->IsNew("market.prices", 0, 4));
  EXPECT_TRUE((*r)->IsNew("market.prices", 0, 5));
  EXPECT_FALSE((*r)->IsNew("news.headlines", 2, 7));
  EXPECT_TRUE((*r)->IsNew("news.headlines", 2, 8));
  EXPECT_TRUE((*r)->IsNew("market.prices", 1, 0)) << "another partition";
  // The restart writes a new segment; replayed in name order the recording is in order.
  for (int i = 5; i < 8; ++i)
    ASSERT_TRUE((*r)->Write(1, NumberedLine(i), "market.prices", 0, i).ok());
  ASSERT_TRUE((*r)->Sync(std::chrono::steady_clock::now()).ok());
  ASSERT_TRUE((*r)->Close().ok());
  const std::vector<std::string> segments = (*r)->Segments(1);
  ASSERT_EQ(segments.size(), 2u);
  EXPECT_EQ(fs::path(segments[1]).filename(), "prices.000002.jsonl");
  std::vector<std::string> want;
  for (int i = 0; i < 8; ++i) want.push_back(NumberedLine(i));
  EXPECT_EQ(ReadLines(segments), want);
  EXPECT_EQ(ReadLines((*r)->Segments(0)), std::vector<std::string>{NumberedLine(100)});
}

TEST(RecordingTest, RotatesBySizeIntoCompressedSegments) {
  const fs::path dir = FreshDir("rotate");
  RecordingOptions options;
  options.dir = dir.string();
  options.inputs = {"prices"};
  options.zstd = true;
  options.rotate_bytes = 1;  // every sync that wrote something closes its segment
  auto r = Recording::Open(options);
  ASSERT_TRUE(r.ok()) << r.status();
  std::vector<std::string> want;
  for (int i = 0; i < 4; ++i) {
    ASSERT_TRUE((*r)->Write(0, NumberedLine(i), "market.prices", 0, i).ok());
    want.push_back(NumberedLine(i));
    ASSERT_TRUE((*r)->Sync(std::chrono::steady_clock::now()).ok());
  }
  ASSERT_TRUE((*r)->Close().ok());
  const std::vector<std::string> segments = (*r)->Segments(0);
  ASSERT_EQ(segments.size(), 4u);
  EXPECT_EQ(fs::path(segments[3]).filename(), "prices.000004.jsonl.zst");
  EXPECT_EQ(ReadLines(segments), want);
  // Rotated segments survive a restart whole.
  auto again = Recording::Open(options);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(ReadLines((*again)->Segments(0)), want);
}

TEST(RecordingTest, RotatesByAge) {
  const fs::path dir = FreshDir("age");
  RecordingOptions options;
  options.dir = dir.string();
  options.inputs = {"prices"};
  options.rotate_age = std::chrono::seconds(60);
  auto r = Recording::Open(options);
  ASSERT_TRUE(r.ok());
  const auto now = std::chrono::steady_clock::now();
  ASSERT_TRUE((*r)->Write(0, NumberedLine(0), "p", 0, 0).ok());
  ASSERT_TRUE((*r)->Sync(now).ok());
  ASSERT_TRUE((*r)->Write(0, NumberedLine(1), "p", 0, 1).ok());
  ASSERT_TRUE((*r)->Sync(now + std::chrono::seconds(61)).ok());
  ASSERT_TRUE((*r)->Write(0, NumberedLine(2), "p", 0, 2).ok());
  ASSERT_TRUE((*r)->Sync(now + std::chrono::seconds(62)).ok());
  EXPECT_EQ((*r)->Segments(0).size(), 2u);
  EXPECT_EQ(ReadLines((*r)->Segments(0)),
            (std::vector<std::string>{NumberedLine(0), NumberedLine(1), NumberedLine(2)}));
}

}  // namespace
}  // namespace tripline
