#include "app/api/rules_report.h"

#include <string_view>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "core/event_time.h"
#include "io/codec/json_writer.h"

namespace tripline::api {
namespace {

void AppendDiagnosticsJson(const std::vector<LoadDiagnostic>& diagnostics, std::string* o) {
  *o += "[";
  for (size_t i = 0; i < diagnostics.size(); ++i) {
    const LoadDiagnostic& d = diagnostics[i];
    *o += i ? ",{" : "{";
    AppendJsonKey("file", o);
    AppendJsonString(d.location.file, o);
    absl::StrAppend(o, ",\"line\":", d.location.line, ",\"column\":", d.location.column,
                    ",\"severity\":", d.warning ? "\"warning\"" : "\"error\"", ",");
    AppendJsonKey("code", o);
    AppendJsonString(d.code, o);
    *o += ",";
    AppendJsonKey("message", o);
    AppendJsonString(d.message, o);
    *o += ",";
    AppendJsonKey("expected", o);
    AppendJsonString(d.expected, o);
    *o += "}";
  }
  *o += "]";
}

size_t InlineTests(const CompiledRules& rules) {
  size_t tests = 0;
  for (const Rule& rule : rules.rules()) tests += rule.tests.size();
  return tests;
}

// "a, b, c"
std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

}  // namespace

std::string PackCheckJson(const std::string& path,
                          const absl::StatusOr<std::shared_ptr<const CompiledRules>>& rules,
                          const std::vector<LoadDiagnostic>& diagnostics) {
  std::string o = "{";
  AppendJsonKey("path", &o);
  AppendJsonString(path, &o);
  absl::StrAppend(&o, ",\"valid\":", rules.ok() ? "true" : "false");
  if (rules.ok()) {
    absl::StrAppend(
        &o, ",\"rules\":", (*rules)->rule_count(), ",\"entities\":", (*rules)->entities().size(),
        ",\"phrases\":", (*rules)->phrases().size(), ",\"tests\":", InlineTests(**rules));
  }
  o += ",\"diagnostics\":";
  AppendDiagnosticsJson(diagnostics, &o);
  o += "}";
  return o;
}

std::string PackCheckText(const std::string& path, const CompiledRules& r) {
  std::string o = absl::StrFormat(
      "%s: valid: %zu rules, %zu entities, %zu distinct phrases as %zu scan patterns, %zu "
      "inline tests\n",
      path, r.rule_count(), r.entities().size(), r.phrases().size(), r.pattern_count(),
      InlineTests(r));
  for (const LoadedFile& f : r.files())
    absl::StrAppend(&o, "  ", f.path, "  xxh3-128:", f.hash, "\n");
  for (const LoadDiagnostic& w : r.warnings()) absl::StrAppend(&o, w.ToString(), "\n");
  return o;
}

std::string ExplainText(const CompiledRules& rules, const std::vector<RuleVerdict>& verdicts,
                        std::optional<double> move) {
  std::string o;
  size_t matched = 0;
  for (const RuleVerdict& v : verdicts) {
    if (v.matched) ++matched;
    absl::StrAppend(&o, v.matched ? "MATCH  " : "no     ", " ", v.rule);
    if (v.matched) absl::StrAppend(&o, " -> [", Join(v.targets), "]");
    o += "\n";
    if (!v.phrases.empty()) absl::StrAppend(&o, "    phrases: ", Join(v.phrases), "\n");
    if (!v.negated.empty()) absl::StrAppend(&o, "    negated: ", Join(v.negated), "\n");
    for (const std::string& line : v.trace) absl::StrAppend(&o, "  ", line, "\n");
    if (!v.matched) absl::StrAppend(&o, "    why not: ", v.reason, "\n");
    const Rule& rule = rules.rules()[rules.RuleIndex(v.rule)];
    if (v.matched && rule.price.present && !move.has_value()) {
      absl::StrAppend(&o, "    then needs price: ", rule.price.text, " within ",
                      FormatDuration(rule.window), " (give --move to test it)\n");
    }
    if (v.matched && rule.price.abnormal) {
      // Both moves count: the instrument's and its benchmark's the same way (--move is the
      // abnormal one).
      std::string benchmarks;
      for (const std::string& t : v.targets) {
        const std::string_view b = rules.BenchmarkOf(t);
        benchmarks += (benchmarks.empty() ? "" : ", ") + t + " against " +
                      (b.empty() ? std::string("no benchmark (its raw move)") : std::string(b));
      }
      absl::StrAppend(&o, "    abnormal move: ", benchmarks, "\n");
    }
  }
  absl::StrAppend(&o, matched, " of ", verdicts.size(), " rules match\n");
  return o;
}

}  // namespace tripline::api
