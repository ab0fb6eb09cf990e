// The price windows of the watched instruments (core/price_book.cc).
#include "core/price_book.h"

#include <gtest/gtest.h>

namespace tripline {
namespace {

constexpr EventTime kMin = kNanosPerMinute;

TEST(PriceBookTest, UnwatchedSymbolsAreIgnored) {
  PriceBook book({60 * kMin});
  book.Watch("NVDA");
  book.Watch("NVDA");
  EXPECT_EQ(book.watched(), 1u);
  PriceTick t{.sym = "AAPL", .ts = 0, .price = 10};
  EXPECT_EQ(book.Update(t), nullptr);
  t.sym = "NVDA";
  PriceWindow* w = book.Update(t);
  ASSERT_NE(w, nullptr);
  EXPECT_DOUBLE_EQ(w->last_price(), 10.0);
  EXPECT_EQ(PriceBook::WindowIndex(book.windows(), 60 * kMin), 0);
  EXPECT_EQ(PriceBook::WindowIndex(book.windows(), kMin), -1);
}

}  // namespace
}  // namespace tripline
