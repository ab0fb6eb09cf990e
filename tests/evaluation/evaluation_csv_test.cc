// app/evaluation/evaluation_csv.cc: signals.csv, one row per signal.
#include "app/evaluation/evaluation_csv.h"

#include <gtest/gtest.h>

#include <string>

#include "tests/evaluation/tracked_signals.h"

namespace tripline::evaluation {
namespace {

TEST(EvaluationCsvTest, OneRowPerSignalWithBasisPoints) {
  ForwardReturnTracker t(H("1m"), {"NVDA"}, 1, 0);
  TrackOneShort(t, "r");
  const std::string csv = SignalsCsv(t, Costs{});
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "pack,signal_id,rule,instrument,direction,score,count,signal_ts,first_headline_ts,"
            "delay_s,entry_ts,entry_price,ret_1m_bp,mfe_1h_bp,mae_1h_bp,headline_ids,"
            "benchmark,ar_model,ar_beta,ar_1m_bp,entry_cost_bp,net_1m_bp");
  EXPECT_NE(csv.find(",short,0.8,1,2025-08-12T14:00:00Z,2025-08-12T13:59:30Z,30.0,"
                     "2025-08-12T14:00:00Z,100,0.00,150.00,0.00,n-1,,raw,,0.00,0.00,0.00\n"),
            std::string::npos)
      << csv;
}

}  // namespace
}  // namespace tripline::evaluation
