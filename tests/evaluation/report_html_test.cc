// app/evaluation/report_html.cc: report.html's tables hold the same digits as signals.csv and
// summary.json, names are escaped, the page references nothing outside itself, and long signal
// lists are cut with a note. (tests/cli/report_check.py renders a real report in Chromium.)
#include "app/evaluation/report_html.h"

#include <gtest/gtest.h>

#include <string>

#include "app/evaluation/evaluation_result.h"
#include "app/evaluation/return_stats.h"
#include "tests/evaluation/tracked_signals.h"

namespace tripline::evaluation {
namespace {

// A report of pack A over `tracker` (finished), as `tripline evaluate` writes it.
std::string Report(const ForwardReturnTracker& tracker, const std::string& pack_path) {
  EvaluationResult r;
  r.tracker = &tracker;
  r.pack_paths = {pack_path};
  r.packs = {SummarisePack(tracker, 0, 1, 100)};
  r.headline_files = {"day.jsonl"};
  r.price_files = {"prices.jsonl"};
  r.headlines = 1;
  r.prices = 2;
  r.seed = 1;
  return ReportHtml(r);
}

TEST(ReportHtmlTest, TablesHoldTheSignalsFiguresAndThePageIsSelfContained) {
  ForwardReturnTracker t(H("1m"), {"NVDA"}, 1, 0);
  TrackOneShort(t, "guidance");
  const std::string html = Report(t, "packs/a");
  EXPECT_EQ(html.rfind("<!DOCTYPE html>\n<html lang=\"en\">", 0), 0u);
  EXPECT_NE(html.find("<title>Tripline evaluation: packs/a</title>"), std::string::npos);
  EXPECT_NE(
      html.find("<p class=\"meta\">1 headlines and 2 price ticks from <code>day.jsonl</code>, "
                "<code>prices.jsonl</code>. Seed 1."),
      std::string::npos)
      << html.substr(0, 3000);
  // The summary's 1m row: one signal; at +1 min the price is still the entry's (0 bp, a miss).
  EXPECT_NE(html.find("<tr data-horizon=\"1m\"><td>1m</td><td class=\"num\" data-stat=\"n\">1"
                      "</td><td class=\"num neg\" data-stat=\"hit_rate\">0.0</td>"),
            std::string::npos)
      << html;
  // The signal row: the same digits as signals.csv (ret_1m_bp 0.00, mfe_1h_bp 150.00).
  EXPECT_NE(html.find("<td class=\"num \" data-col=\"ret_1m_bp\">0.00</td>"), std::string::npos)
      << html;
  EXPECT_NE(html.find("<td class=\"num pos\" data-col=\"mfe_1h_bp\">150.00</td>"),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("<table id=\"rules\"><thead><tr><th>rule</th><th class=\"num\">signals</th>"
                      "<th class=\"num\">1m</th></tr></thead><tbody>\n<tr><td><b>guidance</b>"),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("<table id=\"abnormal-rules\"><thead><tr><th>rule</th>"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  for (const char* fetch : {" src=", " href=", "<link", "url(", "@import"}) {
    EXPECT_EQ(html.find(fetch), std::string::npos) << fetch;
  }
  EXPECT_EQ(html.find("id=\"hit-rate-change\""), std::string::npos) << "one pack: no A/B";
}

TEST(ReportHtmlTest, NamesAreEscaped) {
  ForwardReturnTracker t(H("1m"), {"NVDA"}, 1, 0);
  TrackOneShort(t, "a<b>&\"c\"");
  const std::string html = Report(t, "packs/<x>");
  EXPECT_NE(html.find("<title>Tripline evaluation: packs/&lt;x&gt;</title>"), std::string::npos);
  EXPECT_NE(html.find("<b>a&lt;b&gt;&amp;&quot;c&quot;</b>"), std::string::npos) << html;
  EXPECT_EQ(html.find("a<b>"), std::string::npos);
  EXPECT_EQ(html.find("packs/<x>"), std::string::npos);
}

TEST(ReportHtmlTest, SignalTableStopsAtItsLimitAndSaysSo) {
  ForwardReturnTracker t(H("1m"), {"NVDA"}, 1, 0);
  for (size_t i = 0; i <= kReportMaxSignalRows; ++i) {
    t.AddSignal(MakeSignal("r", "NVDA", Direction::kLong, kT0, "n-" + std::to_string(i)), 0);
  }
  Tick(t, "NVDA", kT0, 100);
  t.Finish();
  const std::string html = Report(t, "packs/a");
  EXPECT_NE(html.find("<p class=\"note\">The first 500 of 501 signals; signals.csv has them "
                      "all.</p>"),
            std::string::npos);
  size_t rows = 0;
  for (size_t at = html.find("<tr class=\"sig\""); at != std::string::npos;
       at = html.find("<tr class=\"sig\"", at + 1)) {
    ++rows;
  }
  EXPECT_EQ(rows, kReportMaxSignalRows);
}

}  // namespace
}  // namespace tripline::evaluation
