// The admin server's live signals page and its Server-Sent Events stream, without a broker:
// ids and the history ring a (re)connecting page gets, a slow client dropped without holding
// up the publisher, and the token on a non-loopback address.
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <functional>
#include <future>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <boost/asio/post.hpp>

#include "absl/strings/str_cat.h"
#include "app/admin/admin_server.h"
#include "tests/kafka/kafka_test_env.h"

namespace tripline {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// A raw client of /signals/stream: sends the request, then reads what arrives.
class StreamReader {
 public:
  StreamReader(int port, const std::string& extra_headers = "",
               const std::string& target = "/signals/stream", int rcvbuf = 0) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    if (rcvbuf > 0) setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(port);
    connected_ = connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
    std::string req =
        absl::StrCat("GET ", target, " HTTP/1.1\r\nHost: 127.0.0.1\r\n", extra_headers, "\r\n");
    if (connected_) connected_ = write(fd_, req.data(), req.size()) == ssize_t(req.size());
  }
  ~StreamReader() { close(fd_); }

  // Reads until `text` arrived, the peer closed, or 5 s passed; returns everything so far.
  const std::string& ReadUntil(const std::string& text) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (connected_ && data_.find(text) == std::string::npos &&
           std::chrono::steady_clock::now() < deadline) {
      pollfd p{fd_, POLLIN, 0};
      if (poll(&p, 1, 100) <= 0) continue;
      char buf[4096];
      ssize_t n = read(fd_, buf, sizeof(buf));
      if (n <= 0) {
        closed_ = true;
        break;
      }
      data_.append(buf, n);
    }
    return data_;
  }
  bool closed() const { return closed_; }

 private:
  int fd_ = -1;
  bool connected_ = false;
  bool closed_ = false;
  std::string data_;
};

class SignalStreamTest : public ::testing::Test {
 protected:
  void Start(const std::string& listen, const std::string& token, AdminServerOptions options) {
    AdminHandlers h;
    h.healthy = [] { return true; };
    h.token = token;
    options.signals_page = true;
    auto server = AdminServer::Start(&io_, listen, h, options);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
    work_.emplace(io_.get_executor());
    loop_ = std::thread([this] { io_.run(); });
  }
  void TearDown() override {
    if (server_) OnLoop([this] { server_->Close(); });
    work_.reset();
    io_.stop();
    if (loop_.joinable()) loop_.join();
  }
  // Runs `fn` on the server's thread (as the live loop's post-commit sink does) and waits.
  void OnLoop(std::function<void()> fn) {
    std::promise<void> done;
    boost::asio::post(io_, [&] {
      fn();
      done.set_value();
    });
    done.get_future().wait();
  }
  void Publish(int n) {
    OnLoop([&] { server_->PublishSignal(absl::StrCat("{\"signal_id\":\"s", n, "\"}")); });
  }
  size_t Clients() {
    size_t n = 0;
    OnLoop([&] { n = server_->stream_clients(); });
    return n;
  }
  // Waits (up to 5 s) until the server counts `n` stream clients.
  bool WaitForClients(size_t n) {
    for (int i = 0; i < 500; ++i) {
      if (Clients() == n) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
  }

  boost::asio::io_context io_;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_;
  std::unique_ptr<AdminServer> server_;
  std::thread loop_;
};

TEST_F(SignalStreamTest, EachSignalIsAnEventWithAnIdAndReconnectsResumeFromTheRing) {
  AdminServerOptions options;
  options.signal_history = 3;
  Start("127.0.0.1:0", "", options);
  const int port = server_->port();
  Publish(1);
  StreamReader first(port);
  EXPECT_THAT(first.ReadUntil("s1"),
              HasSubstr("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"));
  EXPECT_THAT(first.ReadUntil("s1"), HasSubstr("\r\n\r\nretry: 2000\n\nid: 1\ndata: "
                                               "{\"signal_id\":\"s1\"}\n\n"))
      << "a new client gets the history first";
  ASSERT_TRUE(WaitForClients(1));
  Publish(2);
  Publish(3);
  EXPECT_THAT(first.ReadUntil("s3"), HasSubstr("id: 2\ndata: {\"signal_id\":\"s2\"}\n\nid: 3\n"
                                               "data: {\"signal_id\":\"s3\"}\n\n"));
  Publish(4);
  Publish(5);  // the ring now holds 3, 4, 5
  StreamReader resumed(port, "Last-Event-ID: 4\r\n");
  const std::string& r = resumed.ReadUntil("s5");
  EXPECT_THAT(r, HasSubstr("id: 5\ndata: {\"signal_id\":\"s5\"}"));
  EXPECT_THAT(r, Not(HasSubstr("s4"))) << "already seen before the reconnect";
  StreamReader behind(port, "Last-Event-ID: 1\r\n");
  const std::string& b = behind.ReadUntil("s5");
  EXPECT_THAT(b, HasSubstr("id: 3\n"));
  EXPECT_THAT(b, HasSubstr("id: 4\n"));
  EXPECT_THAT(b, Not(HasSubstr("id: 2\n"))) << "the ring keeps the last 3";
  ASSERT_TRUE(WaitForClients(3));

  auto page = testing::HttpRequest(port, "GET", "/");
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->substr(0, 4), "200\n");
  EXPECT_THAT(*page, HasSubstr("new EventSource(streamUrl)"));
  EXPECT_THAT(*page, Not(HasSubstr("http://"))) << "no external assets";
  EXPECT_THAT(*page, Not(HasSubstr("https://")));
}

