#include "core/metrics.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace tripline {

Histogram::Histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)), buckets_(new std::atomic<uint64_t>[bounds_.size() + 1]) {
  for (size_t i = 0; i <= bounds_.size(); ++i) buckets_[i].store(0);
}

void Histogram::Observe(double value) {
  size_t i = std::lower_bound(bounds_.begin(), bounds_.end(), value) - bounds_.begin();
  buckets_[i].fetch_add(1, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
  sum_.fetch_add(value, std::memory_order_relaxed);
}

std::vector<double> StepDurationBuckets() {
  return {100e-9, 250e-9, 500e-9, 1e-6,   2.5e-6, 5e-6,   10e-6, 25e-6,
          50e-6,  100e-6, 250e-6, 500e-6, 1e-3,   2.5e-3, 5e-3,  10e-3};
}

std::vector<double> LatencyBuckets() {
  return {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};
}

MetricsRegistry::Family& MetricsRegistry::FamilyFor(const std::string& name,
                                                    const std::string& help, const char* type) {
  Family& f = families_[name];
  if (f.type.empty()) {
    f.help = help;
    f.type = type;
  }
  return f;
}

Counter* MetricsRegistry::GetCounter(const std::string& name, const std::string& help,
                                     const std::string& labels) {
  std::lock_guard<std::mutex> lock(mu_);
  auto& slot = FamilyFor(name, help, "counter").counters[labels];
  if (!slot) slot = std::make_unique<Counter>();
  return slot.get();
}

Histogram* MetricsRegistry::GetHistogram(const std::string& name, const std::string& help,
                                         const std::string& labels, std::vector<double> bounds) {
  std::lock_guard<std::mutex> lock(mu_);
  auto& slot = FamilyFor(name, help, "histogram").histograms[labels];
  if (!slot) slot = std::make_unique<Histogram>(std::move(bounds));
  return slot.get();
}

void MetricsRegistry::SetGauge(const std::string& name, const std::string& help,
                               const std::string& labels, std::function<double()> read) {
  std::lock_guard<std::mutex> lock(mu_);
  FamilyFor(name, help, "gauge").gauges[labels] = std::move(read);
}

void MetricsRegistry::SetCounterFunction(const std::string& name, const std::string& help,
                                         const std::string& labels, std::function<double()> read) {
  std::lock_guard<std::mutex> lock(mu_);
  FamilyFor(name, help, "counter").gauges[labels] = std::move(read);
}

void MetricsRegistry::SetGaugeCollector(const std::string& name, const std::string& help,
                                        SeriesCollector collect) {
  std::lock_guard<std::mutex> lock(mu_);
  FamilyFor(name, help, "gauge").collector = std::move(collect);
}

namespace {

std::string Series(const std::string& name, const std::string& labels) {
  return labels.empty() ? name : absl::StrCat(name, "{", labels, "}");
}

std::string Number(double v) {
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  if (std::isnan(v)) return "NaN";
  // The shortest text that reads back as the same double, so bounds print as 1e-07, not
  // 9.9999999999999995e-08.
  for (int precision = 6; precision < 17; ++precision) {
    std::string text = absl::StrFormat("%.*g", precision, v);
    if (std::strtod(text.c_str(), nullptr) == v) return text;
  }
  return absl::StrFormat("%.17g", v);
}

}  // namespace

std::string MetricsRegistry::Render() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::string out;
  for (const auto& [name, f] : families_) {
    absl::StrAppend(&out, "# HELP ", name, " ", f.help, "\n# TYPE ", name, " ", f.type, "\n");
    for (const auto& [labels, c] : f.counters) {
      absl::StrAppend(&out, Series(name, labels), " ", c->value(), "\n");
    }
    for (const auto& [labels, read] : f.gauges) {
      absl::StrAppend(&out, Series(name, labels), " ", Number(read()), "\n");
    }
    if (f.collector) {
      std::vector<std::pair<std::string, double>> series;
      f.collector(&series);
      for (const auto& [labels, value] : series) {
        absl::StrAppend(&out, Series(name, labels), " ", Number(value), "\n");
      }
    }
    for (const auto& [labels, h] : f.histograms) {
      std::string sep = labels.empty() ? "" : ",";
      uint64_t cumulative = 0;
      for (size_t i = 0; i <= h->bounds().size(); ++i) {
        cumulative += h->bucket(i);
        std::string le = i < h->bounds().size() ? Number(h->bounds()[i]) : "+Inf";
        absl::StrAppend(&out, name, "_bucket{", labels, sep, "le=\"", le, "\"} ", cumulative, "\n");
      }
      absl::StrAppend(&out, Series(name + "_sum", labels), " ", Number(h->sum()), "\n");
      absl::StrAppend(&out, Series(name + "_count", labels), " ", h->count(), "\n");
    }
  }
  return out;
}

Counter* LabeledCounter::For(std::string_view value) {
  auto it = series_.find(absl::string_view(value.data(), value.size()));
  if (it != series_.end()) return it->second;
  Counter* c = registry_->GetCounter(name_, help_, Label(label_, value));
  series_.emplace(std::string(value), c);
  return c;
}

std::string Label(const std::string& name, std::string_view value) {
  std::string out = absl::StrCat(name, "=\"");
  for (char c : value) {
    if (c == '\\' || c == '"') {
      out.push_back('\\');
      out.push_back(c);
    } else if (c == '\n') {
      out.append("\\n");
    } else {
      out.push_back(c);
    }
  }
  out.push_back('"');
  return out;
}

}  // namespace tripline
