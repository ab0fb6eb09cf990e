// `tripline run` (app/cli/run_command.cc) as a process: signals and probes while it starts.
#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
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

// A broker that is down while the engine starts (here: a closed port): the admin port serves
// from the start, live but not ready, a reload (SIGHUP) neither ends the engine nor makes it
// ready, and SIGTERM stops it with status 0, which systemd counts as the stop it asked for.
TEST(RunCommandTest, WhileConnectingHealthzIsOkReadyzIsNotAndSigtermStopsCleanly) {
  const std::string src = TRIPLINE_SOURCE_DIR;
  // Names of this run only: the port is read from the log, so no other run's log may be read.
  const std::string name = testing::UniqueName("tripline-connecting-test");
  const std::string conf = ::testing::TempDir() + "/" + name + ".conf";
  std::ofstream(conf) << "kafka.bootstrap.servers = 127.0.0.1:1\nrules = " << src
                      << "/rules/packs/china-ai-chips\nadmin.listen = 127.0.0.1:0\n";
  const std::string log = ::testing::TempDir() + "/" + name + ".log";
  std::remove(log.c_str());
  testing::ChildProcess run;
  ASSERT_TRUE(run.Start({TRIPLINE_LIVE_DRIVER, "run", "--config", conf}, log).ok());
  // The port it picked, from its log line "admin on port N: ...".
  int port = 0;
  for (int i = 0; i < 600 && port == 0; ++i) {
    const std::string text = testing::ReadFile(log);
    if (auto at = text.find("admin on port "); at != std::string::npos) {
      port = std::atoi(text.c_str() + at + std::strlen("admin on port "));
    } else {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  ASSERT_NE(port, 0) << testing::ReadFile(log);
  run.Signal(SIGHUP);
  auto health = testing::HttpRequest(port, "GET", "/healthz");
  ASSERT_TRUE(health.ok()) << health.status() << "\n" << testing::ReadFile(log);
  EXPECT_EQ(health->substr(0, 4), "200\n") << *health;
  auto ready = testing::HttpRequest(port, "GET", "/readyz");
  ASSERT_TRUE(ready.ok()) << ready.status();
  EXPECT_EQ(ready->substr(0, 4), "503\n") << *ready;
  const std::string after_hup = testing::ReadFile(log);
  EXPECT_NE(after_hup.find("SIGHUP while connecting to Kafka"), std::string::npos) << after_hup;
  run.Signal(SIGTERM);
  auto code = run.Wait(std::chrono::seconds(30));
  ASSERT_TRUE(code.ok()) << code.status() << "\n" << testing::ReadFile(log);
  EXPECT_EQ(*code, 0) << testing::ReadFile(log);
}

}  // namespace
}  // namespace tripline
