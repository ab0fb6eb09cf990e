#include "rules/pack_evaluation.h"

#include <simdjson.h>

#include <algorithm>
#include <fstream>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "rules/rule_checks.h"

namespace tripline {
namespace {

bool Same(const ExpectedSignal& e, const Signal& s) {
  return e.instrument == s.instrument && e.direction == s.direction;
}

bool BelongsTo(const Signal& s, const std::string& headline_id) {
  for (const HeadlineEvidence& h : s.headlines) {
    if (h.id == headline_id) return true;
  }
  return false;
}

// Whether `rule` could have emitted `e`: its direction, and the instrument in its reach.
bool CouldEmit(const Rule& rule, const ExpectedSignal& e) {
  return rule.direction == e.direction &&
         std::binary_search(rule.reach.begin(), rule.reach.end(), e.instrument);
}

}  // namespace

absl::StatusOr<std::vector<StoryLabel>> ReadLabels(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat(path, ": cannot open the labels file"));
  std::vector<StoryLabel> labels;
  simdjson::dom::parser parser;
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    auto fail = [&](std::string_view why) {
      return absl::InvalidArgumentError(absl::StrCat(path, ":", number, ": ", std::string(why)));
    };
    simdjson::dom::element doc;
    if (parser.parse(line).get(doc) != simdjson::SUCCESS) return fail("not a JSON object");
    StoryLabel label;
    label.line = number;
    std::string_view id;
    if (doc["headline_id"].get(id) != simdjson::SUCCESS || id.empty()) {
      return fail("needs \"headline_id\": a non-empty string");
    }
    label.headline_id = std::string(id);
    std::string_view family;
    if (doc["family"].get(family) == simdjson::SUCCESS) label.family = std::string(family);
    std::string_view template_family, split;
    if (doc["template_family"].get(template_family) == simdjson::SUCCESS) {
      label.template_family = std::string(template_family);
    }
    if (doc["split"].get(split) == simdjson::SUCCESS) label.split = std::string(split);
    simdjson::dom::array expect;
    if (doc["expect"].get(expect) != simdjson::SUCCESS) {
      return fail("needs \"expect\": a list (empty: nothing should fire)");
    }
    for (simdjson::dom::element e : expect) {
      ExpectedSignal x;
      std::string_view instrument, direction;
      if (e["instrument"].get(instrument) != simdjson::SUCCESS || instrument.empty() ||
          e["direction"].get(direction) != simdjson::SUCCESS ||
          !ParseDirection(direction, &x.direction)) {
        return fail(
            "each expected signal needs \"instrument\" and \"direction\" (long, short, watch)");
      }
      x.instrument = std::string(instrument);
      label.expect.push_back(std::move(x));
    }
    labels.push_back(std::move(label));
  }
  return labels;
}

std::string HeadlineLanguage(const SeenHeadline& h) {
  if (!h.lang.empty()) return h.lang;
  // Any character from U+2E80 up to U+9FFF (CJK radicals, punctuation, kana, ideographs) or
  // the compatibility and full-width forms: its UTF-8 lead byte is 0xE2 (from U+2E80) to 0xE9,
  // or 0xEF (U+F900 and up).
  for (size_t i = 0; i + 2 < h.text.size(); ++i) {
    const auto b = static_cast<unsigned char>(h.text[i]);
    const auto b1 = static_cast<unsigned char>(h.text[i + 1]);
    if ((b >= 0xE3 && b <= 0xE9) || (b == 0xE2 && b1 >= 0xBA) || (b == 0xEF && b1 >= 0xA4)) {
      return "zh";
    }
  }
  return "en";
}

