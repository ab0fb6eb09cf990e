// AdminServer: the live engine's HTTP admin endpoint (Boost.Beast), loopback by default.
//   GET  /healthz        200 "ok" while the process serves (healthy() true), else 503
//   GET  /readyz         200 when ready() (partitions assigned, caught up), else 503
//   GET  /metrics        Prometheus text (metrics())
//   GET  /rules          JSON from rules()
//   POST /rules/reload   needs "Authorization: Bearer TOKEN" (refused with 403 while no token
//                        is configured); 200 with reload()'s message, 422 with its errors, 409
//                        while another reload runs (reload() reports Unavailable)
// It knows nothing of rules or Kafka: everything comes through the handler callbacks.
//
// Thread-safety: runs on the io_context it was started on; the callbacks run on that thread,
// so they may touch the engine's single-threaded state without locks. reload() is
// asynchronous: it may do its work elsewhere (compile rules on a worker thread) and call
// `done` later, on the io_context; the loop keeps answering /healthz meanwhile.
#ifndef TRIPLINE_ENGINE_ADMIN_SERVER_H_
#define TRIPLINE_ENGINE_ADMIN_SERVER_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

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

class AdminServer {
 public:
  // Listens on `listen` ("HOST:PORT"; port 0 picks a free one) and serves until destroyed.
  static absl::StatusOr<std::unique_ptr<AdminServer>> Start(boost::asio::io_context* io,
                                                            const std::string& listen,
                                                            AdminHandlers handlers);
  ~AdminServer();
  AdminServer(const AdminServer&) = delete;
  AdminServer& operator=(const AdminServer&) = delete;

  uint16_t port() const { return port_; }
  // What the connections share (the handlers); public only so they can name it.
  struct Shared;
  // Stops accepting; open connections finish their request.
  void Close();

 private:
  AdminServer(boost::asio::io_context* io, AdminHandlers handlers);
  void Accept();

  std::shared_ptr<Shared> shared_;
  boost::asio::ip::tcp::acceptor acceptor_;
  uint16_t port_ = 0;
};

}  // namespace tripline

#endif  // TRIPLINE_ENGINE_ADMIN_SERVER_H_
