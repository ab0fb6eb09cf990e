#include "core/events.h"

namespace tripline {

std::string_view PriceKindName(PriceKind kind) {
  switch (kind) {
    case PriceKind::kTrade:
      return "trade";
    case PriceKind::kQuote:
      return "quote";
    case PriceKind::kClose:
      return "close";
  }
  return "trade";
}

}  // namespace tripline
