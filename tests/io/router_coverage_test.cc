// RouterCoverage: the caught-up marker's text both ways, and what it covers.
#include "io/kafka/router_coverage.h"

#include <gtest/gtest.h>

#include <string>

namespace tripline {
namespace {

TEST(RouterCoverageTest, TextRoundTripsAndCoversStrictlyBelowTheEnds) {
  RouterCoverage c;
  c.prices_end = {4, 0, 9};
  c.input_end = {-1, 17};
  std::string text;
  c.AppendText(&text);
  EXPECT_EQ(text, "prices=4,0,9;input=-1,17");
  RouterCoverage read;
  ASSERT_TRUE(read.Parse(text));
  EXPECT_EQ(read, c);
  EXPECT_TRUE(read.CoversPrice(0, 3));
  EXPECT_FALSE(read.CoversPrice(0, 4)) << "appended after the router looked";
  EXPECT_FALSE(read.CoversPrice(1, 0));
  EXPECT_FALSE(read.CoversPrice(3, 0)) << "a partition the router did not know";
  EXPECT_TRUE(read.CoversHeadline(1, 16));
  EXPECT_FALSE(read.CoversHeadline(1, 17));
  EXPECT_FALSE(read.CoversHeadline(0, 0)) << "not that router's input partition";
  EXPECT_FALSE(read.CoversHeadline(1, -1)) << "a copy without a known origin";
}

// An older router's marker (empty header) or a garbled one vouches for nothing.
TEST(RouterCoverageTest, WhatIsNotTheTextCoversNothing) {
  for (const char* bad : {"", "prices=;input=1", "prices=1", "prices=1;input=x", "input=1;prices=1",
                          "prices=1,;input=2"}) {
    RouterCoverage c;
    c.prices_end = {5};
    EXPECT_FALSE(c.Parse(bad)) << bad;
    EXPECT_FALSE(c.CoversPrice(0, 0)) << bad;
  }
}

}  // namespace
}  // namespace tripline
