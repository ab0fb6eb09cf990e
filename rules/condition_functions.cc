#include "rules/condition_functions.h"

#include <algorithm>

#include "rules/phrase_scanner.h"

namespace tripline {
namespace {

bool InGroup(const std::vector<uint32_t>& group, uint32_t phrase) {
  return std::binary_search(group.begin(), group.end(), phrase);
}

bool Hit(const PhraseScanner& scan, uint32_t phrase, bool negation) {
  return negation ? scan.affirmed(phrase) : scan.matched(phrase);
}

// any(LIST), phrase("..."): a phrase of the group matched.
bool AnyOf(const CondNode& call, const PhraseScanner& scan, bool negation) {
  return scan.AnyOf(call.groups[0], negation);
}

// all(LIST): every phrase of the group matched.
bool AllOf(const CondNode& call, const PhraseScanner& scan, bool negation) {
  for (uint32_t p : call.groups[0]) {
    if (!Hit(scan, p, negation)) return false;
  }
  return true;
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
    {"any", "l", "any(LIST)", "any phrase of the list", &AnyOf},
    {"all", "l", "all(LIST)", "every phrase of the list", &AllOf, /*needs_every_phrase=*/true},
    {"phrase", "s", "phrase(STRING)", "one phrase; a bare STRING is the same", &AnyOf},
    {"near", "ppn?", "near(A, B[, N])",
     "a hit of A and a hit of B, in either order, at most N words apart (default 5)", &Near},
    {"before", "pp", "before(A, B)", "a hit of A that ends before a hit of B starts", &Before},
    {"actor", "l", "actor(KIND)",
     "who acts is of this kind: any phrase of the actors lexicon's list KIND (china_state, "
     "china_state_media, china_industry_bodies, china_implicit, us_state...)",
     &AnyOf, false, "actors"},
    {"action", "l", "action(KIND)",
     "what is done is of this kind: any phrase of the actions lexicon's list KIND (restrict, "
     "discourage, investigate, penalise, ease, promote, stockpile), in any of its forms",
     &AnyOf, false, "actions"},
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

std::string RoleListName(int function, const std::string& list) {
  const ConditionFunction& f = kConditionFunctions[static_cast<size_t>(function)];
  if (f.role_lexicon.empty() || list.find('.') != std::string::npos) return list;
  return std::string(f.role_lexicon) + "." + list;
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

std::string ConditionFunctionTable() {
  std::string out = "| function | holds when |\n|---|---|\n";
  for (const ConditionFunction& f : kConditionFunctions) {
    out += "| `" + std::string(f.usage) + "` | " + std::string(f.doc) + " |\n";
  }
  return out;
}

}  // namespace tripline
