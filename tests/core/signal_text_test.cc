// A signal as one line of text (core/signal_text.cc), as `tail` and `demo` print it.
#include "core/signal_text.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/io/sample_signal.h"

namespace tripline::testing {
namespace {

using ::testing::HasSubstr;

TEST(SignalTextTest, PlainAndColouredLinesShareTheirColumns) {
  Signal s = SampleSignal();
  std::string plain;
  AppendSignalText(s, false, &plain);
  EXPECT_EQ(plain,
            "  SIGNAL 2024-09-27T14:06:00Z  short NVDA       score 0.85  high     rule "
            "china-chip-guidance\n         NVDA -3.9% in 60m after headline n-1\n");
  std::string coloured;
  AppendSignalText(s, true, &coloured);
  EXPECT_THAT(coloured, HasSubstr("\x1b[31mshort\x1b[0m"));
  // Without the escape sequences it is the plain text.
  std::string stripped;
  for (size_t i = 0; i < coloured.size(); ++i) {
    if (coloured[i] == '\x1b') {
      i = coloured.find('m', i);
    } else {
      stripped.push_back(coloured[i]);
    }
  }
  EXPECT_EQ(stripped, plain);

  s.retracts = "9f2c41d0a7b3e5f1";
  std::string retraction;
  AppendSignalText(s, false, &retraction);
  EXPECT_THAT(retraction, HasSubstr("  RETRACT 2024-09-27T14:06:00Z  short NVDA"));
  EXPECT_THAT(retraction, HasSubstr("withdraws 9f2c41d0a7b3e5f1: NVDA -3.9%"));
}

}  // namespace
}  // namespace tripline::testing
