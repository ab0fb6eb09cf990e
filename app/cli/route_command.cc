// `tripline route --config FILE [--to TOPIC] [--set KEY=VALUE]... [--kafka PROP=VALUE]...
//  [--rules PATH] [--bootstrap HOST:PORT]`: the scale-out topology's first stage (see
// io/kafka/kafka_route_stage.h and docs/operations.md "Scale-out"). It reads the same config
// file as `tripline run`: topics.headlines is its input, topics.prices the topic the output
// must be co-partitioned with, topics.dlq its dead letters, rules the pack it matches with. Its
// consumer group is the engine's with ".route" appended, its transactional.id "tripline-" +
// group.id + ".route" (plus the assigned input partitions): the stage and the engines never
// share offsets or fence each other, and the routers of one group share it, so that the one
// taking the input over fences the previous holder at once.
//
// Like the engine, it reloads its rules on SIGHUP and POST /rules/reload (admin endpoint on
// --admin, default 127.0.0.1:9465, the same token) and serves /healthz, /readyz and /metrics.
#include <atomic>
#include <csignal>
#include <cstdio>
#include <thread>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>

#include "absl/strings/str_cat.h"
#include "app/admin/admin_server.h"
#include "app/cli/commands.h"
#include "app/cli/flags.h"
#include "app/cli/live_config.h"
#include "app/cli/rule_reload.h"
#include "core/log.h"
#include "core/metrics.h"
#include "io/kafka/kafka_route_stage.h"
#include "rules/rule_loader.h"

namespace tripline::cli {

namespace {

// The router's control plane, on an io_context of its own thread (the stage's Run() owns the
// main thread): the admin server, SIGTERM/SIGINT (stop) and SIGHUP (reload). A reload
// compiles on a worker thread, hands the rules to the stage (it swaps them between batches)
// and answers on the io_context.
class RouteControl {
 public:
  RouteControl(KafkaRouteStage* stage, std::string rules_path)
      : stage_(stage), rules_path_(std::move(rules_path)), signals_(io_) {}
  ~RouteControl() { Shutdown(); }

  // `admin_required`: a failure to listen on `admin_listen` is an error (else a warning).
  absl::Status Start(const std::string& admin_listen, bool admin_required, const std::string& token,
                     std::shared_ptr<const CompiledRules> rules) {
    rules_ = std::move(rules);
    reloads_ok_ = metrics_.GetCounter("tripline_rule_reloads_total", "Rule reloads, by result",
                                      Label("result", "ok"));
    reloads_rejected_ = metrics_.GetCounter("tripline_rule_reloads_total",
                                            "Rule reloads, by result", Label("result", "rejected"));
    metrics_.SetGauge("tripline_rules_loaded", "Rules in force", "",
                      [this] { return static_cast<double>(rules_->rule_count()); });
    stage_->ExportMetrics(&metrics_);
    if (!admin_listen.empty() && admin_listen != "off") {
      AdminHandlers h;
      h.healthy = [this] { return running_.load(); };
      h.ready = [this] { return running_.load(); };
      h.metrics = [this] { return metrics_.Render(); };
      h.rules = [this] {
        return absl::StrCat("{\"path\":\"", rules_path_, "\",\"rules\":", rules_->rule_count(),
                            "}\n");
      };
      h.reload = [this](AdminHandlers::ReloadDone done) { Reload(std::move(done)); };
      h.token = token;
      auto admin = AdminServer::Start(&io_, admin_listen, std::move(h));
      if (admin.ok()) {
        admin_ = std::move(*admin);
      } else if (admin_required) {
        return admin.status();
      } else {
        Log().warn("tripline route: no admin endpoint: {}", admin.status().message());
      }
    }
    signals_.add(SIGINT);
    signals_.add(SIGTERM);
    signals_.add(SIGHUP);
    WaitForSignal();
    running_ = true;
    thread_ = std::thread([this] { io_.run(); });
    return absl::OkStatus();
  }

  // After the stage stopped: closes the admin server and joins the threads.
  void Shutdown() {
    running_ = false;
    if (!thread_.joinable()) return;
    boost::asio::post(io_, [this] {
      boost::system::error_code ignored;
      signals_.cancel(ignored);
      if (admin_) admin_->Close();
    });
    reload_.Join();
    io_.stop();
    thread_.join();
  }

  uint16_t admin_port() const { return admin_ ? admin_->port() : 0; }

