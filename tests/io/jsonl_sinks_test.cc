// io/files/jsonl_sinks.cc: JsonlWriter (append, zstd frames, errors) and the signal and
// dead-letter file sinks' lines.
#include "io/files/jsonl_sinks.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "io/codec/signal_encoder.h"
#include "tests/io/jsonl_lines.h"
#include "tests/testing/files.h"

namespace tripline {
namespace {

namespace fs = std::filesystem;

TEST(JsonlWriterTest, AppendKeepsWhatWasThere) {
  const std::string path = testing::FreshTempDir("jsonl_sinks", "append") + "/a.jsonl";
  for (int run = 0; run < 2; ++run) {
    auto w = JsonlWriter::Open(path, JsonlWriter::Mode::kAppend);
    ASSERT_TRUE(w.ok());
    (*w)->WriteLine(NumberedLine(run));
    ASSERT_TRUE((*w)->Sync().ok());
    EXPECT_EQ((*w)->bytes(), fs::file_size(path));
    ASSERT_TRUE((*w)->Close().ok());
  }
  EXPECT_EQ(ReadLines({path}), (std::vector<std::string>{NumberedLine(0), NumberedLine(1)}));
}

TEST(JsonlWriterTest, ZstdFramesEndAtEverySyncAndReadBackWhole) {
  const std::string path = testing::FreshTempDir("jsonl_sinks", "zstd") + "/a.jsonl.zst";
  auto w = JsonlWriter::Open(path);
  ASSERT_TRUE(w.ok());
  std::vector<std::string> want;
  for (int i = 0; i < 300; ++i) {
    (*w)->WriteLine(NumberedLine(i));
    want.push_back(NumberedLine(i));
    if (i % 100 == 99) {
      ASSERT_TRUE((*w)->Sync().ok());
      // What is on disk at a sync is a complete zstd stream.
      EXPECT_EQ(ReadLines({path}).size(), static_cast<size_t>(i + 1));
    }
  }
  ASSERT_TRUE((*w)->Close().ok());
  EXPECT_EQ(ReadLines({path}), want);
  EXPECT_LT(fs::file_size(path), 300u * 8) << "compressed";
}

TEST(JsonlWriterTest, OpenNamesAPathThatCannotBeWrittenAndAClosedWriterRefusesToSync) {
  const std::string dir = testing::FreshTempDir("jsonl_sinks", "errors");
  auto missing = JsonlWriter::Open(dir + "/no/such/dir/a.jsonl");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(missing.status().message(),
            dir + "/no/such/dir/a.jsonl: cannot open for writing: No such file or directory");
  auto w = JsonlWriter::Open(dir + "/a.jsonl");
  ASSERT_TRUE(w.ok());
  (*w)->WriteLine("x");
  EXPECT_EQ((*w)->lines(), 1u);
  ASSERT_TRUE((*w)->Close().ok());
  EXPECT_TRUE((*w)->Close().ok()) << "closing twice is harmless";
  const absl::Status sync = (*w)->Sync();
  EXPECT_EQ(sync.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(sync.message(), dir + "/a.jsonl: closed");
  EXPECT_EQ(testing::ReadFile(dir + "/a.jsonl"), "x\n");
}

TEST(JsonlSinksTest, EachSignalAndDeadLetterIsOneLineInItsMessageFormat) {
  const std::string dir = testing::FreshTempDir("jsonl_sinks", "sinks");
  auto signals = JsonlWriter::Open(dir + "/signals.jsonl");
  auto letters = JsonlWriter::Open(dir + "/dlq.jsonl");
  ASSERT_TRUE(signals.ok() && letters.ok());
  SignalFileSink signal_sink(signals->get());
  DeadLetterFileSink letter_sink(letters->get());
  Signal a;
  a.signal_id = "aaaa";
  a.rule = "r";
  a.instrument = "NVDA";
  a.direction = Direction::kShort;
  Signal b = a;
  b.signal_id = "bbbb";
  b.retracts = "aaaa";
  signal_sink.Emit(a);
  signal_sink.Emit(b);
  letter_sink.Put(DeadLetter{"out_of_range:price", "field 'price' is out of range",
                             "prices.jsonl:12", R"({"sym":"A","price":-1})"});
  ASSERT_TRUE((*signals)->Close().ok());
  ASSERT_TRUE((*letters)->Close().ok());
  std::string want_a, want_b;
  AppendSignalJson(a, &want_a);
  AppendSignalJson(b, &want_b);
  EXPECT_EQ(testing::ReadFile(dir + "/signals.jsonl"), want_a + "\n" + want_b + "\n");
  EXPECT_EQ(testing::ReadFile(dir + "/dlq.jsonl"),
            R"({"code":"out_of_range:price","message":"field 'price' is out of range",)"
            R"("origin":"prices.jsonl:12","payload":"{\"sym\":\"A\",\"price\":-1}"})"
            "\n");
}

}  // namespace
}  // namespace tripline
