#include "app/evaluation/pack_comparison.h"

#include <cmath>
#include <deque>
#include <limits>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace tripline::evaluation {
namespace {

std::string PairKey(const SignalOutcome& o) {
  std::string key = absl::StrCat(o.rule, "\x1f", o.instrument, "\x1f");
  if (!o.headlines.empty()) {
    absl::StrAppend(&key, o.headlines.front().id);
  } else {
    absl::StrAppend(&key, "@", o.signal_ts);
  }
  return key;
}

}  // namespace

PackComparison ComparePacks(const ForwardReturnTracker& tracker, const PackSummary& a,
                            const PackSummary& b) {
  PackComparison c;
  std::map<std::string, std::deque<const SignalOutcome*>> b_by_key;
  for (const SignalOutcome& o : tracker.outcomes()) {
    if (o.pack == 1) b_by_key[PairKey(o)].push_back(&o);
  }
  for (const SignalOutcome& o : tracker.outcomes()) {
    if (o.pack != 0) continue;
    auto it = b_by_key.find(PairKey(o));
    if (it == b_by_key.end() || it->second.empty()) {
      c.only_a.push_back(&o);
      continue;
    }
    const SignalOutcome* other = it->second.front();
    it->second.pop_front();
    std::string what;
    auto add = [&what](const std::string& part) {
      if (!what.empty()) what += "; ";
      what += part;
    };
    if (std::abs(o.score - other->score) > 1e-9) {
      add(absl::StrFormat("score %.2f -> %.2f", other->score, o.score));
    }
    if (o.count != other->count) add(absl::StrCat("count ", other->count, " -> ", o.count));
    if (o.evidence != other->evidence) add("evidence");
    if (o.direction != other->direction) {
      add(absl::StrCat("direction ", std::string(DirectionName(other->direction)), " -> ",
                       std::string(DirectionName(o.direction))));
    }
    if (what.empty()) {
      ++c.unchanged;
    } else {
      c.changed.push_back(SignalChange{&o, other, std::move(what)});
    }
  }
  for (const SignalOutcome& o : tracker.outcomes()) {
    if (o.pack != 1) continue;
    // What pairing left over, in signal order.
    auto it = b_by_key.find(PairKey(o));
    if (it == b_by_key.end()) continue;
    for (const SignalOutcome* left : it->second) {
      if (left == &o) c.only_b.push_back(&o);
    }
  }
  for (size_t h = 0; h < a.overall.horizons.size(); ++h) {
    const ReturnStats& sa = a.overall.horizons[h].signals;
    const ReturnStats& sb = b.overall.horizons[h].signals;
    if (sa.n == 0 || sb.n == 0) {
      c.hit_rate_change.push_back(std::numeric_limits<double>::quiet_NaN());
      continue;
    }
    c.hit_rate_change.push_back(sa.hit_rate - sb.hit_rate);
    if (sa.hit_rate < sb.hit_rate) c.worse = true;
  }
  return c;
}

}  // namespace tripline::evaluation