EvalReport EvaluatePack(std::shared_ptr<const CompiledRules> rules,
                        const std::vector<StoryLabel>& labels, const std::vector<Signal>& signals,
                        const std::map<std::string, SeenHeadline>& headlines) {
  EvalReport report;
  report.stories = labels.size();
  for (const Rule& r : rules->rules()) report.by_rule[r.id];
  // Each signal is scored once, against the labels of the headlines it carries (the first, then
  // its confirmations): true when one of them expects it.
  std::map<std::string, const StoryLabel*> by_id;
  for (const StoryLabel& label : labels) by_id.emplace(label.headline_id, &label);
  // A labelled headline the streams did not carry has no language to be scored under.
  auto LanguageTally = [&](const std::string& id) -> Tally* {
    auto it = headlines.find(id);
    return it == headlines.end() ? nullptr : &report.by_language[HeadlineLanguage(it->second)];
  };
  for (const Signal& s : signals) {
    if (!s.retracts.empty()) {
      ++report.retractions;
      continue;
    }
    const StoryLabel* owner = nullptr;
    bool expected = false;
    for (const HeadlineEvidence& h : s.headlines) {
      auto it = by_id.find(h.id);
      if (it == by_id.end()) continue;
      if (owner == nullptr) owner = it->second;
      for (const ExpectedSignal& e : it->second->expect) expected |= Same(e, s);
    }
    Tally& rule = report.by_rule[s.rule];
    Tally* family = nullptr;
    Tally* wording = nullptr;
    Tally* language = nullptr;
    if (owner != nullptr) {
      family = &report.by_family[owner->family.empty() ? "(none)" : owner->family];
      if (!owner->template_family.empty()) wording = &report.by_template[owner->template_family];
      language = LanguageTally(owner->headline_id);
    }
    if (expected) {
      ++rule.true_signals;
      ++report.overall.true_signals;
      ++family->true_signals;
      if (wording != nullptr) ++wording->true_signals;
      if (language != nullptr) ++language->true_signals;
      continue;
    }
    ++rule.false_signals;
    ++report.overall.false_signals;
    if (family != nullptr) ++family->false_signals;
    if (wording != nullptr) ++wording->false_signals;
    if (language != nullptr) ++language->false_signals;
    report.false_alarms.push_back(EvalFalseAlarm{
        owner != nullptr ? owner->headline_id : (s.headlines.empty() ? "" : s.headlines[0].id),
        s.rule, s.instrument, s.direction, s.signal_id,
        (owner != nullptr ? "" : "(unlabelled) ") + s.explanation});
  }
  for (const StoryLabel& label : labels) {
    Tally& family = report.by_family[label.family.empty() ? "(none)" : label.family];
    if (!label.template_family.empty()) report.by_template[label.template_family];
    std::vector<size_t> mine;
    for (size_t i = 0; i < signals.size(); ++i) {
      if (BelongsTo(signals[i], label.headline_id)) mine.push_back(i);
    }
    auto seen = headlines.find(label.headline_id);
    Tally* language = LanguageTally(label.headline_id);
    for (const ExpectedSignal& e : label.expect) {
      const bool found =
          std::any_of(mine.begin(), mine.end(), [&](size_t i) { return Same(e, signals[i]); });
      if (found) {
        ++report.overall.found;
        ++family.found;
        if (!label.template_family.empty()) ++report.by_template[label.template_family].found;
        if (language != nullptr) ++language->found;
        continue;
      }
      ++report.overall.misses;
      ++family.misses;
      if (!label.template_family.empty()) ++report.by_template[label.template_family].misses;
      if (language != nullptr) ++language->misses;
      EvalMiss miss{label.headline_id, label.family, e, "", ""};
      if (seen == headlines.end()) {
        miss.reason = "the headline is not in the --headlines files";
      } else {
        miss.headline = seen->second.text;
        for (const RuleVerdict& v :
             ExplainHeadline(rules, seen->second.text, seen->second.source, std::nullopt)) {
          const Rule& rule = rules->rules()[rules->RuleIndex(v.rule)];
          if (!CouldEmit(rule, e)) continue;
          ++report.by_rule[rule.id].misses;
          absl::StrAppend(&miss.reason, miss.reason.empty() ? "" : "; ", rule.id, ": ");
          if (v.matched && rule.price.present) {
            absl::StrAppend(&miss.reason, "headline matched, no confirming move (", rule.price.text,
                            " within ", FormatDuration(rule.window), ")");
          } else if (v.matched) {
            absl::StrAppend(&miss.reason, "headline matched, signal folded (cooldown/novelty)");
          } else {
            absl::StrAppend(&miss.reason, v.reason);
          }
        }
        if (miss.reason.empty()) {
          miss.reason = absl::StrCat("no rule emits ", std::string(DirectionName(e.direction)), " ",
                                     e.instrument);
        }
      }
      report.misses.push_back(std::move(miss));
    }
  }
  for (auto& [id, t] : report.by_rule) t.found = t.true_signals;
  return report;
}

}  // namespace tripline
