#include "core/event_time.h"

#include <gtest/gtest.h>

namespace tripline {
namespace {

EventTime Parse(std::string_view s) {
  EventTime t = -1;
  EXPECT_TRUE(ParseRfc3339(s, &t)) << s;
  return t;
}

TEST(EventTimeTest, ParsesUtcSeconds) {
  EXPECT_EQ(Parse("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(Parse("2024-09-27T14:05:00Z"), 1727445900LL * kNanosPerSecond);
}

TEST(EventTimeTest, ParsesFractionAndOffsets) {
  const EventTime base = 1727445900LL * kNanosPerSecond;
  EXPECT_EQ(Parse("2024-09-27T14:05:00.5Z"), base + 500'000'000);
  EXPECT_EQ(Parse("2024-09-27T14:05:00.123456789Z"), base + 123'456'789);
  // Digits past nanoseconds are truncated, not rounded.
  EXPECT_EQ(Parse("2024-09-27T14:05:00.1234567899Z"), base + 123'456'789);
  EXPECT_EQ(Parse("2024-09-27T22:05:00+08:00"), base);
  EXPECT_EQ(Parse("2024-09-27T09:35:00-04:30"), base);
  EXPECT_EQ(Parse("2024-09-27t14:05:00z"), base);
  EXPECT_EQ(Parse("2024-09-27 14:05:00Z"), base);
}

TEST(EventTimeTest, HandlesLeapYearsAndPreEpoch) {
  EXPECT_EQ(Parse("2024-02-29T00:00:00Z"), 1709164800LL * kNanosPerSecond);
  EXPECT_EQ(Parse("1969-12-31T23:59:59Z"), -kNanosPerSecond);
  EventTime t;
  EXPECT_FALSE(ParseRfc3339("2023-02-29T00:00:00Z", &t));
}

TEST(EventTimeTest, RejectsMalformed) {
  EventTime t = 42;
  for (std::string_view bad :
       {"", "2024-09-27", "2024-09-27T14:05:00", "2024-09-27T14:05Z", "2024-13-01T00:00:00Z",
        "2024-09-31T00:00:00Z", "2024-09-27T24:00:00Z", "2024-09-27T14:05:00.Z",
        "2024-09-27T14:05:00+0800", "2024-09-27T14:05:00Zjunk", "24-09-27T14:05:00Z",
        "2024-09-27T14:05:00+24:00"}) {
    EXPECT_FALSE(ParseRfc3339(bad, &t)) << bad;
  }
  EXPECT_EQ(t, 42) << "failed parses must not write the output";
}

TEST(EventTimeTest, FormatRoundTrips) {
  for (std::string_view s : {"2024-09-27T14:05:00Z", "2024-09-27T14:05:00.5Z",
                             "1969-12-31T23:59:59.999999999Z", "2000-02-29T23:59:59.000000001Z"}) {
    EXPECT_EQ(FormatRfc3339(Parse(s)), s);
  }
}

TEST(EventTimeTest, Durations) {
  EventTime d;
  ASSERT_TRUE(ParseDuration("60m", &d));
  EXPECT_EQ(d, kNanosPerHour);
  ASSERT_TRUE(ParseDuration("2h30m", &d));
  EXPECT_EQ(d, 150 * kNanosPerMinute);
  ASSERT_TRUE(ParseDuration("500ms", &d));
  EXPECT_EQ(d, 500'000'000);
  EXPECT_FALSE(ParseDuration("", &d));
  EXPECT_FALSE(ParseDuration("60", &d));
  EXPECT_FALSE(ParseDuration("-5m", &d));
  EXPECT_FALSE(ParseDuration("5x", &d));
  EXPECT_EQ(FormatDuration(kNanosPerHour), "1h");
  EXPECT_EQ(FormatDuration(90 * kNanosPerSecond), "90s");
}

}  // namespace
}  // namespace tripline
