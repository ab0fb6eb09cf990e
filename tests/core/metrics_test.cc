// The /metrics text, read back by a real Prometheus parser (python3-prometheus-client's
// text_string_to_metric_families), and the choices that make the numbers mean something:
// buckets that fit, float-second sums, monotonic counts as _total counters.
#include "core/metrics.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

namespace tripline {
namespace {

using ::testing::HasSubstr;

// Runs the parser on `text`; returns its output (one line per sample), or "" on failure.
std::string ParseWithPrometheusClient(const std::string& text, int* exit_code) {
  // One file per process: ctest runs this file's tests in parallel processes.
  const std::string in =
      ::testing::TempDir() + "/metrics_test." + std::to_string(getpid()) + ".prom";
  std::ofstream(in) << text;
  const std::string cmd = std::string(TRIPLINE_PYTHON3) + " " + TRIPLINE_SOURCE_DIR +
                          "/tests/core/parse_metrics.py < " + in + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  const int status = pclose(p);
  *exit_code = WEXITSTATUS(status);
  return out;
}

TEST(MetricsTest, PrometheusClientParsesEveryKindOfSeries) {
  MetricsRegistry m;
  m.GetCounter("tripline_messages_in_total", "Input messages", Label("topic", "news \"x\"\\"))
      ->Inc(3);
  Histogram* decode =
      m.GetHistogram("tripline_decode_seconds", "Decode time", "", StepDurationBuckets());
  decode->Observe(150e-9);
  decode->Observe(150e-9);
  decode->Observe(3e-6);
  Histogram* e2e =
      m.GetHistogram("tripline_input_to_signal_seconds", "Input to signal", "", LatencyBuckets());
  e2e->Observe(0.004);
  m.SetGauge("tripline_assigned_partitions", "Assigned", "", [] { return 4.0; });
  m.SetCounterFunction("tripline_rebalances_total", "Rebalances", "", [] { return 2.0; });
  m.SetGaugeCollector(
      "tripline_consumer_partition_lag_messages", "Lag per partition",
      [](std::vector<std::pair<std::string, double>>* series) {
        series->emplace_back(Label("topic", "p") + "," + Label("partition", "0"), 5);
        series->emplace_back(Label("topic", "p") + "," + Label("partition", "1"), 0);
      });
  int code = -1;
  const std::string parsed = ParseWithPrometheusClient(m.Render(), &code);
  ASSERT_EQ(code, 0) << parsed << "\n--- the text ---\n" << m.Render();
  auto has = [&](const std::string& line) {
    EXPECT_NE(parsed.find(line + "\n"), std::string::npos) << line << "\nin:\n" << parsed;
  };
  has("tripline_messages_in counter tripline_messages_in_total {topic=news \"x\"\\} 3.0");
  has("tripline_rebalances counter tripline_rebalances_total {} 2.0");
  has("tripline_assigned_partitions gauge tripline_assigned_partitions {} 4.0");
  has("tripline_consumer_partition_lag_messages gauge tripline_consumer_partition_lag_messages "
      "{partition=0,topic=p} 5.0");
  has("tripline_consumer_partition_lag_messages gauge tripline_consumer_partition_lag_messages "
      "{partition=1,topic=p} 0.0");
  // A 150 ns decode lands in the 250 ns bucket, not in a first bucket that holds everything.
  has("tripline_decode_seconds histogram tripline_decode_seconds_bucket {le=1e-07} 0.0");
  has("tripline_decode_seconds histogram tripline_decode_seconds_bucket {le=2.5e-07} 2.0");
  has("tripline_decode_seconds histogram tripline_decode_seconds_bucket {le=5e-06} 3.0");
  has("tripline_decode_seconds histogram tripline_decode_seconds_bucket {le=+Inf} 3.0");
  has("tripline_decode_seconds histogram tripline_decode_seconds_count {} 3.0");
  has("tripline_input_to_signal_seconds histogram tripline_input_to_signal_seconds_bucket "
      "{le=0.001} 0.0");
  has("tripline_input_to_signal_seconds histogram tripline_input_to_signal_seconds_bucket "
      "{le=0.005} 1.0");
  // The sum is in float seconds, so sub-microsecond observations still add up.
  EXPECT_NEAR(decode->sum(), 3.3e-6, 1e-12);
  EXPECT_NE(parsed.find("tripline_decode_seconds_sum {} 3.3"), std::string::npos) << parsed;
}

TEST(MetricsTest, MalformedTextFailsTheParser) {
  int code = -1;
  ParseWithPrometheusClient("# TYPE x counter\nx{a=\"unterminated} 1\n", &code);
  EXPECT_NE(code, 0) << "the parser must be able to fail for the test above to mean anything";
}

TEST(MetricsTest, LabeledCounterResolvesEachValueOnce) {
  MetricsRegistry m;
  LabeledCounter by_rule(&m, "tripline_signals_total", "Signals, by rule", "rule");
  Counter* a = by_rule.For("rule-a");
  EXPECT_EQ(by_rule.For(std::string("rule-a")), a) << "the same series, not a new one";
  EXPECT_NE(by_rule.For("rule-b"), a);
  a->Inc(2);
  by_rule.For("rule-b")->Inc();
  EXPECT_EQ(m.GetCounter("tripline_signals_total", "", Label("rule", "rule-a"))->value(), 2u);
  const std::string text = m.Render();
  EXPECT_NE(text.find("tripline_signals_total{rule=\"rule-a\"} 2\n"), std::string::npos) << text;
  EXPECT_NE(text.find("tripline_signals_total{rule=\"rule-b\"} 1\n"), std::string::npos) << text;
}

TEST(MetricsTest, BucketsFitWhatTheyMeasure) {
  const std::vector<double> step = StepDurationBuckets();
  EXPECT_DOUBLE_EQ(step.front(), 100e-9);
  EXPECT_DOUBLE_EQ(step.back(), 10e-3);
  const std::vector<double> e2e = LatencyBuckets();
  EXPECT_DOUBLE_EQ(e2e.front(), 1e-3);
  EXPECT_DOUBLE_EQ(e2e.back(), 60);
  EXPECT_TRUE(std::is_sorted(step.begin(), step.end()));
  EXPECT_TRUE(std::is_sorted(e2e.begin(), e2e.end()));
}

TEST(MetricsTest, RendersPrometheusText) {
  MetricsRegistry m;
  m.GetCounter("t_in_total", "In", Label("topic", "a\"b"))->Inc(3);
  Histogram* h = m.GetHistogram("t_seconds", "Latency", "", {0.1, 1});
  h->Observe(0.05);
  h->Observe(0.5);
  h->Observe(5);
  m.SetGauge("t_lag", "Lag", "", [] { return 7.0; });
  std::string text = m.Render();
  EXPECT_THAT(text, HasSubstr("# TYPE t_in_total counter\nt_in_total{topic=\"a\\\"b\"} 3\n"));
  EXPECT_THAT(text, HasSubstr("t_seconds_bucket{le=\"0.1\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("t_seconds_bucket{le=\"+Inf\"} 3\n"));
  EXPECT_THAT(text, HasSubstr("t_seconds_count 3\n"));
  EXPECT_THAT(text, HasSubstr("t_seconds_sum 5.55\n")) << "float seconds";
  EXPECT_THAT(text, HasSubstr("# TYPE t_lag gauge\nt_lag 7\n"));
  // The same series is returned again, not duplicated.
  EXPECT_EQ(m.GetCounter("t_in_total", "In", Label("topic", "a\"b"))->value(), 3u);
}

}  // namespace
}  // namespace tripline
