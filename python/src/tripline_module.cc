// tripline._tripline: the C++ core for Python (python/tripline/__init__.py is the public API).
// Every function takes file paths and returns plain Python values (strings, lists, dicts); the
// DataFrames are built in Python. The engine runs with the GIL released: the calls copy their
// arguments into C++ values first, and build Python objects only after the replay.
//
// Errors raise tripline.Error (a ValueError) with the CLI's message; an invalid pack raises
// its subclass tripline.RulesError, whose message lists every problem as file:line:column.
#include <nanobind/nanobind.h>
#include <nanobind/stl/optional.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "app/api/backtest_run.h"
#include "app/api/evaluate_run.h"
#include "app/api/rules_report.h"
#include "app/evaluation/evaluation_csv.h"
#include "app/evaluation/evaluation_result.h"
#include "app/evaluation/report_html.h"
#include "app/evaluation/strategy.h"
#include "core/dead_letter_tally.h"
#include "io/codec/dead_letter_encoder.h"
#include "io/codec/signal_encoder.h"
#include "rules/rule_checks.h"
#include "rules/rule_loader.h"

namespace nb = nanobind;

namespace tripline::python {
namespace {

// The Python exception types, created at import (module init runs once, under the GIL).
PyObject* g_error = nullptr;
PyObject* g_rules_error = nullptr;

// Thrown inside the GIL-free sections and turned into tripline.Error / RulesError by the
// translator below, once the GIL is held again.
struct EngineError : std::exception {
  EngineError(bool r, std::string m) : rules(r), message(std::move(m)) {}
  const char* what() const noexcept override { return message.c_str(); }
  bool rules;
  std::string message;
};

// Keeps each signal's JSON line exactly as SignalFileSink writes it (without the newline):
// the same encoder on the same Signal.
class SignalLines final : public SignalSink {
 public:
  void Emit(const Signal& signal) override {
    lines.emplace_back();
    AppendSignalJson(signal, &lines.back());
  }
  std::vector<std::string> lines;
};

// Keeps each dead letter's JSON line, as --dlq files hold them.
class DeadLetterLines final : public DeadLetterSink {
 public:
  void Put(const DeadLetter& letter) override {
    lines.emplace_back();
    AppendDeadLetterJson(letter, &lines.back());
  }
  std::vector<std::string> lines;
};

std::shared_ptr<const CompiledRules> LoadOrThrow(const std::string& path) {
  auto rules = LoadRules(path);
  if (!rules.ok()) {
    throw EngineError{true,
                      absl::StrCat("invalid rules (", path, "):\n", rules.status().message())};
  }
  return *rules;
}

nb::dict Backtest(const std::vector<std::string>& headline_files,
                  const std::vector<std::string>& price_files, const std::string& rules_path) {
  SignalLines signals;
  DeadLetterLines dead_letters;
  api::BacktestRun run;
  {
    nb::gil_scoped_release release;
    auto rules = LoadOrThrow(rules_path);
    auto r = api::ReplayBacktest(headline_files, price_files, rules, &signals, &dead_letters,
                                 /*progress_on_stderr=*/false);
    if (!r.ok()) throw EngineError{false, std::string(r.status().message())};
    if (!r->read_status.ok()) throw EngineError{false, std::string(r->read_status.message())};
    run = std::move(*r);
  }
  nb::dict out;
  out["signals"] = nb::cast(signals.lines);
  out["dead_letters"] = nb::cast(dead_letters.lines);
  out["messages"] = run.messages;
  out["headlines"] = run.stats.headlines;
  out["prices"] = run.stats.prices;
  out["seconds"] = run.seconds;
  return out;
}

nb::dict Evaluate(const std::vector<std::string>& headline_files,
                  const std::vector<std::string>& price_files, const std::string& rules_path,
                  const std::optional<std::string>& baseline_rules_path,
                  const std::string& horizons, uint64_t seed, int draws,
                  const std::vector<std::string>& headline_names,
                  const std::vector<std::string>& price_names, const std::string& cost_bp,
                  const std::string& pnl_horizon) {
  std::string csv, summary, html;
  DeadLetterLines dead_letters;
  {
    nb::gil_scoped_release release;
    auto parsed = evaluation::ParseHorizons(horizons);
    if (!parsed.ok()) throw EngineError{false, std::string(parsed.status().message())};
    if (draws < 1 || draws > 10000) {
      throw EngineError{false, "baseline_draws: not in [1 - 10000]"};
    }
    api::EvaluationInputs inputs;
    inputs.headline_files = headline_files;
    inputs.price_files = price_files;
    inputs.pack_paths.push_back(rules_path);
    if (baseline_rules_path) inputs.pack_paths.push_back(*baseline_rules_path);
    inputs.horizons = *parsed;
    inputs.seed = seed;
    inputs.draws = draws;
    // The CLI's --cost-bp and --pnl-horizon, with its messages.
    auto costs = evaluation::ParseCosts(cost_bp);
    if (!costs.ok()) throw EngineError{false, std::string(costs.status().message())};
    if (!pnl_horizon.empty() && !evaluation::StrategyHorizon(*parsed, pnl_horizon)) {
      throw EngineError{false, absl::StrCat("--pnl-horizon: '", pnl_horizon,
                                            "' is not a duration or close among --horizons")};
    }
    inputs.costs = *costs;
    inputs.pnl_horizon = pnl_horizon;
    std::vector<std::shared_ptr<const CompiledRules>> packs;
    for (const std::string& p : inputs.pack_paths) packs.push_back(LoadOrThrow(p));
    auto run = api::RunEvaluation(inputs, packs, &dead_letters, /*progress_on_stderr=*/false);
    if (!run.ok()) throw EngineError{false, std::string(run.status().message())};
    // What summary.json and the report call the inputs: the files' paths, or for in-memory
    // inputs their names, not the temporary files the Python layer wrote them to.
    (*run)->result.headline_files = headline_names;
    (*run)->result.price_files = price_names;
    csv = evaluation::SignalsCsv(*(*run)->tracker, (*run)->result.costs);
    summary = evaluation::SummaryJson((*run)->result);
    html = evaluation::ReportHtml((*run)->result);
  }
  nb::dict out;
  out["signals_csv"] = csv;
  out["summary_json"] = summary;
  out["report_html"] = html;
  out["dead_letters"] = nb::cast(dead_letters.lines);
  return out;
}

// (valid, the `rules check --json` object, the text report or the loader's message)
nb::tuple Check(const std::string& path) {
  bool valid;
  std::string json, text;
  {
    nb::gil_scoped_release release;
    std::vector<LoadDiagnostic> diagnostics;
    auto rules = LoadRules(path, &diagnostics);
    valid = rules.ok();
    json = api::PackCheckJson(path, rules, diagnostics);
    text = rules.ok() ? api::PackCheckText(path, **rules)
                      : absl::StrCat(rules.status().message(), "\n", path, ": invalid rule pack\n");
  }
  return nb::make_tuple(valid, json, text);
}

// (verdicts as dicts, the CLI's text)
nb::tuple Explain(const std::string& path, const std::string& headline, const std::string& source,
                  std::optional<double> move) {
  std::vector<RuleVerdict> verdicts;
  std::string text;
  {
    nb::gil_scoped_release release;
    auto rules = LoadOrThrow(path);
    verdicts = ExplainHeadline(rules, headline, source, move);
    text = api::ExplainText(*rules, verdicts, move);
  }
  nb::list out;
  for (const RuleVerdict& v : verdicts) {
    nb::dict d;
    d["rule"] = v.rule;
    d["matched"] = v.matched;
    d["headline_held"] = v.headline_held;
    d["price_held"] = v.price_held;
    d["exception"] = v.exception;
    d["targets"] = nb::cast(v.targets);
    d["phrases"] = nb::cast(v.phrases);
    d["negated"] = nb::cast(v.negated);
    d["trace"] = nb::cast(v.trace);
    d["reason"] = v.reason;
    out.append(d);
  }
  return nb::make_tuple(out, text);
}

}  // namespace
}  // namespace tripline::python