TEST_F(SignalStreamTest, ASlowClientIsDroppedAndNeverHoldsUpThePublisher) {
  AdminServerOptions options;
  options.stream_backlog_bytes = 256 * 1024;
  Start("127.0.0.1:0", "", options);
  StreamReader stalled(server_->port(), "", "/signals/stream", 4096);  // never reads
  ASSERT_TRUE(WaitForClients(1));
  StreamReader healthy(server_->port());
  ASSERT_TRUE(WaitForClients(2));
  const std::string big(16 * 1024, 'x');
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 1000; ++i) {  // 16 MB: far more than the socket buffers hold
    OnLoop([&] {
      server_->PublishSignal(absl::StrCat("{\"signal_id\":\"", i, "\",\"pad\":\"", big, "\"}"));
    });
    healthy.ReadUntil(absl::StrCat("\"signal_id\":\"", i, "\""));
  }
  auto took = std::chrono::steady_clock::now() - start;
  EXPECT_LT(took, std::chrono::seconds(20));
  uint64_t drops = 0;
  OnLoop([&] { drops = server_->stream_drops(); });
  EXPECT_EQ(drops, 1u);
  EXPECT_TRUE(WaitForClients(1)) << "the stalled client was disconnected";
  EXPECT_THAT(healthy.ReadUntil("\"signal_id\":\"999\""), HasSubstr("\"signal_id\":\"999\""))
      << "the client that keeps up gets everything";
}

TEST_F(SignalStreamTest, OffLoopbackThePageAndTheStreamNeedTheToken) {
  Start("0.0.0.0:0", "s3cret", {});
  const int port = server_->port();
  EXPECT_EQ(testing::HttpRequest(port, "GET", "/healthz")->substr(0, 3), "200")
      << "probes stay open";
  EXPECT_EQ(testing::HttpRequest(port, "GET", "/")->substr(0, 3), "401");
  EXPECT_EQ(testing::HttpRequest(port, "GET", "/?token=wrong")->substr(0, 3), "401");
  EXPECT_EQ(testing::HttpRequest(port, "GET", "/?token=s3cre")->substr(0, 3), "401");
  EXPECT_EQ(testing::HttpRequest(port, "GET", "/", "Bearer s3cret2")->substr(0, 3), "401");
  EXPECT_EQ(testing::HttpRequest(port, "GET", "/?token=s3cret")->substr(0, 4), "200\n");
  EXPECT_EQ(testing::HttpRequest(port, "GET", "/", "Bearer s3cret")->substr(0, 4), "200\n");
  StreamReader refused(port);
  EXPECT_THAT(refused.ReadUntil("\r\n\r\n"), HasSubstr("HTTP/1.1 401"));
  StreamReader by_query(port, "", "/signals/stream?token=s3cret");
  EXPECT_THAT(by_query.ReadUntil("retry"), HasSubstr("text/event-stream"));
}

TEST_F(SignalStreamTest, OffLoopbackWithoutATokenThePageIsRefused) {
  Start("0.0.0.0:0", "", {});
  auto page = testing::HttpRequest(server_->port(), "GET", "/");
  EXPECT_EQ(page->substr(0, 3), "403");
  EXPECT_THAT(*page, HasSubstr("admin.token"));
}

}  // namespace
}  // namespace tripline
