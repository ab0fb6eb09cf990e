// `tripline route` (app/cli/route_command.cc) against a real Kafka broker: its rules reload
// over HTTP and on SIGHUP, as the engine's do.
#include <signal.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/kafka/kafka_live_fixture.h"

namespace tripline::testing {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;
using std::chrono::seconds;

// `tripline route` reloads its rules (POST /rules/reload and SIGHUP) as the engine does: a
// rule that reaches a new instrument gets its headlines routed without a restart.
TEST_F(KafkaLiveTest, RouterReloadsItsRulesOverHttpAndOnSighup) {
  Topics t = NewTopics("route-reload");
  const std::string routed = t.headlines + ".routed";
  ASSERT_TRUE(CreateTopics(bootstrap_, {t.headlines, t.dlq}).ok());
  ASSERT_TRUE(CreateTopics(bootstrap_, {t.prices, routed}, 2).ok());
  const std::string entities =
      "entities:\n  nvidia: {instruments: [NVDA], names: [Nvidia]}\n"
      "  amd: {instruments: [AMD], names: [AMD]}\nrules:\n";
  const std::string nvidia_rule =
      "  - id: nvidia-alpha\n    headline: '\"alpha phrase\" and mentions(nvidia)'\n"
      "    emit: {instrument: NVDA, direction: short}\n";
  const std::string amd_rule =
      "  - id: amd-beta\n    headline: '\"beta phrase\" and mentions(amd)'\n"
      "    emit: {instrument: AMD, direction: short}\n";
  const std::string pack = (dir_ / "route-pack.yaml").string();
  std::ofstream(pack) << entities << nvidia_rule;
  std::string config = WriteConfig(t, "admin.token = tok\n", pack);
  const int port = FreePort();
  ChildProcess router;
  ASSERT_TRUE(router
                  .Start({TRIPLINE_LIVE_DRIVER, "route", "--config", config, "--to", routed,
                          "--admin", "127.0.0.1:" + std::to_string(port)},
                         (dir_ / "route.log").string())
                  .ok());
  auto metrics = [&](const std::string& series) {
    auto m = HttpRequest(port, "GET", "/metrics");
    return m.ok() && m->find(series) != std::string::npos;
  };
  auto wait_for = [&](const std::string& series) {
    auto deadline = std::chrono::steady_clock::now() + seconds(60);
    while (std::chrono::steady_clock::now() < deadline) {
      if (metrics(series)) return true;
      std::this_thread::sleep_for(milliseconds(200));
    }
    return false;
  };
  auto headline = [&](int n, const std::string& text) {
    return OutRecord{t.headlines, "",
                     "{\"id\":\"h" + std::to_string(n) +
                         "\",\"ts\":\"2025-08-12T12:00:00Z\",\"source\":\"Reuters\","
                         "\"headline\":\"" +
                         text + "\"}"};
  };
  ASSERT_TRUE(wait_for("tripline_rules_loaded 1\n")) << "admin endpoint and metrics";
  // The AMD headline reaches no rule yet: not routed.
  ASSERT_TRUE(Produce(bootstrap_, {headline(1, "AMD beta phrase")}).ok());
  ASSERT_TRUE(wait_for("tripline_route_unrouted_total 1\n"));

  std::ofstream(pack, std::ios::trunc) << entities << nvidia_rule << amd_rule;
  auto forbidden = HttpRequest(port, "POST", "/rules/reload", "Bearer wrong");
  ASSERT_TRUE(forbidden.ok());
  EXPECT_EQ(forbidden->substr(0, 3), "403");
  auto reloaded = HttpRequest(port, "POST", "/rules/reload", "Bearer tok");
  ASSERT_TRUE(reloaded.ok()) << reloaded.status();
  EXPECT_EQ(reloaded->substr(0, 3), "200") << *reloaded;
  EXPECT_THAT(*reloaded, ::testing::HasSubstr("reloaded 2 rules"));
  ASSERT_TRUE(Produce(bootstrap_, {headline(2, "AMD beta phrase")}).ok());
  ASSERT_TRUE(wait_for("tripline_route_copies_total 1\n"));

  // SIGHUP: a pack that now only knows Nvidia; the AMD headline is unrouted again.
  std::ofstream(pack, std::ios::trunc) << entities << nvidia_rule;
  router.Signal(SIGHUP);
  ASSERT_TRUE(wait_for("tripline_rule_reloads_total{result=\"ok\"} 2\n"));
  ASSERT_TRUE(Produce(bootstrap_, {headline(3, "AMD beta phrase")}).ok());
  ASSERT_TRUE(wait_for("tripline_route_unrouted_total 2\n"));
  // An invalid pack is rejected and the old rules stay.
  std::ofstream(pack, std::ios::trunc) << "rules:\n  - id: [oops\n";
  auto rejected = HttpRequest(port, "POST", "/rules/reload", "Bearer tok");
  ASSERT_TRUE(rejected.ok());
  EXPECT_EQ(rejected->substr(0, 3), "422") << *rejected;
  EXPECT_TRUE(metrics("tripline_rules_loaded 1\n"));

  router.Signal(SIGTERM);
  auto code = router.Wait(seconds(30));
  ASSERT_TRUE(code.ok()) << code.status();
  EXPECT_EQ(*code, 0);
  std::vector<Record> out = ReadTopic(bootstrap_, routed, 1, milliseconds(1000), seconds(20));
  // The router's progress markers (no key, no value) are not copies.
  const size_t markers = std::count_if(
      out.begin(), out.end(), [](const Record& r) { return r.key.empty() && r.value.empty(); });
  EXPECT_GT(markers, 0u) << "the router wrote no progress marker";
  out.erase(std::remove_if(out.begin(), out.end(),
                           [](const Record& r) { return r.key.empty() && r.value.empty(); }),
            out.end());
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].key, "AMD");
  EXPECT_THAT(out[0].value, ::testing::HasSubstr("\"h2\""));
}

}  // namespace
}  // namespace tripline::testing