 private:
  void WaitForSignal() {
    signals_.async_wait([this](const boost::system::error_code& ec, int signo) {
      if (ec) return;
      if (signo == SIGHUP) {
        Reload([](absl::StatusOr<std::string> result) {
          if (result.ok()) {
            Log().info("tripline route: SIGHUP: {}", *result);
          } else {
            Log().error("tripline route: SIGHUP: reload rejected, old rules stay: {}",
                        result.status().message());
          }
        });
      } else {
        Log().info("tripline route: {}: stopping", signo == SIGTERM ? "SIGTERM" : "SIGINT");
        stage_->RequestStop();
      }
      WaitForSignal();
    });
  }

  // On the io_context.
  void Reload(AdminHandlers::ReloadDone done) {
    reload_.Reload(
        rules_path_,
        [this](std::shared_ptr<const CompiledRules> rules) {
          rules_ = std::move(rules);
          stage_->ReplaceRules(rules_);
        },
        reloads_ok_, reloads_rejected_, std::move(done));
  }

  KafkaRouteStage* stage_;
  const std::string rules_path_;
  boost::asio::io_context io_;
  boost::asio::signal_set signals_;
  MetricsRegistry metrics_;
  std::shared_ptr<const CompiledRules> rules_;  // on the io_context only
  std::unique_ptr<AdminServer> admin_;
  Counter* reloads_ok_ = nullptr;
  Counter* reloads_rejected_ = nullptr;
  std::atomic<bool> running_{false};
  std::thread thread_;
  RuleReload reload_{&io_};
};

}  // namespace

int RunRoute(const Args& args) {
  CLI::App app(
      "Scale-out's first stage: republish each headline keyed by the instruments the rules "
      "can match.",
      "tripline route");
  ConfigureCommand(&app);
  LiveFlags live;
  AddLiveOptions(&app, &live);
  std::string to_flag = "tripline.headlines.by_instrument";
  app.add_option("--to", to_flag, "the routed topic (default tripline.headlines.by_instrument)");
  std::string admin_flag;
  app.add_option("--admin", admin_flag,
                 "admin HTTP HOST:PORT, off to disable (default 127.0.0.1:9465 when free; the "
                 "token is the config's admin.token)");
  if (auto code = ParseCommandLine(&app, args)) return *code;
  auto config = LiveConfigFromFlags(live);
  if (!config.ok()) {
    PrintCommandError("tripline route", config.status().message());
    return absl::IsNotFound(config.status()) ? kExitFailure : kExitInvalid;
  }
  const std::string* to = &to_flag;
  auto rules = LoadRules(config->rules);
  if (!rules.ok()) {
    Log().error("tripline route: {}", rules.status().message());
    return kExitInvalid;
  }
  KafkaProperties consumer = config->ConsumerProperties();
  SetKafkaProperty(&consumer, "group.id", config->group_id + ".route");
  for (const auto& [k, v] : consumer) {
    // A static member id names one engine instance; the router is another member.
    if (k == "group.instance.id") SetKafkaProperty(&consumer, k, v + ".route");
  }
  KafkaRouteStageOptions options;
  options.headlines_topic = config->headlines_topic;
  options.prices_topic = config->prices_topic;
  options.routed_topic = *to;
  options.dlq_topic = config->dlq_topic;
  // Not the instance's transactional.id: every router of the group must use the same one.
  options.transactional_id = "tripline-" + config->group_id + ".route";
  options.batch_max = config->loop.batch_max;
  auto stage = KafkaRouteStage::Create(consumer, config->ProducerProperties(), *rules, options);
  if (!stage.ok()) {
    Log().error("tripline route: {}", stage.status().message());
    return kExitFailure;
  }
  Log().info("tripline route: {} -> {} ({} partitions, as {}), group {}.route",
             options.headlines_topic, options.routed_topic, (*stage)->partitions(),
             options.prices_topic, config->group_id);
  RouteControl control(stage->get(), config->rules);
  const bool admin_given = !admin_flag.empty();
  if (absl::Status s = control.Start(admin_given ? admin_flag : "127.0.0.1:9465", admin_given,
                                     config->admin_token, *rules);
      !s.ok()) {
    Log().error("tripline route: {}", s.message());
    return kExitFailure;
  }
  if (control.admin_port() != 0)
    Log().info("tripline route: admin on port {}", control.admin_port());
  absl::Status status = (*stage)->Run();
  control.Shutdown();
  const KafkaRouteStageCounts& c = (*stage)->counts();
  Log().info(
      "tripline route: stopped: {} headlines, {} routed copies, {} matched no rule, {} dead "
      "letters",
      c.headlines, c.routed, c.unrouted, c.dead_letters);
  if (!status.ok()) {
    Log().error("tripline route: {}", status.message());
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace tripline::cli
