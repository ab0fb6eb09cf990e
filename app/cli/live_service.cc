#include "app/cli/live_service.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>

#include <boost/asio/post.hpp>

#include "absl/strings/str_cat.h"
#include "core/json_text.h"
#include "core/log.h"
#include "io/codec/signal_encoder.h"
#include "io/kafka/headline_router.h"
#include "rules/rule_loader.h"

namespace tripline::cli {
namespace {

// SIGHUPs that came before Run() installed its handlers.
std::atomic<bool> hangup_held{false};
extern "C" void HoldHangup(int) { hangup_held.store(true, std::memory_order_relaxed); }

}  // namespace

ConnectingPhase::ConnectingPhase(boost::asio::io_context* io)
    : io_(io), thread_([io] { io->run(); }) {}

ConnectingPhase::~ConnectingPhase() { End(); }

void ConnectingPhase::End() {
  if (!thread_.joinable()) return;
  io_->stop();
  thread_.join();
  // Handlers queued meanwhile (a request half read, the signal wait) run again in Run().
  io_->restart();
}

void SignalPageSink::Emit(const Signal& signal) {
  json_.clear();
  AppendSignalJson(signal, &json_);
  admin_->PublishSignal(json_);
}

namespace {
double UnixSecondsNow() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}
}  // namespace

LastSignalTime::LastSignalTime() : unix_seconds_(UnixSecondsNow()) {}

void LastSignalTime::Committed() {
  unix_seconds_.store(UnixSecondsNow(), std::memory_order_relaxed);
}

