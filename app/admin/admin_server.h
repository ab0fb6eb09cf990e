// AdminServer: the live engine's HTTP admin endpoint (Boost.Beast), loopback by default.
//   GET  /healthz        200 "ok" while the process serves (healthy() true), else 503
//   GET  /readyz         200 when ready() (partitions assigned, caught up), else 503
//   GET  /metrics        Prometheus text (metrics())
//   GET  /rules          JSON from rules()
//   POST /rules/reload   needs "Authorization: Bearer TOKEN" (refused with 403 while no token
//                        is configured); 200 with reload()'s message, 422 with its errors, 409
//                        while another reload runs (reload() reports Unavailable)
// With AdminServerOptions::signals_page (the live engine):
//   GET  /               the live signals page: one HTML page with no external assets
//   GET  /signals/stream Server-Sent Events: one event per committed signal (PublishSignal),
//                        `id:` a sequence number; a (re)connecting client first gets the
//                        recent-history ring (after its Last-Event-ID when the server still
//                        holds it), then live signals; a comment line every keepalive period
// Access: on a loopback address everything is open (the host's users are trusted, as for
// /metrics). On any other address the page and the stream need the token ("Authorization:
// Bearer TOKEN" or `?token=TOKEN`, which the page passes on to its stream), and are refused
// with 403 while no token is configured; /healthz, /readyz and /metrics stay open for probes.
// It knows nothing of rules or Kafka: everything comes through the handler callbacks.
//
// Thread-safety: runs on the io_context it was started on; the callbacks run on that thread,
// so they may touch the engine's single-threaded state without locks. reload() is
// asynchronous: it may do its work elsewhere (compile rules on a worker thread) and call
// `done` later, on the io_context; the loop keeps answering /healthz meanwhile.
// PublishSignal is called on that thread too (the live engine shares its loop with the
// server): it only queues one shared frame per stream client and starts asynchronous writes,
// so no client, however slow, holds up the caller; a client whose unsent backlog exceeds
// `stream_backlog_bytes` is disconnected (its page shows the drop and reconnects).
#ifndef TRIPLINE_APP_ADMIN_ADMIN_SERVER_H_
#define TRIPLINE_APP_ADMIN_ADMIN_SERVER_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace tripline {

struct AdminHandlers {
  std::function<bool()> healthy;
  std::function<bool()> ready;
  std::function<std::string()> metrics;
  std::function<std::string()> rules;
  // Starts a reload; `done` is called once, on the io_context, with OK and a message
  // ("reloaded 12 rules"), or an error whose message lists the problems.
  using ReloadDone = std::function<void(absl::StatusOr<std::string>)>;
  std::function<void(ReloadDone done)> reload;
  std::string token;  // empty: POST /rules/reload is refused
};

struct AdminServerOptions {
  // Serve GET / and GET /signals/stream, fed by PublishSignal.
  bool signals_page = false;
  // Signals a (re)connecting stream client is sent first.
  size_t signal_history = 100;
  // A stream client with more unsent bytes than this is disconnected.
  size_t stream_backlog_bytes = 1 << 20;
  // A comment line to every stream client this often: proxies keep the connection, and a
  // client that went away is noticed.
  std::chrono::milliseconds stream_keepalive{15000};
};

class AdminServer {
 public:
  // Listens on `listen` ("HOST:PORT"; port 0 picks a free one) and serves until destroyed.
  static absl::StatusOr<std::unique_ptr<AdminServer>> Start(boost::asio::io_context* io,
                                                            const std::string& listen,
                                                            AdminHandlers handlers,
                                                            AdminServerOptions options = {});
  ~AdminServer();
  AdminServer(const AdminServer&) = delete;
  AdminServer& operator=(const AdminServer&) = delete;

  uint16_t port() const { return port_; }
  // What the connections share (the handlers); public only so they can name it.
  struct Shared;
  // Stops accepting and closes the signal streams; open requests finish.
  void Close();

  // One committed signal's JSON (docs/messages.md; one line) to every /signals/stream client
  // and the history ring. Call on the io_context's thread.
  void PublishSignal(std::string_view json);
  // Clients connected to /signals/stream now.
  size_t stream_clients() const;
  // Stream clients disconnected because they fell behind, since start.
  uint64_t stream_drops() const;

 private:
  AdminServer(boost::asio::io_context* io, AdminHandlers handlers, AdminServerOptions options);
  void Accept();
  void ArmKeepalive();

  std::shared_ptr<Shared> shared_;
  boost::asio::ip::tcp::acceptor acceptor_;
  uint16_t port_ = 0;
};

}  // namespace tripline

#endif  // TRIPLINE_APP_ADMIN_ADMIN_SERVER_H_
