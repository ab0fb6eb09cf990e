#include "app/evaluation/costs.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace tripline::evaluation {

double Costs::SideFraction(std::string_view instrument) const {
  auto it = per_instrument_bp.find(std::string(instrument));
  return (it == per_instrument_bp.end() ? default_bp : it->second) / 1e4;
}

absl::StatusOr<Costs> ParseCosts(std::string_view text) {
  Costs c;
  for (absl::string_view item : absl::StrSplit(absl::string_view(text.data(), text.size()), ',')) {
    item = absl::StripAsciiWhitespace(item);
    const size_t eq = item.find('=');
    const absl::string_view name = eq == absl::string_view::npos ? "" : item.substr(0, eq);
    const absl::string_view value = eq == absl::string_view::npos ? item : item.substr(eq + 1);
    double bp = 0;
    if (!absl::SimpleAtod(value, &bp) || !(bp >= 0) || !std::isfinite(bp) ||
        (eq != absl::string_view::npos && name.empty())) {
      return absl::InvalidArgumentError(
          absl::StrCat("--cost-bp: '", item,
                       "' is neither a cost in bp per side (5) nor INSTRUMENT=BP (0981.HK=12)"));
    }
    if (name.empty()) {
      c.default_bp = bp;
    } else {
      c.per_instrument_bp[std::string(name)] = bp;
    }
  }
  return c;
}

}  // namespace tripline::evaluation