absl::StatusOr<std::unique_ptr<LiveService>> LiveService::Create(LiveConfig config) {
  std::unique_ptr<LiveService> s(new LiveService(std::move(config)));
  const LiveConfig& c = s->config_;
  auto rules = LoadRules(c.rules);
  if (!rules.ok()) return rules.status();
  s->rules_ = *rules;
  s->engine_ = std::make_unique<RuleEngine>(s->rules_);
  s->slot_.Set(s->engine_.get());

  // Signals and the admin port before Kafka: connecting can take minutes while the broker is
  // down, and meanwhile a supervisor must see a live process (/healthz) that is not ready
  // (/readyz), a reload must not kill it and a stop must stop it.
  LiveService* self = s.get();
  s->signals_.add(SIGINT);
  s->signals_.add(SIGTERM);
  s->signals_.add(SIGHUP);
  s->WaitForSignal();
  if (!c.admin_listen.empty() && c.admin_listen != "off") {
    AdminHandlers h;
    h.healthy = [self] { return !self->connected_ || !self->loop_->stopped(); };
    h.ready = [self] { return self->connected_ && self->Ready(); };
    // The engine's series are registered while it connects: none is served before.
    h.metrics = [self] { return self->connected_ ? self->metrics_.Render() : std::string(); };
    h.rules = [self] { return self->RulesJson(); };
    h.reload = [self](AdminHandlers::ReloadDone done) {
      if (!self->connected_) {
        hangup_held.store(true, std::memory_order_relaxed);
        done(absl::UnavailableError(
            "still connecting to Kafka: the rules are reloaded once connected (see the log)"));
        return;
      }
      self->ReloadRules(std::move(done));
    };
    h.token = c.admin_token;
    AdminServerOptions admin_options;
    admin_options.signals_page = true;
    auto admin = AdminServer::Start(&s->io_, c.admin_listen, std::move(h), admin_options);
    if (!admin.ok()) return admin.status();
    s->admin_ = std::move(*admin);
    Log().info("admin on port {}: /healthz answers while connecting to Kafka", s->admin_->port());
  }
  ConnectingPhase connecting(&s->io_);

  KafkaProperties consumer_props = c.ConsumerProperties();
  // The loop's event-time merge needs to know when a partition has nothing more to give.
  SetKafkaProperty(&consumer_props, "enable.partition.eof", "true");
  auto consumer = KafkaConsumer::Create(consumer_props, {c.headlines_topic, c.prices_topic});
  if (!consumer.ok()) return consumer.status();
  s->consumer_ = std::move(*consumer);
  // Ownership needs the prices topic's partition count; it is stable (adding partitions moves
  // instruments, which needs a restart of the engines anyway, docs/operations.md).
  // Without it every engine would emit every signal: wait for the broker rather than guess.
  for (;;) {
    auto count = TopicPartitionCount(s->consumer_->handle(), c.prices_topic, 10000);
    if (count.ok()) {
      s->price_partitions_ = *count;
      break;
    }
    if (!absl::IsUnavailable(count.status())) {
      std::fprintf(stderr, "tripline: no metadata for %s (%s): every signal is emitted\n",
                   c.prices_topic.c_str(), std::string(count.status().message()).c_str());
      break;
    }
    Log().warn("waiting for the broker: {}", count.status().message());
  }

  KafkaOutputOptions out_options;
  out_options.signals_topic = c.signals_topic;
  out_options.dlq_topic = c.dlq_topic;
  out_options.delivery = c.delivery;
  out_options.transactional_id = c.EffectiveTransactionalId();
  auto output = KafkaOutput::Create(c.ProducerProperties(), out_options);
  if (!output.ok()) return output.status();
  s->output_ = std::move(*output);

  KafkaLiveLoopOptions loop_options = c.loop;
  loop_options.headlines_topic = c.headlines_topic;
  loop_options.prices_topic = c.prices_topic;
  EventTime lookback = c.state_rebuild;
  if (lookback == kNoTime) {
    // Enough for every rule to see what it would have seen (docs/operations.md, "State
    // rebuild"): a signal at t pairs a story and a price point within `window` of t; the
    // story's novelty looks back `novelty` further, its cooldown `cooldown` plus the window
    // of the signal that started it, and the price point's move its own trailing window.
    lookback = 0;
    for (const Rule& r : s->rules_->rules()) {
      const EventTime price = r.price.present && !r.price.prev_close ? r.price.window : 0;
      lookback =
          std::max(lookback, r.window + std::max(r.novelty_window, r.cooldown + r.window) + price);
    }
  }
  loop_options.state_lookback_ms = lookback / 1'000'000;
  s->loop_ = std::make_unique<KafkaLiveLoop>(&s->io_, s->consumer_.get(), s->output_.get(),
                                             &s->slot_, loop_options, &s->metrics_);
  // Scale-out: after a rebalance the state is rebuilt from the input of the partitions now
  // owned, into a fresh engine, so a moved partition behaves as if it had never moved and
  // nothing kept from before is counted twice (docs/operations.md, "Scale-out").
  s->loop_->set_assignment_observer([raw = s.get()](bool assigned) {
    raw->caught_up_since_assignment_ = false;
    raw->engine_ = std::make_unique<RuleEngine>(raw->rules_);
    raw->slot_.Set(raw->engine_.get());
    raw->UpdateOwnership(assigned);
  });
  // An engine emits only for the instruments whose price partition it owns: with several
  // engines, a headline routed to two of them (it names instruments of both) fires each
  // signal on one. Where the signal correlates decides: its price evidence's instrument, else
  // its own. One engine owning every partition emits everything.
  s->loop_->set_ownership_filter([raw = s.get()](const Signal& signal) {
    const int32_t p = raw->SignalPartition(signal);
    if (p < 0) return true;
    const auto& owned = raw->owned_price_partitions_;
    return std::find(owned.begin(), owned.end(), p) != owned.end();
  });
  s->loop_->set_signal_partition(
      [raw = s.get()](const Signal& signal) { return raw->SignalPartition(signal); });

  MetricsRegistry& m = s->metrics_;
  m.SetGauge("tripline_consumer_lag_messages",
             "Messages behind the high watermark, over every assigned partition", "",
             [self] { return static_cast<double>(self->consumer_->Lag()); });
  m.SetGaugeCollector(
      "tripline_consumer_partition_lag_messages",
      "Messages behind the high watermark, per assigned partition (-1 before its first fetch)",
      [self](std::vector<std::pair<std::string, double>>* series) {
        for (const KafkaConsumer::PartitionLag& p : self->consumer_->PartitionLags()) {
          series->emplace_back(absl::StrCat(Label("topic", p.topic), ",",
                                            Label("partition", std::to_string(p.partition))),
                               static_cast<double>(p.lag));
        }
      });
  m.SetGauge("tripline_assigned_partitions", "Input partitions assigned to this instance", "",
             [self] { return static_cast<double>(self->consumer_->assigned_partitions()); });
  m.SetGauge("tripline_state_rebuild_seconds", "Duration of the last state rebuild", "",
             [self] { return self->loop_->last_rebuild_seconds(); });
  m.SetCounterFunction("tripline_rebalances_total", "Consumer group rebalances seen", "",
                       [self] { return static_cast<double>(self->consumer_->rebalances()); });
  m.SetCounterFunction("tripline_transaction_aborts_total", "Output batches rolled back", "",
                       [self] { return static_cast<double>(self->output_->counts().aborts); });
  m.SetGauge("tripline_rules_loaded", "Rules in force", "",
             [self] { return static_cast<double>(self->rules_->rule_count()); });
  s->loop_->AddPostCommitObserver([self](size_t) { self->last_signal_.Committed(); });
  m.SetGauge("tripline_last_signal_timestamp_seconds",
             "Unix time of the last committed signal, or of the start if none since", "",
             [self] { return self->last_signal_.unix_seconds(); });
  s->ResolveSignalSeries();
  const std::string reloads = "tripline_rule_reloads_total";
  s->reloads_ok_ = m.GetCounter(reloads, "Rule reloads, by result", Label("result", "ok"));
  s->reloads_rejected_ =
      m.GetCounter(reloads, "Rule reloads, by result", Label("result", "rejected"));

  if (s->admin_) {
    // The page sees what desks see: committed signals only.
    s->page_sink_ = std::make_unique<SignalPageSink>(s->admin_.get());
    s->loop_->AddPostCommitSink(s->page_sink_.get());
    m.SetGauge("tripline_signal_stream_clients", "Clients reading /signals/stream", "",
               [self] { return static_cast<double>(self->admin_->stream_clients()); });
    m.SetCounterFunction("tripline_signal_stream_drops_total",
                         "/signals/stream clients disconnected because they fell behind", "",
                         [self] { return static_cast<double>(self->admin_->stream_drops()); });
  }
  connecting.End();
  s->connected_ = true;
  return s;
}

