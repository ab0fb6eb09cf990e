#include "app/evaluation/evaluation_csv.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "app/evaluation/number_format.h"

namespace tripline::evaluation {
namespace {

void AppendCsvCell(std::string* out, const std::string& cell) {
  if (cell.find_first_of(",\"\n\r") == std::string::npos) {
    out->append(cell);
    return;
  }
  out->push_back('"');
  for (char c : cell) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  out->push_back('"');
}

void AppendRow(std::string* out, const std::vector<std::string>& cells) {
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i) out->push_back(',');
    AppendCsvCell(out, cells[i]);
  }
  out->push_back('\n');
}

}  // namespace

std::vector<std::string> SignalCsvColumns(const std::vector<Horizon>& horizons) {
  std::vector<std::string> c = {
      "pack",      "signal_id",         "rule",    "instrument", "direction",  "score", "count",
      "signal_ts", "first_headline_ts", "delay_s", "entry_ts",   "entry_price"};
  for (const Horizon& h : horizons) c.push_back(absl::StrCat("ret_", h.name, "_bp"));
  c.push_back("mfe_1h_bp");
  c.push_back("mae_1h_bp");
  c.push_back("headline_ids");
  // Abnormal returns, after the original columns so that readers by position keep working.
  c.push_back("benchmark");
  c.push_back("ar_model");
  c.push_back("ar_beta");
  for (const Horizon& h : horizons) c.push_back(absl::StrCat("ar_", h.name, "_bp"));
  // Costs, after the abnormal returns for the same reason.
  c.push_back("entry_cost_bp");
  for (const Horizon& h : horizons) c.push_back(absl::StrCat("net_", h.name, "_bp"));
  return c;
}

std::vector<std::string> SignalCsvCells(const SignalOutcome& o,
                                        const std::vector<Horizon>& horizons, const Costs& costs) {
  const double delay = o.first_headline_ts == kNoTime
                           ? std::nan("")
                           : static_cast<double>(o.signal_ts - o.first_headline_ts) /
                                 static_cast<double>(kNanosPerSecond);
  std::vector<std::string> c = {PackLabel(o.pack),
                                o.signal_id,
                                o.rule,
                                o.instrument,
                                std::string(DirectionName(o.direction)),
                                FormatNumber(o.score),
                                absl::StrCat(o.count),
                                FormatTime(o.signal_ts),
                                FormatTime(o.first_headline_ts),
                                FormatSeconds(delay),
                                FormatTime(o.entry_ts),
                                o.entered() ? FormatNumber(o.entry_price) : ""};
  for (size_t h = 0; h < horizons.size(); ++h) c.push_back(FormatBp(o.returns[h]));
  c.push_back(o.entered() ? FormatBp(o.mfe_1h) : "");
  c.push_back(o.entered() ? FormatBp(o.mae_1h) : "");
  std::string ids;
  for (const HeadlineEvidence& e : o.headlines) {
    if (!ids.empty()) ids += '|';
    ids += e.id;
  }
  c.push_back(ids);
  c.push_back(o.benchmark);
  c.push_back(o.entered() ? std::string(AbnormalModelName(o.model)) : "");
  c.push_back(o.entered() && o.model != AbnormalModel::kRaw ? absl::StrFormat("%.4f", o.beta) : "");
  for (size_t h = 0; h < horizons.size(); ++h) c.push_back(FormatBp(o.abnormal[h]));
  c.push_back(o.entered() ? FormatBp(costs.Entry(o)) : "");
  for (size_t h = 0; h < horizons.size(); ++h) {
    c.push_back(o.entered() ? FormatBp(o.returns[h] - costs.RoundTrip(o, h)) : "");
  }
  return c;
}

std::string SignalsCsv(const ForwardReturnTracker& tracker, const Costs& costs) {
  std::string out;
  AppendRow(&out, SignalCsvColumns(tracker.horizons()));
  for (const SignalOutcome& o : tracker.outcomes()) {
    AppendRow(&out, SignalCsvCells(o, tracker.horizons(), costs));
  }
  return out;
}

}  // namespace tripline::evaluation
