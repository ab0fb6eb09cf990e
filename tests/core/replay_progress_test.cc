// core/replay_progress.cc: the progress line on a terminal, and its silence elsewhere.
#include "core/replay_progress.h"

#include <gtest/gtest.h>

#include <unistd.h>
#include <cstdint>
#include <cstdio>
#include <string>

namespace tripline {
namespace {

TEST(ReplayProgressTest, SilentWhenStderrIsNotATerminal) {
  // Point stderr at a file for the check, as CI and pipes do.
  FILE* tmp = std::tmpfile();
  ASSERT_NE(tmp, nullptr);
  std::fflush(stderr);
  const int saved = dup(fileno(stderr));
  ASSERT_GE(dup2(fileno(tmp), fileno(stderr)), 0);
  ReplayProgress progress = ReplayProgress::ForStderr(1000);
  for (int i = 0; i < 200000; ++i) progress.OnEvent([] { return uint64_t{500}; });
  progress.Finish(1000);
  std::fflush(stderr);
  dup2(saved, fileno(stderr));
  close(saved);
  EXPECT_FALSE(progress.enabled());
  EXPECT_EQ(std::ftell(tmp), 0);
  std::fclose(tmp);
}

TEST(ReplayProgressTest, PrintsPercentRateAndEtaWhenEnabled) {
  EXPECT_EQ(ReplayProgress::FormatLine(0.25, 2.5e6, 75), " 25.0%  2.50 M events/s  ETA 1:15");
  EXPECT_EQ(ReplayProgress::FormatLine(0, 0, -1), "  0.0%  0.00 M events/s  ETA --:--");
  FILE* tmp = std::tmpfile();
  ReplayProgress progress(tmp, true, 1000);
  for (int i = 0; i < 70000; ++i) progress.OnEvent([] { return uint64_t{500}; });
  progress.Finish(1000);
  std::rewind(tmp);
  char buf[256] = {};
  const size_t n = std::fread(buf, 1, sizeof buf - 1, tmp);
  const std::string text(buf, n);
  EXPECT_NE(text.find("100.0%"), std::string::npos) << text;
  EXPECT_EQ(text.back(), '\n');
  std::fclose(tmp);
}

}  // namespace
}  // namespace tripline