LiveService::~LiveService() {
  reload_.Join();
  admin_.reset();
  loop_.reset();
  page_sink_.reset();  // after the loop that calls it
  output_.reset();
  consumer_.reset();
}

void LiveService::HoldHangupsUntilRunning() {
  struct sigaction action = {};
  action.sa_handler = HoldHangup;
  sigemptyset(&action.sa_mask);
  sigaction(SIGHUP, &action, nullptr);
}

absl::Status LiveService::Run() {
  if (hangup_held.exchange(false)) {
    // A reload asked for while connecting: the rules loaded before it may be stale.
    boost::asio::post(io_, [this] {
      ReloadRules([](absl::StatusOr<std::string> result) {
        if (result.ok()) {
          Log().info("SIGHUP during start-up: {}", *result);
        } else {
          Log().error("SIGHUP during start-up: reload rejected, old rules stay: {}",
                      result.status().message());
        }
      });
    });
  }
  loop_->Start([this](absl::Status status) {
    exit_status_ = std::move(status);
    boost::system::error_code ignored;
    signals_.cancel(ignored);
    if (admin_) admin_->Close();
    io_.stop();
  });
  io_.run();
  return exit_status_;
}

void LiveService::WaitForSignal() {
  signals_.async_wait([this](const boost::system::error_code& ec, int signo) {
    if (ec) return;
    if (!connected_) {
      // On the connecting phase's thread, while Create() is inside librdkafka.
      if (signo == SIGHUP) {
        hangup_held.store(true, std::memory_order_relaxed);
        Log().info("SIGHUP while connecting to Kafka: the rules are reloaded once connected");
        WaitForSignal();
        return;
      }
      // Nothing consumed or produced yet, no transaction open: nothing to finish or flush.
      // Create() cannot be interrupted inside librdkafka (init_transactions waits up to
      // minutes for a broker that is down), so the process ends here, as a clean stop.
      Log().info("{} while connecting to Kafka: stopping", signo == SIGTERM ? "SIGTERM" : "SIGINT");
      Log().flush();
      std::fflush(nullptr);
      std::_Exit(0);
    }
    if (signo == SIGHUP) {
      ReloadRules([](absl::StatusOr<std::string> result) {
        if (result.ok()) {
          Log().info("SIGHUP: {}", *result);
        } else {
          Log().error("SIGHUP: reload rejected, old rules stay: {}", result.status().message());
        }
      });
      WaitForSignal();
      return;
    }
    Log().info("{}: stopping", signo == SIGTERM ? "SIGTERM" : "SIGINT");
    Stop();
  });
}

