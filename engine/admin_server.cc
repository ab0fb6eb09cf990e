#include "engine/admin_server.h"

#include <boost/asio/ip/address.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace tripline {

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;

struct AdminServer::Shared {
  AdminHandlers handlers;
};

namespace {

// The answer to a finished reload.
void ReplyToReload(const absl::StatusOr<std::string>& result,
                   http::response<http::string_body>* res) {
  if (result.ok()) {
    res->result(http::status::ok);
    res->body() = absl::StrCat(*result, "\n");
  } else if (absl::IsUnavailable(result.status())) {
    res->result(http::status::conflict);
    res->body() = absl::StrCat(result.status().message(), "\n");
  } else {
    res->result(http::status::unprocessable_entity);
    res->body() =
        absl::StrCat("rejected; the old rules stay in force:\n", result.status().message(), "\n");
  }
  res->prepare_payload();
}

// The response, or none with *reload set when the request starts a reload (answered later).
http::response<http::string_body> Respond(const AdminHandlers& h,
                                          const http::request<http::string_body>& req,
                                          bool* reload) {
  http::response<http::string_body> res;
  res.version(req.version());
  res.keep_alive(false);
  res.set(http::field::content_type, "text/plain; charset=utf-8");
  auto reply = [&](http::status status, std::string body) {
    res.result(status);
    res.body() = std::move(body);
  };
  std::string target(req.target().data(), req.target().size());
  if (size_t q = target.find('?'); q != std::string::npos) target.resize(q);
  const bool get = req.method() == http::verb::get;

  if (get && target == "/healthz") {
    bool ok = !h.healthy || h.healthy();
    reply(ok ? http::status::ok : http::status::service_unavailable, ok ? "ok\n" : "unhealthy\n");
  } else if (get && target == "/readyz") {
    bool ok = h.ready && h.ready();
    reply(ok ? http::status::ok : http::status::service_unavailable,
          ok ? "ready\n" : "not ready\n");
  } else if (get && target == "/metrics") {
    res.set(http::field::content_type, "text/plain; version=0.0.4; charset=utf-8");
    reply(http::status::ok, h.metrics ? h.metrics() : "");
  } else if (get && target == "/rules") {
    res.set(http::field::content_type, "application/json");
    reply(http::status::ok, h.rules ? h.rules() : "{}");
  } else if (req.method() == http::verb::post && target == "/rules/reload") {
    auto auth = req[http::field::authorization];
    std::string expected = absl::StrCat("Bearer ", h.token);
    if (h.token.empty() || !h.reload) {
      reply(http::status::forbidden, "reload over HTTP is disabled: no admin.token configured\n");
    } else if (std::string_view(auth.data(), auth.size()) != expected) {
      reply(http::status::forbidden, "missing or wrong token\n");
    } else {
      *reload = true;
    }
  } else if (target == "/healthz" || target == "/readyz" || target == "/metrics" ||
             target == "/rules" || target == "/rules/reload") {
    reply(http::status::method_not_allowed, "method not allowed\n");
  } else {
    reply(http::status::not_found, "not found\n");
  }
  res.prepare_payload();
  return res;
}

// One request per connection: admin traffic is rare, and no keep-alive keeps this simple.
class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(tcp::socket socket, std::shared_ptr<AdminServer::Shared> shared)
      : stream_(std::move(socket)), shared_(std::move(shared)) {}

  void Run() {
    stream_.expires_after(std::chrono::seconds(10));
    req_.body_limit(64 * 1024);
    http::async_read(stream_, buffer_, req_,
                     [self = shared_from_this()](beast::error_code ec, size_t) {
                       if (ec) return;
                       self->Write();
                     });
  }

 private:
  void Write() {
    bool reload = false;
    res_ = Respond(shared_->handlers, req_.get(), &reload);
    if (reload) {
      shared_->handlers.reload([self = shared_from_this()](absl::StatusOr<std::string> result) {
        ReplyToReload(result, &self->res_);
        self->Send();
      });
      return;
    }
    Send();
  }

  void Send() {
    // A reload may have taken longer than the read's deadline.
    stream_.expires_after(std::chrono::seconds(10));
    http::async_write(stream_, res_, [self = shared_from_this()](beast::error_code, size_t) {
      beast::error_code ignored;
      self->stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    });
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  http::request_parser<http::string_body> req_;
  http::response<http::string_body> res_;
  std::shared_ptr<AdminServer::Shared> shared_;
};

}  // namespace

AdminServer::AdminServer(boost::asio::io_context* io, AdminHandlers handlers)
    : shared_(std::make_shared<Shared>()), acceptor_(*io) {
  shared_->handlers = std::move(handlers);
}

AdminServer::~AdminServer() { Close(); }

absl::StatusOr<std::unique_ptr<AdminServer>> AdminServer::Start(boost::asio::io_context* io,
                                                                const std::string& listen,
                                                                AdminHandlers handlers) {
  size_t colon = listen.rfind(':');
  uint32_t port = 0;
  if (colon == std::string::npos || !absl::SimpleAtoi(listen.substr(colon + 1), &port) ||
      port > 65535) {
    return absl::InvalidArgumentError(
        absl::StrCat("admin.listen: expected HOST:PORT, got '", listen, "'"));
  }
  std::string host = listen.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[') host = host.substr(1, host.size() - 2);
  boost::system::error_code ec;
  auto address = boost::asio::ip::make_address(host, ec);
  if (ec) return absl::InvalidArgumentError(absl::StrCat("admin.listen: bad address ", host));

  std::unique_ptr<AdminServer> server(new AdminServer(io, std::move(handlers)));
  tcp::endpoint endpoint(address, static_cast<uint16_t>(port));
  server->acceptor_.open(endpoint.protocol(), ec);
  if (!ec) server->acceptor_.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) server->acceptor_.bind(endpoint, ec);
  if (!ec) server->acceptor_.listen(boost::asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return absl::UnavailableError(absl::StrCat("admin server on ", listen, ": ", ec.message()));
  }
  server->port_ = server->acceptor_.local_endpoint().port();
  server->Accept();
  return server;
}

void AdminServer::Accept() {
  acceptor_.async_accept([this, shared = shared_](boost::system::error_code ec, tcp::socket s) {
    if (ec) return;  // closed
    std::make_shared<Connection>(std::move(s), shared)->Run();
    Accept();
  });
}

void AdminServer::Close() {
  boost::system::error_code ignored;
  acceptor_.close(ignored);
}

}  // namespace tripline
