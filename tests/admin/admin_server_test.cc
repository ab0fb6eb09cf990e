// The admin HTTP server (app/admin/admin_server.cc): its endpoints and the token that guards a
// reload.
#include "app/admin/admin_server.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <thread>

#include <boost/asio/io_context.hpp>

#include "absl/status/status.h"
#include "tests/kafka/kafka_test_env.h"

namespace tripline {
namespace {

using ::testing::HasSubstr;

TEST(AdminServerTest, ServesEndpointsAndGuardsReloadWithTheToken) {
  boost::asio::io_context io;
  int reloads = 0;
  bool reject = false;
  AdminHandlers h;
  h.healthy = [] { return true; };
  h.ready = [] { return false; };
  h.metrics = [] { return std::string("m 1\n"); };
  h.rules = [] { return std::string("{\"rules\":[]}"); };
  h.reload = [&](AdminHandlers::ReloadDone done) {
    ++reloads;
    if (reject) {
      done(absl::InvalidArgumentError("rules.yaml:3:5: error[bad-value]: nope"));
    } else if (reloads == 3) {
      done(absl::UnavailableError("a reload is already running"));
    } else {
      done(std::string("reloaded"));
    }
  };
  h.token = "tok";
  auto server = AdminServer::Start(&io, "127.0.0.1:0", h);
  ASSERT_TRUE(server.ok()) << server.status();
  int port = (*server)->port();
  std::thread loop([&] { io.run(); });

  auto get = [&](const std::string& method, const std::string& target,
                 const std::string& auth = "") {
    auto r = testing::HttpRequest(port, method, target, auth);
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? *r : std::string();
  };
  EXPECT_EQ(get("GET", "/healthz"), "200\nok\n");
  EXPECT_EQ(get("GET", "/readyz").substr(0, 3), "503");
  EXPECT_EQ(get("GET", "/metrics"), "200\nm 1\n");
  EXPECT_EQ(get("GET", "/rules"), "200\n{\"rules\":[]}");
  EXPECT_EQ(get("GET", "/nope").substr(0, 3), "404");
  EXPECT_EQ(get("GET", "/rules/reload").substr(0, 3), "405");
  EXPECT_EQ(get("POST", "/rules/reload").substr(0, 3), "403");
  EXPECT_EQ(get("POST", "/rules/reload", "Bearer wrong").substr(0, 3), "403");
  for (const char* near_miss : {"Bearer to", "Bearer tok2", "Bearertok", "tok"}) {
    EXPECT_EQ(get("POST", "/rules/reload", near_miss).substr(0, 3), "403") << near_miss;
  }
  EXPECT_EQ(reloads, 0);
  EXPECT_EQ(get("POST", "/rules/reload", "Bearer tok"), "200\nreloaded\n");
  reject = true;
  std::string rejected = get("POST", "/rules/reload", "Bearer tok");
  EXPECT_EQ(rejected.substr(0, 3), "422");
  EXPECT_THAT(rejected, HasSubstr("rules.yaml:3:5"));
  reject = false;
  EXPECT_EQ(get("POST", "/rules/reload", "Bearer tok").substr(0, 3), "409");
  EXPECT_EQ(reloads, 3);

  io.stop();
  loop.join();
}

}  // namespace
}  // namespace tripline
