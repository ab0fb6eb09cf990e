// `tripline run` (app/cli/run_command.cc) as a process: signals while it starts.
#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <fstream>
#include <string>
#include <thread>

#include "absl/status/status.h"
#include "tests/kafka/kafka_test_env.h"

namespace tripline {
namespace {

// `systemctl reload` while the engine still connects to Kafka (here: to a closed port, so it
// waits for metadata): the SIGHUP is held, not fatal. Before, the process ended with status 129,
// which systemd counts as a clean stop, and the service stayed down.
TEST(RunCommandTest, SighupWhileConnectingDoesNotEndTheEngine) {
  const std::string src = TRIPLINE_SOURCE_DIR;
  const std::string conf = ::testing::TempDir() + "/tripline-hup-test.conf";
  std::ofstream(conf) << "kafka.bootstrap.servers = 127.0.0.1:1\nrules = " << src
                      << "/rules/packs/china-ai-chips\n";
  const std::string log = ::testing::TempDir() + "/tripline-hup-test.log";
  testing::ChildProcess run;
  ASSERT_TRUE(run.Start({TRIPLINE_LIVE_DRIVER, "run", "--config", conf}, log).ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // inside Create
  run.Signal(SIGHUP);
  // Still running 2 s later (Wait times out and stops it); a fatal SIGHUP returns -SIGHUP.
  auto code = run.Wait(std::chrono::seconds(2));
  ASSERT_FALSE(code.ok()) << "the engine exited with " << *code << ":\n" << testing::ReadFile(log);
  EXPECT_TRUE(absl::IsDeadlineExceeded(code.status())) << code.status();
}

}  // namespace
}  // namespace tripline
