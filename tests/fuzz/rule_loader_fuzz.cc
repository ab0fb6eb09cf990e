// libFuzzer target for the rule loader: any bytes given to LoadRulesFromString must produce a
// rule set or an error, never a crash, hang or sanitizer report. A pack that loads is also
// scanned once, so compiled databases and condition trees are exercised too.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "rules/phrase_scanner.h"
#include "rules/rule_loader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 64 * 1024) return 0;
  std::string_view yaml(reinterpret_cast<const char*>(data), size);
  auto rules = tripline::LoadRulesFromString(yaml, "fuzz.yaml");
  if (!rules.ok()) return 0;
  tripline::PhraseScanner scanner(*rules);
  scanner.Scan("Beijing urges firms to avoid Nvidia H20 chips in informal guidance");
  for (const tripline::Rule& r : (*rules)->rules()) {
    if (!r.headline.empty()) scanner.Evaluate(r.headline, r.headline.root, "Reuters", true);
  }
  return 0;
}
