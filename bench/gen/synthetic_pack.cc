#include "bench/gen/synthetic_pack.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace tripline::gen {

std::string SyntheticPackYaml(int rules) {
  std::string y =
      "entities:\n  nvidia: {instruments: [NVDA], names: [Nvidia, H20]}\n"
      "  amd: {instruments: [AMD], names: [AMD]}\nlists:\n";
  const int lists = std::max(1, rules / 50);
  for (int l = 0; l < lists; ++l) {
    absl::StrAppend(&y, "  l", l, ": [shared", l, " term, Beijing", l, ", urges", l, "]\n");
  }
  y += "  gov: [Beijing, MIIT]\nrules:\n";
  for (int i = 0; i < rules; ++i) {
    absl::StrAppend(
        &y, "  - id: r", i, "\n    headline: (any(l", i % lists, ") or any(gov)) and \"uniq", i,
        " phrase\" and mentions(nvidia)\n",
        "    price: move(NVDA, 60m) <= -3%\n    emit: {instrument: NVDA, direction: short}\n");
  }
  return y;
}

}  // namespace tripline::gen
