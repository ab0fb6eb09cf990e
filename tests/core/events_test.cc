// The event types' names (core/events.cc): what `inspect` and the codecs print for a price's kind.
#include "core/events.h"

#include <gtest/gtest.h>

namespace tripline {
namespace {

TEST(EventsTest, PriceKindNames) {
  EXPECT_EQ(PriceKindName(PriceKind::kTrade), "trade");
  EXPECT_EQ(PriceKindName(PriceKind::kQuote), "quote");
  EXPECT_EQ(PriceKindName(PriceKind::kClose), "close");
}

TEST(EventsTest, AnEventIsOrderedByItsOwnKindsTimes) {
  Event e;
  e.kind = EventKind::kHeadline;
  e.headline.ts = 10;
  e.price.ts = 99;
  EXPECT_EQ(e.ts(), 10);
  e.kind = EventKind::kPrice;
  EXPECT_EQ(e.ts(), 99);
}

}  // namespace
}  // namespace tripline
