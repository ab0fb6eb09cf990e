// `tripline demo` (app/cli/demo_command.cc): the sample day through the embedded broker, and
// its data found from any working directory.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <string>

#include "tests/cli/tripline_cli.h"
#include "tests/kafka/kafka_test_env.h"

namespace tripline {
namespace {

using ::testing::HasSubstr;
using Result = testing::CommandResult;
using testing::cli::kBinary;

TEST(DemoCommandTest, PublishesTheSampleThroughTheEmbeddedBrokerAndPrintsTheSignal) {
  const std::string src = TRIPLINE_SOURCE_DIR;
  std::string log = ::testing::TempDir() + "/tripline-demo-test.log";
  std::remove(log.c_str());
  testing::ChildProcess demo;
  ASSERT_TRUE(demo.Start({TRIPLINE_LIVE_DRIVER, "demo", "--duration", "2", "--rules",
                          src + "/rules/packs/china-ai-chips", "--headlines",
                          src + "/examples/h20-guidance/headlines.jsonl", "--prices",
                          src + "/examples/h20-guidance/prices.jsonl"},
                         log)
                  .ok());
  auto code = demo.Wait(std::chrono::seconds(90));
  ASSERT_TRUE(code.ok()) << code.status();
  std::string out = testing::ReadFile(log);
  EXPECT_EQ(*code, 0) << out;
  EXPECT_THAT(out, HasSubstr("embedded Kafka broker is listening on 127.0.0.1:"));
  EXPECT_THAT(out, HasSubstr("SIGNAL 2025-08-12T15:36:00Z  short NVDA"));
  EXPECT_THAT(out, HasSubstr("RETRACT 2025-08-12T16:10:34Z  short NVDA"));
  EXPECT_THAT(out, HasSubstr("1043 messages in (1043 decoded, 0 dead letters), 2 signals out"));
}

// The demo's defaults (rule pack, sample day) come from Tripline's data, not the working
// directory.
TEST(CliConventionsTest, DemoRunsFromAnyWorkingDirectory) {
  // Both streams in one, as a user at a terminal reads them, from a directory without data.
  const Result r = tripline::testing::RunCommand("(cd " + ::testing::TempDir() + " && " + kBinary +
                                                 " demo --duration 1 --log-level warn 2>&1)");
  ASSERT_NE(r.exit_code, -1) << "the demo did not exit normally";
  EXPECT_EQ(r.exit_code, 0) << r.out;
  // The guidance signal and the denial's retraction of it.
  EXPECT_NE(r.out.find("1043 messages in (1043 decoded, 0 dead letters), 2 signals out"),
            std::string::npos)
      << r.out;
}

}  // namespace
}  // namespace tripline
