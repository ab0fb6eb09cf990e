// LiveService: the live engine assembled for `tripline run` and `tripline demo`: the rule pack
// and RuleEngine, the Kafka consumer and output, the consume-transform-produce loop, the admin
// HTTP server and the process signals (SIGTERM/SIGINT stop gracefully, SIGHUP reloads the
// rules), all on one Boost.Asio io_context run by the calling thread.
//
// Thread-safety: Create() and Run() on one thread; everything else runs on the loop. Stop()
// and ReloadRules() must run on the loop (post them from elsewhere). A reload compiles the
// pack on a worker thread of its own and posts the swap back to the loop, so the loop (and
// /healthz) keeps answering while a large pack compiles.
#ifndef TRIPLINE_APP_CLI_LIVE_SERVICE_H_
#define TRIPLINE_APP_CLI_LIVE_SERVICE_H_

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "app/admin/admin_server.h"
#include "app/cli/live_config.h"
#include "app/cli/rule_reload.h"
#include "core/evaluator_slot.h"
#include "core/metrics.h"
#include "core/signal_sink.h"
#include "io/kafka/kafka_consumer.h"
#include "io/kafka/kafka_live_loop.h"
#include "io/kafka/kafka_output.h"
#include "rules/compiled_rules.h"
#include "rules/rule_engine.h"

namespace tripline::cli {

// A post-commit sink (KafkaLiveLoop::AddPostCommitSink) feeding the admin server's signals page:
// encodes each committed signal once (docs/messages.md) and hands the bytes to
// AdminServer::PublishSignal. Runs on the loop's thread, as the server does.
class SignalPageSink final : public SignalSink {
 public:
  explicit SignalPageSink(AdminServer* admin) : admin_(admin) {}
  void Emit(const Signal& signal) override;

 private:
  AdminServer* admin_;
  std::string json_;  // reused
};

// Remembers when the last signal was committed, so that an alert can tell "no signal for
// longer than the pack usually goes without one". Starts at its construction: an engine that
// has emitted nothing since it started counts from its start, not from 1970.
//
// A post-commit observer (KafkaLiveLoop::AddPostCommitObserver), not a sink: it needs no copy
// of the signals, only that some were committed.
//
// Thread-safety: Committed() on the loop's thread; unix_seconds() from any thread.
class LastSignalTime {
 public:
  LastSignalTime();
  void Committed();
  double unix_seconds() const { return unix_seconds_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> unix_seconds_;
};

// The io_context run on a thread of its own while LiveService::Create() connects to Kafka on
// the calling thread, so the admin port and the process signals are served meanwhile; End()
// (or the destructor, on an error path) stops it and leaves the io_context to Run().
//
// Thread-safety: construct and End() on Create()'s thread.
class ConnectingPhase {
 public:
  explicit ConnectingPhase(boost::asio::io_context* io);
  ~ConnectingPhase();
  ConnectingPhase(const ConnectingPhase&) = delete;
  ConnectingPhase& operator=(const ConnectingPhase&) = delete;
  void End();

 private:
  boost::asio::io_context* io_;
  std::thread thread_;
};

class LiveService {
 public:
  // Loads the rules (an invalid pack is an InvalidArgument listing its errors), starts the
  // admin server and the signal handlers, then connects to Kafka (initialising transactions
  // for exactly-once). While it connects (minutes when the broker is down) /healthz answers
  // 200 and /readyz 503, /metrics is empty, SIGHUP and POST /rules/reload are held until
  // connected (the reload answers 409), and SIGTERM/SIGINT end the process with status 0.
  static absl::StatusOr<std::unique_ptr<LiveService>> Create(LiveConfig config);
  // Call first thing in main's command: until Create() installs its own handlers (while the
  // config and the pack load), SIGHUP (a `systemctl reload` during start-up) would end the
  // process with status 129, which systemd takes for a clean stop. It is held instead, and
  // Run() reloads the rules once when one came.
  static void HoldHangupsUntilRunning();
  ~LiveService();
  LiveService(const LiveService&) = delete;
  LiveService& operator=(const LiveService&) = delete;

  // Runs until stopped by a signal, Stop() or a fatal error (returned).
  absl::Status Run();
  void Stop();
  // Loads the pack from config.rules again on a worker thread, then (on the loop) swaps it in
  // atomically and calls `done`: OK with a message, InvalidArgument with the errors of an
  // invalid pack (the old rules stay in force), or Unavailable while another reload runs.
  void ReloadRules(AdminHandlers::ReloadDone done);
  // Ready for traffic: in the consumer group, and either with no partitions (a standby) or
  // caught up (lag 0) at least once since the last assignment.
  bool Ready();

  boost::asio::io_context& io() { return io_; }
  KafkaLiveLoop& loop() { return *loop_; }
  MetricsRegistry& metrics() { return metrics_; }
  const LiveConfig& config() const { return config_; }
  // 0 when the admin server is off.
  uint16_t admin_port() const { return admin_ ? admin_->port() : 0; }

 private:
  explicit LiveService(LiveConfig config) : config_(std::move(config)), signals_(io_) {}
  std::string RulesJson() const;
  // Refreshes the owned price partitions after a rebalance (none when revoked).
  void UpdateOwnership(bool assigned);
  void WaitForSignal();
  // Creates the signal counter of every rule in force at 0, so that "no signal yet" is a
  // series an alert can read rather than an absent one.
  void ResolveSignalSeries();

  LiveConfig config_;
  boost::asio::io_context io_;
  boost::asio::signal_set signals_;
  MetricsRegistry metrics_;
  std::shared_ptr<const CompiledRules> rules_;
  std::unique_ptr<RuleEngine> engine_;
  // What the loop evaluates with: engine_, replaced by a fresh one on every assignment.
  EvaluatorSlot slot_{nullptr};
  // Scale-out ownership: the prices topic's partition count and the partitions of it this
  // instance owns (refreshed on every assignment).
  // The prices partition a signal belongs to (where it correlates: its price evidence's
  // instrument, else its own), or -1 when the partition count is unknown.
  int32_t SignalPartition(const Signal& signal) const;
  int32_t price_partitions_ = 0;
  std::vector<int32_t> owned_price_partitions_;
  std::unique_ptr<KafkaConsumer> consumer_;
  std::unique_ptr<KafkaOutput> output_;
  std::unique_ptr<KafkaLiveLoop> loop_;
  std::unique_ptr<AdminServer> admin_;
  std::unique_ptr<SignalPageSink> page_sink_;  // with the admin server
  LastSignalTime last_signal_;
  absl::Status exit_status_;
  Counter* reloads_ok_ = nullptr;
  Counter* reloads_rejected_ = nullptr;
  bool caught_up_since_assignment_ = false;
  // Set by Create() once connected, after ConnectingPhase::End(): before, the admin and signal
  // handlers run on the connecting phase's thread and touch nothing Create() builds.
  bool connected_ = false;
  RuleReload reload_{&io_};
};

}  // namespace tripline::cli

#endif  // TRIPLINE_APP_CLI_LIVE_SERVICE_H_
