#include "rules/rule_loader_collector.h"

#include <algorithm>
#include <cctype>
#include "absl/strings/ascii.h"

namespace tripline {

const RulePart* CollectedRule::Get(const std::string& key) const {
  auto it = keys.find(key);
  return it == keys.end() || it->second.empty() ? nullptr : &it->second.back();
}

const std::vector<RulePart>& CollectedRule::All(const std::string& key) const {
  static const std::vector<RulePart> kNone;
  auto it = keys.find(key);
  return it == keys.end() ? kNone : it->second;
}

namespace {

bool IsRuleKey(std::string_view key) {
  return std::find(std::begin(kRuleKeys), std::end(kRuleKeys), key) != std::end(kRuleKeys);
}

bool IsAppendable(std::string_view key) {
  return std::find(std::begin(kAppendableRuleKeys), std::end(kAppendableRuleKeys), key) !=
         std::end(kAppendableRuleKeys);
}

std::string RuleKeyList() {
  std::string list;
  for (std::string_view k : kRuleKeys) {
    if (k == "id") continue;
    list += list.empty() ? "" : ", ";
    list += k;
  }
  return list;
}

void Duplicate(const PackItem& item, const SourceLocation& first, std::string_view expected,
               LoadContext* ctx) {
  ctx->Error(item.loc, "duplicate",
             std::string(ItemKindName(item.kind)) + " '" + item.name + "' is already defined at " +
                 LocationText(first),
             std::string(expected));
}

void AddRule(const PackItem& item, CollectedPack* pack, LoadContext* ctx) {
  const SourceFile& f = *item.file;
  ctx->KnownKeys(f, item.node, "rule '" + item.name + "'", kRuleKeys);
  CollectedRule rule;
  rule.id = item.name;
  rule.loc = item.loc;
  rule.file = &f;
  for (const auto& kv : item.node) {
    const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : "";
    if (key == "id" || !IsRuleKey(key)) continue;
    rule.keys[key].push_back(RulePart{&f, kv.second});
  }
  auto [it, fresh] = pack->rules.try_emplace(item.name, std::move(rule));
  if (!fresh) Duplicate(item, it->second.loc, "a unique rule id", ctx);
}

void ApplyOverride(const PackItem& item, CollectedPack* pack, LoadContext* ctx) {
  const SourceFile& f = *item.file;
  const std::string what = "override of rule '" + item.name + "'";
  ctx->KnownKeys(f, item.node, what, {"override", "append", "replace"});
  auto it = pack->rules.find(item.name);
  if (it == pack->rules.end()) {
    ctx->Error(item.loc, "undefined-rule",
               "override of rule '" + item.name + "', which no file of the pack defines",
               "the id of a rule defined in any file of the pack");
    return;
  }
  CollectedRule& rule = it->second;
  const YAML::Node replace = item.node["replace"];
  const YAML::Node append = item.node["append"];
  if (!replace && !append) {
    ctx->Error(item.loc, "bad-override", what + " changes nothing",
               "replace: {key: value} or append: {key: value}");
    return;
  }
  if (replace && ctx->Expect(f, replace, YAML::NodeType::Map, "replace",
                             "a map of rule key to its new value")) {
    for (const auto& kv : replace) {
      const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : "";
      const SourceLocation loc = LoadContext::Loc(f, kv.first);
      if (key == "id") {
        ctx->Error(loc, "bad-override", what + " cannot change the rule's id",
                   "a new rule for a new id");
      } else if (!IsRuleKey(key)) {
        ctx->Error(loc, "unknown-key", "unknown key '" + key + "' in " + what,
                   "one of " + RuleKeyList());
      } else {
        rule.keys[key] = {RulePart{&f, kv.second}};
      }
    }
  }
  if (append && ctx->Expect(f, append, YAML::NodeType::Map, "append",
                            "a map of rule key to the values to add")) {
    for (const auto& kv : append) {
      const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : "";
      const SourceLocation loc = LoadContext::Loc(f, kv.first);
      if (IsAppendable(key)) {
        rule.keys[key].push_back(RulePart{&f, kv.second});
      } else if (IsRuleKey(key)) {
        ctx->Error(loc, "bad-override", what + ": '" + key + "' takes one value",
                   "append to headline, exceptions, tests or beneficiaries; replace '" + key + "'");
      } else {
        ctx->Error(loc, "unknown-key", "unknown key '" + key + "' in " + what,
                   "one of headline, exceptions, tests, beneficiaries");
      }
    }
  }
  rule.override_files.push_back(&f);
}

void AddSource(const PackItem& item, CollectedPack* pack, LoadContext* ctx) {
  double w;
  if (!ctx->Number(*item.file, item.node, "source weight", &w)) return;
  if (w < 0 || w > 1) {
    ctx->Error(LoadContext::Loc(*item.file, item.node), "bad-value", "source weight out of range",
               "0 to 1");
    return;
  }
  auto [it, fresh] = pack->sources.try_emplace(absl::AsciiStrToLower(item.name), w, item.loc);
  if (!fresh) {
    ctx->Error(
        item.loc, "duplicate",
        "source '" + item.name + "' is already weighted at " + LocationText(it->second.second),
        "one weight per source");
  }
}

void AddNegationDistance(const PackItem& item, CollectedPack* pack, LoadContext* ctx) {
  double d;
  if (!ctx->Number(*item.file, item.node, "negation_distance", &d)) return;
  if (d < 0 || d > 50 || d != static_cast<int>(d)) {
    ctx->Error(item.loc, "bad-value", "negation_distance out of range", "a whole number 0..50");
    return;
  }
  if (pack->negation_distance) {
    ctx->Error(
        item.loc, "duplicate",
        "negation_distance is already set at " + LocationText(pack->negation_distance->second),
        "one setting per pack");
    return;
  }
  pack->negation_distance = std::make_pair(static_cast<int>(d), item.loc);
}

void AddCues(const PackItem& item, std::vector<std::pair<std::string, SourceLocation>>* cues,
             LoadContext* ctx) {
  std::vector<std::string> texts;
  std::vector<SourceLocation> locs;
  ctx->StringList(*item.file, item.node, item.name, &texts, &locs);
  for (size_t i = 0; i < texts.size(); ++i) cues->emplace_back(texts[i], locs[i]);
}

}  // namespace

CollectedPack Collect(const std::vector<PackItem>& items, LoadContext* ctx) {
  CollectedPack pack;
  // Definitions first, so an override may come before the rule it changes.
  for (const PackItem& item : items) {
    ctx->set_current_path(item.file->path);
    std::map<std::string, PackItem>* named = nullptr;
    switch (item.kind) {
      case ItemKind::kEntity:
        named = &pack.entities;
        break;
      case ItemKind::kClass:
        named = &pack.classes;
        break;
      case ItemKind::kList:
        named = &pack.lists;
        break;
      case ItemKind::kMacro:
        named = &pack.macros;
        break;
      case ItemKind::kRule:
        AddRule(item, &pack, ctx);
        break;
      case ItemKind::kOverride:
        break;
      case ItemKind::kSource:
        AddSource(item, &pack, ctx);
        break;
      case ItemKind::kNegationCues:
        AddCues(item, &pack.negation_cues, ctx);
        break;
      case ItemKind::kRetractionCues:
        AddCues(item, &pack.retraction_cues, ctx);
        break;
      case ItemKind::kNegationDistance:
        AddNegationDistance(item, &pack, ctx);
        break;
    }
    if (named == nullptr) continue;
    auto [it, fresh] = named->try_emplace(item.name, item);
    if (!fresh) Duplicate(item, it->second.loc, "one definition per name", ctx);
  }
  // A class may not take an entity's name: mentions(NAME) would be ambiguous.
  for (auto it = pack.classes.begin(); it != pack.classes.end();) {
    auto e = pack.entities.find(it->first);
    if (e == pack.entities.end()) {
      ++it;
      continue;
    }
    ctx->Error(
        it->second.loc, "duplicate",
        "class '" + it->first + "' has the name of the entity at " + LocationText(e->second.loc),
        "distinct names for classes and entities");
    it = pack.classes.erase(it);
  }
  for (const PackItem& item : items) {
    if (item.kind != ItemKind::kOverride) continue;
    ctx->set_current_path(item.file->path);
    ApplyOverride(item, &pack, ctx);
  }
  return pack;
}

}  // namespace tripline