void LiveService::Stop() { loop_->Stop(); }

int32_t LiveService::SignalPartition(const Signal& signal) const {
  if (price_partitions_ <= 0) return -1;
  const std::string& where = CorrelatedInstrument(signal);
  return PartitionFor(where, price_partitions_);
}

void LiveService::UpdateOwnership(bool assigned) {
  owned_price_partitions_.clear();
  if (!assigned) return;
  rd_kafka_t* rk = consumer_->handle();
  rd_kafka_topic_partition_list_t* parts = nullptr;
  if (rd_kafka_assignment(rk, &parts) != RD_KAFKA_RESP_ERR_NO_ERROR) return;
  int headline_partitions = 0;
  for (int i = 0; i < parts->cnt; ++i) {
    if (config_.prices_topic == parts->elems[i].topic) {
      owned_price_partitions_.push_back(parts->elems[i].partition);
    } else if (config_.headlines_topic == parts->elems[i].topic) {
      ++headline_partitions;
    }
  }
  rd_kafka_topic_partition_list_destroy(parts);
  // Headlines read directly with fewer partitions than the prices (one news feed): the range
  // assignor hands this engine price partitions without a headline partition, and their
  // instruments' signals are never emitted (docs/operations.md, "Failover", standby engines).
  if (!config_.loop.headlines_routed && headline_partitions == 0 &&
      !owned_price_partitions_.empty()) {
    Log().error(
        "assigned {} partition(s) of {} but none of {}: no signal of their instruments can fire "
        "here; run one engine per headline partition (the others stand by) or route the "
        "headlines (tripline route, topics.headlines.routed = true)",
        owned_price_partitions_.size(), config_.prices_topic, config_.headlines_topic);
  }
  // The partition count was learnt at start: a metadata round trip here would stall the event
  // loop (and /healthz) for up to its timeout on every rebalance.
}

bool LiveService::Ready() {
  if (loop_->stopped() || consumer_->rebalances() == 0) return false;  // not in the group yet
  if (consumer_->assigned_partitions() == 0) return true;              // a standby
  // Sticky until the next assignment: a burst of input later does not flap readiness.
  if (!caught_up_since_assignment_ && consumer_->Lag() == 0) caught_up_since_assignment_ = true;
  return caught_up_since_assignment_;
}

void LiveService::ReloadRules(AdminHandlers::ReloadDone done) {
  reload_.Reload(
      config_.rules,
      [this](std::shared_ptr<const CompiledRules> rules) {
        rules_ = std::move(rules);
        engine_->Reload(rules_);
        ResolveSignalSeries();
      },
      reloads_ok_, reloads_rejected_, std::move(done));
}

void LiveService::ResolveSignalSeries() {
  // The name and help LiveCore counts signals under (its LabeledCounter finds these series).
  for (const Rule& r : rules_->rules()) {
    metrics_.GetCounter("tripline_signals_total", "Signals emitted, by rule", Label("rule", r.id));
  }
}

std::string LiveService::RulesJson() const {
  std::string out = "{\"path\":";
  AppendJsonString(config_.rules, &out);
  out += ",\"rules\":[";
  bool first = true;
  for (const Rule& r : rules_->rules()) {
    out += first ? "{\"id\":" : ",{\"id\":";
    AppendJsonString(r.id, &out);
    out += ",\"file\":";
    AppendJsonString(r.file, &out);
    absl::StrAppend(&out, ",\"hash\":\"", r.file_hash, "\"}");
    first = false;
  }
  out += "],\"files\":[";
  first = true;
  for (const LoadedFile& f : rules_->files()) {
    out += first ? "{\"path\":" : ",{\"path\":";
    AppendJsonString(f.path, &out);
    absl::StrAppend(&out, ",\"hash\":\"", f.hash, "\"}");
    first = false;
  }
  absl::StrAppend(&out, "]}\n");
  return out;
}

}  // namespace tripline::cli