NB_MODULE(_tripline, m) {
  using namespace tripline::python;
  g_error = PyErr_NewException("tripline.Error", PyExc_ValueError, nullptr);
  g_rules_error = PyErr_NewException("tripline.RulesError", g_error, nullptr);
  m.attr("Error") = nb::handle(g_error);
  m.attr("RulesError") = nb::handle(g_rules_error);
  nb::register_exception_translator([](const std::exception_ptr& p, void*) {
    try {
      std::rethrow_exception(p);
    } catch (const EngineError& e) {
      PyErr_SetString(e.rules ? g_rules_error : g_error, e.message.c_str());
    }
  });
  m.def("backtest", &Backtest, nb::arg("headline_files"), nb::arg("price_files"), nb::arg("rules"));
  m.def("evaluate", &Evaluate, nb::arg("headline_files"), nb::arg("price_files"), nb::arg("rules"),
        nb::arg("baseline_rules").none(), nb::arg("horizons"), nb::arg("seed"),
        nb::arg("baseline_draws"), nb::arg("headline_names"), nb::arg("price_names"),
        nb::arg("cost_bp"), nb::arg("pnl_horizon"));
  m.def("check", &Check, nb::arg("rules"));
  m.def("explain", &Explain, nb::arg("rules"), nb::arg("headline"), nb::arg("source"),
        nb::arg("move").none());
}
