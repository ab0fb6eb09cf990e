// summary.json writer (declared in app/evaluation/evaluation_result.h).
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "app/evaluation/evaluation_csv.h"
#include "app/evaluation/evaluation_result.h"
#include "app/evaluation/number_format.h"
#include "core/json_text.h"

namespace tripline::evaluation {
namespace {

std::string Quote(std::string_view s) {
  std::string out;
  AppendJsonString(s, &out);
  return out;
}

std::string Bp(double v) { return std::isnan(v) ? "null" : FormatBp(v); }
std::string Fraction(double v) { return std::isnan(v) ? "null" : absl::StrFormat("%.4f", v); }
std::string Seconds(double v) { return std::isnan(v) ? "null" : FormatSeconds(v); }
std::string Stat(double v) { return std::isfinite(v) ? absl::StrFormat("%.3f", v) : "null"; }
// p values span many decades: four significant digits ("0.0312", "2.4e-07").
std::string P(double v) { return std::isfinite(v) ? absl::StrFormat("%.4g", v) : "null"; }

// A horizon's abnormal figures: the three headline keys, then the detail.
std::string Abnormal(const AbnormalStats& a) {
  return absl::StrCat(
      "\"abnormal_mean_bp\": ", Bp(a.t.mean), ", \"t_stat\": ", Stat(a.t.t),
      ", \"p_value\": ", P(a.t.p), ", \"abnormal\": {\"n\": ", a.t.n,
      ", \"median_bp\": ", Bp(a.median), ", \"hit_rate\": ", Fraction(a.hit_rate),
      ", \"sd_bp\": ", Bp(a.t.sd), ", \"sign_test\": {\"positive\": ", a.sign.positive,
      ", \"n\": ", a.sign.n, ", \"p_value\": ", P(a.sign.p), "}, \"bmp\": {\"n\": ", a.bmp.n,
      ", \"t_stat\": ", Stat(a.bmp.t), ", \"p_value\": ", P(a.bmp.p),
      "}, \"event_days\": ", a.event_days, ", \"clustered\": ", a.clustered ? "true" : "false",
      ", \"models\": {\"market_model\": ", a.market_model,
      ", \"benchmark_adjusted\": ", a.benchmark_adjusted, ", \"raw\": ", a.raw, "}}");
}

// `with_hit`: false for excursions, whose sign is fixed (MFE >= 0, MAE <= 0).
std::string Stats(const ReturnStats& s, bool with_ci, bool with_hit = true) {
  std::string out = absl::StrCat("{\"n\": ", s.n);
  if (with_hit) absl::StrAppend(&out, ", \"hit_rate\": ", Fraction(s.hit_rate));
  absl::StrAppend(&out, ", \"mean_bp\": ", Bp(s.mean), ", \"median_bp\": ", Bp(s.median));
  if (with_ci) absl::StrAppend(&out, ", \"ci95_bp\": [", Bp(s.ci.low), ", ", Bp(s.ci.high), "]");
  return out + "}";
}

std::string Group(const GroupSummary& g, const std::vector<Horizon>& horizons,
                  const std::string& indent) {
  std::string out = absl::StrCat("{\"signals\": ", g.signals, ", \"directional\": ", g.directional,
                                 ", \"entered\": ", g.entered,
                                 ", \"median_delay_s\": ", Seconds(g.median_delay_s), ",\n", indent,
                                 " \"mfe_1h\": ", Stats(g.mfe_1h, true, false),
                                 ", \"mae_1h\": ", Stats(g.mae_1h, true, false), ",\n", indent,
                                 " \"baseline_mfe_1h\": ", Stats(g.baseline_mfe_1h, false, false),
                                 ", \"baseline_mae_1h\": ", Stats(g.baseline_mae_1h, false, false),
                                 ",\n", indent, " \"horizons\": {");
  for (size_t h = 0; h < horizons.size(); ++h) {
    absl::StrAppend(&out, h ? "," : "", "\n", indent, "  ", Quote(horizons[h].name), ": {",
                    "\"signals\": ", Stats(g.horizons[h].signals, true),
                    ", \"baseline\": ", Stats(g.horizons[h].baseline, false), ", ",
                    Abnormal(g.horizons[h].abnormal),
                    ", \"net_mean_bp\": ", Bp(g.horizons[h].net_mean), "}");
  }
  return out + "}}";
}

// Which instruments had an exchange calendar, and how many of their ticks fell outside its
// hours (a recording the calendar does not match shows here).
std::string Calendars(const ForwardReturnTracker& t) {
  std::string out = "  \"calendars\": {";
  const std::vector<CalendarUse> use = t.calendar_use();
  for (size_t i = 0; i < use.size(); ++i) {
    absl::StrAppend(&out, i ? ", " : "", Quote(use[i].instrument), ": {\"exchange\": \"",
                    std::string(ExchangeName(use[i].exchange)), "\", \"ticks\": ", use[i].ticks,
                    ", \"outside_hours\": ", use[i].outside_hours,
                    ", \"holidays_known\": ", use[i].holidays_known ? "true" : "false", "}");
  }
  return out + "},\n";
}

std::string CostExceptions(const Costs& c) {
  std::string out;
  for (const auto& [instrument, bp] : c.per_instrument_bp) {
    absl::StrAppend(&out, ", ", Quote(instrument), ": ", FormatNumber(bp));
  }
  return out;
}

std::string Strategy(const StrategyResult& s) {
  return absl::StrCat("{\"exit_horizon\": ", Quote(s.horizon), ", \"trades\": ", s.trades,
                      ", \"unwound_by_retraction\": ", s.unwound,
                      ", \"net_winners\": ", s.net_winners,
                      ", \"sides_at_half_spread\": ", s.quoted_sides,
                      ", \"gross_bp\": ", Bp(s.gross), ", \"net_bp\": ", Bp(s.net),
                      ", \"max_drawdown_bp\": ", Bp(s.max_drawdown), ", \"days\": ", s.days,
                      ", \"turnover_per_day\": ", absl::StrFormat("%.2f", s.turnover_per_day), "}");
}

std::string SignalRef(const SignalOutcome& o) {
  return absl::StrCat("{\"signal_id\": ", Quote(o.signal_id), ", \"rule\": ", Quote(o.rule),
                      ", \"instrument\": ", Quote(o.instrument),
                      ", \"score\": ", FormatNumber(o.score), ", \"count\": ", o.count, "}");
}

}  // namespace

std::string SummaryJson(const EvaluationResult& r) {
  const std::vector<Horizon>& horizons = r.tracker->horizons();
  std::string out = absl::StrCat(
      "{\n  \"seed\": ", r.seed,
      ",\n  \"baseline_draws_per_signal\": ", r.tracker->baseline_draws(),
      ",\n  \"bootstrap_resamples\": ", r.resamples, ",\n  \"session\": \"utc_calendar_day\",\n",
      "  \"returns\": \"direction-adjusted, basis points\",\n",
      "  \"abnormal_returns\": {\"against\": \"the instrument's benchmark (entities.yaml)\", "
      "\"models\": [\"market_model\", \"benchmark_adjusted\", \"raw\"], "
      "\"estimation_minutes\": ",
      ForwardReturnTracker::kEstimationMinutes,
      ", \"min_estimation_returns\": ", ForwardReturnTracker::kMinEstimationReturns,
      ", \"tests\": [\"student_t\", \"sign\", \"bmp\"]},\n",
      "  \"baseline\": {\"drawn\": \"away from every headline of the packs' families\", "
      "\"minutes_before_headline\": ",
      ForwardReturnTracker::kBaselineBefore / kNanosPerMinute,
      ", \"minutes_after_headline\": ", ForwardReturnTracker::kBaselineAfter / kNanosPerMinute,
      ", \"horizons_reaching_a_headline\": \"dropped\"},\n", Calendars(*r.tracker),
      "  \"cost_bp_per_side\": {\"default\": ", FormatNumber(r.costs.default_bp),
      CostExceptions(r.costs), "},\n", "  \"horizons\": [");
  for (size_t h = 0; h < horizons.size(); ++h) {
    absl::StrAppend(&out, h ? ", " : "", Quote(horizons[h].name));
  }
  absl::StrAppend(&out, "],\n  \"inputs\": {\"headlines\": [");
  for (size_t i = 0; i < r.headline_files.size(); ++i) {
    absl::StrAppend(&out, i ? ", " : "", Quote(r.headline_files[i]));
  }
  absl::StrAppend(&out, "], \"prices\": [");
  for (size_t i = 0; i < r.price_files.size(); ++i) {
    absl::StrAppend(&out, i ? ", " : "", Quote(r.price_files[i]));
  }
  absl::StrAppend(&out, "], \"headline_events\": ", r.headlines, ", \"price_events\": ", r.prices,
                  "},\n  \"packs\": [");
  for (size_t p = 0; p < r.packs.size(); ++p) {
    const PackSummary& s = r.packs[p];
    absl::StrAppend(
        &out, p ? "," : "", "\n    {\"label\": \"", PackLabel(static_cast<int>(p)),
        "\", \"rules\": ", Quote(r.pack_paths[p]), ", \"retractions\": ", s.retractions,
        p < r.strategies.size() ? absl::StrCat(",\n     \"strategy\": ", Strategy(r.strategies[p]))
                                : "",
        ",\n     \"overall\": ", Group(s.overall, horizons, "     "), ",\n     \"by_rule\": {");
    for (size_t i = 0; i < s.rules.size(); ++i) {
      absl::StrAppend(&out, i ? "," : "", "\n      ", Quote(s.rules[i].name), ": ",
                      Group(s.rules[i], horizons, "       "));
    }
    absl::StrAppend(&out, "}}");
  }
  absl::StrAppend(&out, "\n  ]");
  if (r.comparison) {
    const PackComparison& c = *r.comparison;
    absl::StrAppend(&out, ",\n  \"comparison\": {\"worse\": ", c.worse ? "true" : "false",
                    ", \"unchanged\": ", c.unchanged, ",\n    \"hit_rate_change\": {");
    for (size_t h = 0; h < horizons.size(); ++h) {
      absl::StrAppend(&out, h ? ", " : "", Quote(horizons[h].name), ": ",
                      Fraction(c.hit_rate_change[h]));
    }
    absl::StrAppend(&out, "},\n    \"only_a\": [");
    for (size_t i = 0; i < c.only_a.size(); ++i) {
      absl::StrAppend(&out, i ? ", " : "", SignalRef(*c.only_a[i]));
    }
    absl::StrAppend(&out, "],\n    \"only_b\": [");
    for (size_t i = 0; i < c.only_b.size(); ++i) {
      absl::StrAppend(&out, i ? ", " : "", SignalRef(*c.only_b[i]));
    }
    absl::StrAppend(&out, "],\n    \"changed\": [");
    for (size_t i = 0; i < c.changed.size(); ++i) {
      absl::StrAppend(&out, i ? ", " : "", "{\"a\": ", SignalRef(*c.changed[i].a),
                      ", \"b\": ", SignalRef(*c.changed[i].b),
                      ", \"what\": ", Quote(c.changed[i].what), "}");
    }
    absl::StrAppend(&out, "]}");
  }
  return out + "\n}\n";
}

}  // namespace tripline::evaluation
