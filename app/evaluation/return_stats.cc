#include "app/evaluation/return_stats.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

namespace tripline::evaluation {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double Median(std::vector<double>& v) {
  if (v.empty()) return kNaN;
  std::sort(v.begin(), v.end());
  const size_t mid = v.size() / 2;
  return v.size() % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

void Append(std::vector<double>* to, const std::vector<double>& from) {
  to->insert(to->end(), from.begin(), from.end());
}

GroupSummary Summarise(const std::string& name, const std::vector<const SignalOutcome*>& outcomes,
                       const std::vector<const BaselineSamples*>& baselines, size_t horizons,
                       uint64_t seed, int resamples, const Costs* costs) {
  GroupSummary g;
  g.name = name;
  g.signals = outcomes.size();
  std::vector<double> delays;
  for (const SignalOutcome* o : outcomes) {
    if (o->first_headline_ts != kNoTime) {
      delays.push_back(static_cast<double>(o->signal_ts - o->first_headline_ts) / kNanosPerSecond);
    }
    if (!o->directional()) continue;
    ++g.directional;
    if (o->entered()) ++g.entered;
  }
  g.median_delay_s = Median(delays);
  const uint64_t group_seed = seed ^ StableHash(name);
  for (size_t h = 0; h < horizons; ++h) {
    std::vector<double> values, base;
    for (const SignalOutcome* o : outcomes) {
      if (o->directional() && o->entered()) values.push_back(o->returns[h]);
    }
    for (const BaselineSamples* b : baselines) {
      if (h < b->returns.size()) Append(&base, b->returns[h]);
    }
    std::vector<double> ar, scales;
    std::vector<int64_t> days;
    std::vector<AbnormalModel> models;
    for (const SignalOutcome* o : outcomes) {
      if (!o->directional() || !o->entered() || std::isnan(o->abnormal[h])) continue;
      ar.push_back(o->abnormal[h]);
      scales.push_back(o->abnormal_scale[h]);
      days.push_back(DayOf(o->entry_ts));
      models.push_back(o->model);
    }
    // Net of costs: each signal's round trip (its entry side and this horizon's exit side).
    double net_sum = 0;
    size_t net_n = 0;
    for (const SignalOutcome* o : outcomes) {
      if (!o->directional() || !o->entered() || std::isnan(o->returns[h])) continue;
      net_sum += o->returns[h] - (costs ? costs->RoundTrip(*o, h) : 0);
      ++net_n;
    }
    g.horizons.push_back(HorizonSummary{
        evaluation::Summarise(std::move(values), group_seed + h, resamples),
        evaluation::Summarise(std::move(base), 0, 0), SummariseAbnormal(ar, scales, days, models),
        net_n ? net_sum / static_cast<double>(net_n) : kNaN});
  }
  std::vector<double> mfe, mae, bmfe, bmae;
  for (const SignalOutcome* o : outcomes) {
    if (!o->directional() || !o->entered()) continue;
    mfe.push_back(o->mfe_1h);
    mae.push_back(o->mae_1h);
  }
  for (const BaselineSamples* b : baselines) {
    Append(&bmfe, b->mfe_1h);
    Append(&bmae, b->mae_1h);
  }
  g.mfe_1h = evaluation::Summarise(std::move(mfe), group_seed + 1000, resamples);
  g.mae_1h = evaluation::Summarise(std::move(mae), group_seed + 1001, resamples);
  g.baseline_mfe_1h = evaluation::Summarise(std::move(bmfe), 0, 0);
  g.baseline_mae_1h = evaluation::Summarise(std::move(bmae), 0, 0);
  return g;
}

}  // namespace

ReturnStats Summarise(std::vector<double> values, uint64_t seed, int resamples) {
  std::erase_if(values, [](double v) { return std::isnan(v); });
  ReturnStats s;
  s.n = values.size();
  s.ci = {kNaN, kNaN};
  if (values.empty()) {
    s.hit_rate = s.mean = s.median = kNaN;
    return s;
  }
  double sum = 0;
  size_t hits = 0;
  for (double v : values) {
    sum += v;
    if (v > 0) ++hits;
  }
  s.mean = sum / static_cast<double>(values.size());
  s.hit_rate = static_cast<double>(hits) / static_cast<double>(values.size());
  if (resamples > 0) s.ci = BootstrapMeanCi(values, seed, resamples);
  s.median = Median(values);
  return s;
}

AbnormalStats SummariseAbnormal(const std::vector<double>& values,
                                const std::vector<double>& scales, const std::vector<int64_t>& days,
                                const std::vector<AbnormalModel>& models) {
  AbnormalStats a;
  a.t = OneSampleT(values);
  a.sign = Sign(values);
  a.bmp = Bmp(values, scales);
  const ReturnStats plain = Summarise(values, 0, 0);
  a.median = plain.median;
  a.hit_rate = plain.hit_rate;
  std::vector<int64_t> distinct = days;
  std::sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  a.event_days = distinct.size();
  a.clustered = distinct.size() < days.size();
  for (AbnormalModel m : models) {
    switch (m) {
      case AbnormalModel::kMarketModel:
        ++a.market_model;
        break;
      case AbnormalModel::kBenchmarkAdjusted:
        ++a.benchmark_adjusted;
        break;
      case AbnormalModel::kRaw:
        ++a.raw;
        break;
    }
  }
  return a;
}

PackSummary SummarisePack(const ForwardReturnTracker& tracker, int pack, uint64_t seed,
                          int resamples, const Costs* costs) {
  PackSummary p;
  p.retractions = tracker.retractions(pack);
  std::map<std::string, std::vector<const SignalOutcome*>> by_rule;
  std::vector<const SignalOutcome*> all;
  for (const SignalOutcome& o : tracker.outcomes()) {
    if (o.pack != pack) continue;
    by_rule[o.rule].push_back(&o);
    all.push_back(&o);
  }
  std::vector<const BaselineSamples*> all_baselines;
  const size_t horizons = tracker.horizons().size();
  for (const auto& [rule, outcomes] : by_rule) {
    std::vector<const BaselineSamples*> baselines;
    auto it = tracker.baselines().find({pack, rule});
    if (it != tracker.baselines().end()) baselines.push_back(&it->second);
    all_baselines.insert(all_baselines.end(), baselines.begin(), baselines.end());
    p.rules.push_back(Summarise(rule, outcomes, baselines, horizons, seed, resamples, costs));
  }
  p.overall = Summarise("overall", all, all_baselines, horizons, seed, resamples, costs);
  return p;
}

}  // namespace tripline::evaluation
