#include "rules/condition_functions.h"

#include <algorithm>

#include "rules/phrase_scanner.h"

namespace tripline {
namespace {

bool InGroup(const std::vector<uint32_t>& group, uint32_t phrase) {
  return std::binary_search(group.begin(), group.end(), phrase);
}

// near(A, B, N): a hit of A and a hit of B, in either order, with at most N words between
// them (overlapping hits are 0 apart). N defaults to 5.
bool Near(const CondNode& call, const PhraseScanner& scan, bool negation) {
  const int limit = call.numbers.empty() ? 5 : call.numbers[0];
  for (const PhraseHit& a : scan.hits()) {
    if ((negation && a.negated) || !InGroup(call.groups[0], a.phrase)) continue;
    for (const PhraseHit& b : scan.hits()) {
      if ((negation && b.negated) || !InGroup(call.groups[1], b.phrase)) continue;
      int between = 0;
      if (a.to <= b.from) {
        between = scan.WordsBetween(a.to, b.from);
      } else if (b.to <= a.from) {
        between = scan.WordsBetween(b.to, a.from);
      }
      if (between <= limit) return true;
    }
  }
  return false;
}

// before(A, B): a hit of A that ends before a hit of B starts.
bool Before(const CondNode& call, const PhraseScanner& scan, bool negation) {
  for (const PhraseHit& a : scan.hits()) {
    if ((negation && a.negated) || !InGroup(call.groups[0], a.phrase)) continue;
    for (const PhraseHit& b : scan.hits()) {
      if ((negation && b.negated) || !InGroup(call.groups[1], b.phrase)) continue;
      if (a.to <= b.from) return true;
    }
  }
  return false;
}

constexpr ConditionFunction kConditionFunctions[] = {
    {"near", "ppn?", "near(A, B[, N])", &Near},
    {"before", "pp", "before(A, B)", &Before},
};

}  // namespace

const ConditionFunction* FindConditionFunction(std::string_view name, int* index) {
  for (size_t i = 0; i < std::size(kConditionFunctions); ++i) {
    if (kConditionFunctions[i].name == name) {
      if (index != nullptr) *index = static_cast<int>(i);
      return &kConditionFunctions[i];
    }
  }
  return nullptr;
}

const ConditionFunction& ConditionFunctionAt(int index) {
  return kConditionFunctions[static_cast<size_t>(index)];
}

std::string ConditionFunctionUsages() {
  std::string out;
  for (const ConditionFunction& f : kConditionFunctions) {
    if (!out.empty()) out += ", ";
    out += f.usage;
  }
  return out;
}

}  // namespace tripline
