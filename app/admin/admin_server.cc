#include "app/admin/admin_server.h"

#include <fcntl.h>

#include <deque>
#include <vector>

#include <boost/asio/ip/address.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "app/admin/signals_page.h"

namespace tripline {

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;

namespace {
class StreamClient;
// One Server-Sent Events frame, built once and shared by every client's queue.
using Frame = std::shared_ptr<const std::string>;
}  // namespace

struct AdminServer::Shared {
  explicit Shared(boost::asio::io_context* io) : keepalive(*io) {}
  AdminHandlers handlers;
  AdminServerOptions options;
  bool loopback = true;  // the listening address; elsewhere the page needs the token
  bool closed = false;
  // The signal stream: its clients, the recent frames a (re)connecting client is sent first,
  // and the id of the next frame.
  std::vector<std::shared_ptr<StreamClient>> clients;
  struct Recent {
    uint64_t id;
    Frame frame;
  };
  std::deque<Recent> history;
  uint64_t next_id = 1;
  uint64_t drops = 0;
  boost::asio::steady_timer keepalive;
  Frame keepalive_frame = std::make_shared<const std::string>(": keepalive\n\n");
};

namespace {

// One /signals/stream client: the socket after the request was read, and a queue of frames.
// Writes one frame at a time; a read that completes means the client went away.
class StreamClient : public std::enable_shared_from_this<StreamClient> {
 public:
  StreamClient(tcp::socket socket, std::weak_ptr<AdminServer::Shared> shared)
      : socket_(std::move(socket)), shared_(std::move(shared)) {}

  // Sends the response header and the history after `last_event_id` (0: all of it).
  void Start(uint64_t last_event_id) {
    auto shared = shared_.lock();
    if (!shared) return;
    shared->clients.push_back(shared_from_this());
    Enqueue(std::make_shared<const std::string>(
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
        "Connection: close\r\nX-Content-Type-Options: nosniff\r\n\r\nretry: 2000\n\n"));
    // A Last-Event-ID the ring still covers resumes after it; one from before the ring (or
    // from an earlier server process) gets the whole ring: pages deduplicate by signal_id.
    const auto& h = shared->history;
    const bool resumable =
        !h.empty() && last_event_id + 1 >= h.front().id && last_event_id < shared->next_id;
    for (const auto& r : h) {
      if (!resumable || r.id > last_event_id) Enqueue(r.frame);
    }
    WatchForClose();
  }

  void Enqueue(const Frame& frame) {
    if (closed_) return;
    auto shared = shared_.lock();
    queued_bytes_ += frame->size();
    if (shared && queued_bytes_ > shared->options.stream_backlog_bytes) {
      ++shared->drops;
      Close();
      return;
    }
    queue_.push_back(frame);
    if (!writing_) WriteNext();
  }

  void Close() {
    if (closed_) return;
    closed_ = true;
    boost::system::error_code ignored;
    socket_.shutdown(tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
    queue_.clear();
    if (auto shared = shared_.lock()) {
      auto& c = shared->clients;
      for (size_t i = 0; i < c.size(); ++i) {
        if (c[i].get() == this) {
          c[i] = std::move(c.back());
          c.pop_back();
          break;
        }
      }
    }
  }

 private:
  void WriteNext() {
    writing_ = true;
    boost::asio::async_write(socket_, boost::asio::buffer(*queue_.front()),
                             [self = shared_from_this()](boost::system::error_code ec, size_t) {
                               self->writing_ = false;
                               if (ec || self->closed_) {
                                 self->Close();
                                 return;
                               }
                               self->queued_bytes_ -= self->queue_.front()->size();
                               self->queue_.pop_front();
                               if (!self->queue_.empty()) self->WriteNext();
                             });
  }

  // A client sends nothing after its request; a completed read is its EOF (or garbage).
  void WatchForClose() {
    socket_.async_read_some(boost::asio::buffer(read_buf_),
                            [self = shared_from_this()](boost::system::error_code ec, size_t) {
                              if (ec) {
                                self->Close();
                              } else if (!self->closed_) {
                                self->WatchForClose();
                              }
                            });
  }

  tcp::socket socket_;
  std::weak_ptr<AdminServer::Shared> shared_;
  std::deque<Frame> queue_;
  size_t queued_bytes_ = 0;
  bool writing_ = false;
  bool closed_ = false;
  char read_buf_[512];
};

// `name`'s value in the target's query string, percent-decoded; empty when absent.
std::string QueryParam(std::string_view target, std::string_view name) {
  size_t q = target.find('?');
  if (q == std::string_view::npos) return "";
  std::string_view query = target.substr(q + 1);
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    size_t eq = pair.find('=');
    if (pair.substr(0, eq) != name || eq == std::string_view::npos) continue;
    std::string out;
    std::string_view v = pair.substr(eq + 1);
    for (size_t i = 0; i < v.size(); ++i) {
      auto digit = [](char c) {
        return c >= '0' && c <= '9'   ? c - '0'
               : c >= 'a' && c <= 'f' ? c - 'a' + 10
               : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                      : -1;
      };
      if (v[i] == '%' && i + 2 < v.size() && digit(v[i + 1]) >= 0 && digit(v[i + 2]) >= 0) {
        out.push_back(static_cast<char>(digit(v[i + 1]) * 16 + digit(v[i + 2])));
        i += 2;
      } else {
        out.push_back(v[i] == '+' ? ' ' : v[i]);
      }
    }
    return out;
  }
  return "";
}

// Whether `given` is the configured `token`. Compares every byte whatever the first mismatch,
// so the time a wrong guess takes does not tell how much of it was right. No token is set:
// nothing matches.
bool TokenMatches(std::string_view given, std::string_view token) {
  if (token.empty() || given.size() != token.size()) return false;
  unsigned char diff = 0;
  for (size_t i = 0; i < token.size(); ++i) diff |= given[i] ^ token[i];
  return diff == 0;
}

// Whether `req` carries "Authorization: Bearer <token>".
bool CarriesToken(const http::request<http::string_body>& req, std::string_view token) {
  const auto auth = req[http::field::authorization];
  constexpr std::string_view kScheme = "Bearer ";
  const std::string_view given(auth.data(), auth.size());
  return given.starts_with(kScheme) && TokenMatches(given.substr(kScheme.size()), token);
}

// Whether the page and the stream may be served to `req`; else sets the refusal.
bool PageAllowed(const AdminServer::Shared& shared, const http::request<http::string_body>& req,
                 http::status* status, std::string* why) {
  if (shared.loopback) return true;
  const std::string& token = shared.handlers.token;
  if (token.empty()) {
    *status = http::status::forbidden;
    *why = "the signals page on a non-loopback address needs admin.token\n";
    return false;
  }
  std::string_view target(req.target().data(), req.target().size());
  if (CarriesToken(req, token) || TokenMatches(QueryParam(target, "token"), token)) return true;
  *status = http::status::unauthorized;
  *why = "missing or wrong token: open /?token=TOKEN\n";
  return false;
}

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
http::response<http::string_body> Respond(const AdminServer::Shared& shared,
                                          const http::request<http::string_body>& req, bool* reload,
                                          bool* stream) {
  const AdminHandlers& h = shared.handlers;
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

  const bool page = shared.options.signals_page;
  http::status refusal = http::status::ok;
  std::string why;
  if (get && page && (target == "/" || target == "/signals/stream") &&
      !PageAllowed(shared, req, &refusal, &why)) {
    reply(refusal, why);
  } else if (get && page && target == "/") {
    res.set(http::field::content_type, "text/html; charset=utf-8");
    res.set(http::field::cache_control, "no-cache");
    // The page loads nothing from anywhere: no external scripts, styles or fonts.
    res.set("Content-Security-Policy",
            "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
            "connect-src 'self'; img-src data:");
    reply(http::status::ok, std::string(SignalsPageHtml()));
  } else if (get && page && target == "/signals/stream") {
    *stream = true;
  } else if (get && target == "/healthz") {
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
    if (h.token.empty() || !h.reload) {
      reply(http::status::forbidden, "reload over HTTP is disabled: no admin.token configured\n");
    } else if (!CarriesToken(req, h.token)) {
      reply(http::status::forbidden, "missing or wrong token\n");
    } else {
      *reload = true;
    }
  } else if (target == "/healthz" || target == "/readyz" || target == "/metrics" ||
             target == "/rules" || target == "/rules/reload" ||
             (page && (target == "/" || target == "/signals/stream"))) {
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
    bool reload = false, stream = false;
    res_ = Respond(*shared_, req_.get(), &reload, &stream);
    if (stream) {
      if (shared_->closed) return;
      uint64_t last_id = 0;
      auto header = req_.get()["Last-Event-ID"];
      if (!absl::SimpleAtoi(absl::string_view(header.data(), header.size()), &last_id)) {
        last_id = 0;
      }
      std::make_shared<StreamClient>(stream_.release_socket(), shared_)->Start(last_id);
      return;
    }
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

AdminServer::AdminServer(boost::asio::io_context* io, AdminHandlers handlers,
                         AdminServerOptions options)
    : shared_(std::make_shared<Shared>(io)), acceptor_(*io) {
  shared_->handlers = std::move(handlers);
  shared_->options = options;
}

AdminServer::~AdminServer() { Close(); }

absl::StatusOr<std::unique_ptr<AdminServer>> AdminServer::Start(boost::asio::io_context* io,
                                                                const std::string& listen,
                                                                AdminHandlers handlers,
                                                                AdminServerOptions options) {
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

  std::unique_ptr<AdminServer> server(new AdminServer(io, std::move(handlers), options));
  server->shared_->loopback = address.is_loopback();
  tcp::endpoint endpoint(address, static_cast<uint16_t>(port));
  server->acceptor_.open(endpoint.protocol(), ec);
  // Not inherited by child processes: a child holding the listening socket would keep the
  // port taken (and its connections unanswered) after this server closed it.
  if (!ec) ::fcntl(server->acceptor_.native_handle(), F_SETFD, FD_CLOEXEC);
  if (!ec) server->acceptor_.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) server->acceptor_.bind(endpoint, ec);
  if (!ec) server->acceptor_.listen(boost::asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return absl::UnavailableError(absl::StrCat("admin server on ", listen, ": ", ec.message()));
  }
  server->port_ = server->acceptor_.local_endpoint().port();
  server->Accept();
  if (options.signals_page) server->ArmKeepalive();
  return server;
}

void AdminServer::ArmKeepalive() {
  shared_->keepalive.expires_after(shared_->options.stream_keepalive);
  shared_->keepalive.async_wait([this, shared = shared_](boost::system::error_code ec) {
    if (ec || shared->closed) return;
    // Enqueue may close (and remove) a client: iterate over a copy.
    auto clients = shared->clients;
    for (const auto& c : clients) c->Enqueue(shared->keepalive_frame);
    ArmKeepalive();
  });
}

void AdminServer::PublishSignal(std::string_view json) {
  Shared& s = *shared_;
  if (!s.options.signals_page || s.closed) return;
  const uint64_t id = s.next_id++;
  auto frame = std::make_shared<std::string>();
  frame->reserve(json.size() + 32);
  absl::StrAppend(frame.get(), "id: ", id, "\ndata: ");
  // The encoder writes one line; a newline inside would end the SSE data field.
  for (char c : json) frame->push_back(c == '\n' || c == '\r' ? ' ' : c);
  frame->append("\n\n");
  Frame shared_frame = std::move(frame);
  s.history.push_back({id, shared_frame});
  while (s.history.size() > s.options.signal_history) s.history.pop_front();
  auto clients = s.clients;
  for (const auto& c : clients) c->Enqueue(shared_frame);
}

size_t AdminServer::stream_clients() const { return shared_->clients.size(); }
uint64_t AdminServer::stream_drops() const { return shared_->drops; }

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
  shared_->closed = true;
  shared_->keepalive.cancel();
  auto clients = std::move(shared_->clients);
  for (const auto& c : clients) c->Close();
}

}  // namespace tripline
