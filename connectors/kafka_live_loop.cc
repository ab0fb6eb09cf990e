#include "connectors/kafka_live_loop.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>

#include <boost/asio/post.hpp>

#include "absl/hash/hash.h"
#include "absl/strings/str_cat.h"

namespace tripline {
namespace {

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

EventTime NowNanos() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

EventTime MessageTime(const rd_kafka_message_t* msg) {
  int64_t ms = rd_kafka_message_timestamp(msg, nullptr);
  return ms >= 0 ? ms * 1'000'000 : kNoTime;
}

}  // namespace

KafkaLiveLoop::KafkaLiveLoop(boost::asio::io_context* io, KafkaConsumer* consumer,
                             KafkaOutput* output, EventEvaluator* evaluator,
                             KafkaLiveLoopOptions options, MetricsRegistry* metrics)
    : io_(io),
      consumer_(consumer),
      output_(output),
      options_(std::move(options)),
      metrics_(metrics),
      pipeline_(evaluator, this),
      wake_(*io, dup(consumer->wake_fd())),
      keepalive_(*io),
      batch_(std::max<size_t>(1, options_.batch_max)) {
  consumer_->set_state_rebuild(options_.state_lookback_ms);
  consumer_->set_rebalance_observer(
      [this](const rd_kafka_topic_partition_list_t* assigned,
             const std::vector<int64_t>& replay_until) { OnAssignment(assigned, replay_until); });
  if (metrics_ != nullptr) {
    const std::string in = "tripline_messages_in_total";
    const std::string in_help = "Input messages consumed, by topic";
    in_headlines_ = metrics_->GetCounter(in, in_help, Label("topic", options_.headlines_topic));
    in_prices_ = metrics_->GetCounter(in, in_help, Label("topic", options_.prices_topic));
    const std::string out = "tripline_messages_out_total";
    const std::string out_help = "Output messages produced, by topic";
    out_signals_ =
        metrics_->GetCounter(out, out_help, Label("topic", output_->options().signals_topic));
    out_dlq_ = metrics_->GetCounter(out, out_help, Label("topic", output_->options().dlq_topic));
    decode_seconds_ = metrics_->GetHistogram(
        "tripline_decode_seconds", "Time to decode one input message", "", StepDurationBuckets());
    eval_seconds_ = metrics_->GetHistogram("tripline_rule_evaluation_seconds",
                                           "Time to evaluate the rules on one decoded event", "",
                                           StepDurationBuckets());
    dead_letters_by_code_ = std::make_unique<LabeledCounter>(
        metrics_, "tripline_dead_letters_total", "Dead letters, by error code", "code");
    signals_by_rule_ = std::make_unique<LabeledCounter>(metrics_, "tripline_signals_total",
                                                        "Signals emitted, by rule", "rule");
    input_to_signal_seconds_ = metrics_->GetHistogram(
        "tripline_input_to_signal_seconds",
        "From the input message's Kafka timestamp to its signal being produced");
  }
}

KafkaLiveLoop::~KafkaLiveLoop() {
  ClearBuffers();
  consumer_->set_rebalance_observer(nullptr);
}

void KafkaLiveLoop::Start(std::function<void(absl::Status)> on_stopped) {
  on_stopped_ = std::move(on_stopped);
  ArmWake();
  ArmKeepalive();
  // The pipe fires only when the queue goes from empty to non-empty: drain once now in case
  // messages (or a rebalance) arrived before the wait was armed.
  Drain();
}

void KafkaLiveLoop::ArmWake() {
  if (stopped_) return;
  wake_.async_read_some(boost::asio::buffer(wake_buf_, sizeof(wake_buf_)),
                        [this](const boost::system::error_code& ec, size_t) {
                          if (ec || stopped_) return;
                          // Empty the pipe: one byte per empty->non-empty edge.
                          while (::read(wake_.native_handle(), wake_buf_, sizeof(wake_buf_)) > 0) {
                          }
                          Drain();
                          ArmWake();
                        });
}

void KafkaLiveLoop::ArmKeepalive() {
  if (stopped_) return;
  keepalive_.expires_after(std::chrono::seconds(1));
  keepalive_.async_wait([this](const boost::system::error_code& ec) {
    if (ec || stopped_) return;
    if (!drain_posted_) Drain();
    ArmKeepalive();
  });
}

void KafkaLiveLoop::OnAssignment(const rd_kafka_topic_partition_list_t* assigned,
                                 const std::vector<int64_t>& replay_until) {
  ClearBuffers();
  buffers_.clear();
  if (assignment_observer_) assignment_observer_(assigned != nullptr);
  replays_open_ = 0;
  if (assigned == nullptr) return;
  replay_start_ = std::chrono::steady_clock::now();
  replayed_at_start_ = counts_.replayed;
  for (int i = 0; i < assigned->cnt; ++i) {
    PartitionBuffer b;
    b.topic = assigned->elems[i].topic;
    b.partition = assigned->elems[i].partition;
    b.headlines = b.topic == options_.headlines_topic;
    b.replay_until = replay_until[i];
    if (b.replay_until >= 0) {
      std::fprintf(stderr, "tripline: %s/%d: rebuilding state from offset %lld (committed %lld)\n",
                   b.topic.c_str(), b.partition, static_cast<long long>(assigned->elems[i].offset),
                   static_cast<long long>(b.replay_until));
    }
    if (b.replay_until >= 0) ++replays_open_;
    buffers_.push_back(std::move(b));
  }
}

void KafkaLiveLoop::EndReplay(PartitionBuffer* b) {
  b->replay_until = -1;
  if (replays_open_ == 0 || --replays_open_ > 0) return;
  last_rebuild_seconds_ = SecondsSince(replay_start_);
  std::fprintf(stderr, "tripline: state rebuilt from %llu messages in %.3f s\n",
               static_cast<unsigned long long>(counts_.replayed - replayed_at_start_),
               last_rebuild_seconds_);
}

void KafkaLiveLoop::ClearBuffers() {
  // What is read next was read before (a rebalance, a rewind): its copies are not duplicates.
  copies_ts_ = -1;
  copies_.clear();
  for (PartitionBuffer& b : buffers_) {
    for (rd_kafka_message_t* m : b.messages) rd_kafka_message_destroy(m);
    b.messages.clear();
    b.at_end = false;
  }
  buffered_ = 0;
}

size_t KafkaLiveLoop::Fill() {
  size_t n = consumer_->Poll(batch_.data(), batch_.size());
  for (size_t i = 0; i < n; ++i) {
    rd_kafka_message_t* msg = batch_[i];
    PartitionBuffer* buffer = nullptr;
    if (msg->rkt != nullptr) {
      for (PartitionBuffer& b : buffers_) {
        if (b.partition != msg->partition) continue;
        if (b.rkt == msg->rkt || (b.rkt == nullptr && b.topic == rd_kafka_topic_name(msg->rkt))) {
          b.rkt = msg->rkt;
          buffer = &b;
          break;
        }
      }
    }
    if (msg->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
      if (buffer != nullptr) buffer->at_end = true;
      rd_kafka_message_destroy(msg);
    } else if (msg->err != RD_KAFKA_RESP_ERR_NO_ERROR || buffer == nullptr) {
      ++counts_.consumer_errors;
      if (msg->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        std::fprintf(stderr, "tripline: kafka consumer: %s\n", rd_kafka_message_errstr(msg));
      }
      // A fatal consumer error (e.g. a static member fenced) never clears: stop with an error
      // so that the supervisor restarts the engine, rather than idle while looking healthy.
      if (msg->err == RD_KAFKA_RESP_ERR__FATAL && fatal_.ok()) {
        fatal_ =
            absl::InternalError(absl::StrCat("kafka consumer: ", rd_kafka_message_errstr(msg)));
      }
      rd_kafka_message_destroy(msg);
    } else {
      buffer->messages.push_back(msg);
      buffer->at_end = false;
      ++buffered_;
    }
  }
  return n;
}

KafkaLiveLoop::PartitionBuffer* KafkaLiveLoop::NextReady() {
  PartitionBuffer* best = nullptr;
  int64_t best_ts = 0;
  const bool overflowing = buffered_ > options_.max_buffered;
  for (PartitionBuffer& b : buffers_) {
    if (b.messages.empty()) {
      // Nothing buffered and not known to be at its end: its next message may come first.
      if (!b.at_end && !overflowing) return nullptr;
      continue;
    }
    int64_t ts = rd_kafka_message_timestamp(b.messages.front(), nullptr);
    // Ties: headlines first (as the backtest merges), then assignment order.
    if (best == nullptr || ts < best_ts || (ts == best_ts && b.headlines && !best->headlines)) {
      best = &b;
      best_ts = ts;
    }
  }
  return best;
}

void KafkaLiveLoop::Drain() {
  drain_posted_ = false;
  if (stopped_) return;
  // Empty the consumer queue first: the pipe fires again only after it was empty.
  while (Fill() == batch_.size()) {
    if (buffered_ > options_.max_buffered) break;
  }
  if (!fatal_.ok()) {
    Fail(fatal_);
    return;
  }
  size_t processed = ProcessReady();
  if (stopped_) return;
  if (processed == options_.batch_max || buffered_ > options_.max_buffered) {
    // More may be ready: yield to the loop's other handlers, then continue.
    drain_posted_ = true;
    boost::asio::post(*io_, [this] { Drain(); });
  } else {
    UpdateCaughtUp();
  }
}

size_t KafkaLiveLoop::ProcessReady() {
  size_t n = 0;
  while (n < options_.batch_max) {
    PartitionBuffer* b = NextReady();
    if (b == nullptr) break;
    if (n == 0) {
      absl::Status begun = output_->Begin();
      if (!begun.ok()) {
        Fail(begun);
        return 0;
      }
    }
    rd_kafka_message_t* msg = b->messages.front();
    b->messages.pop_front();
    --buffered_;
    replaying_ = msg->offset < b->replay_until;
    HandleMessage(msg, b->headlines);
    if (replaying_) {
      // Already handled and committed by a predecessor: never commit an offset below it.
      ++counts_.replayed;
      replaying_ = false;
      if (msg->offset + 1 >= b->replay_until) EndReplay(b);
    } else {
      if (b->replay_until >= 0) EndReplay(b);  // its replay range held no message
      b->commit_offset = msg->offset + 1;
      b->last_timestamp_ms = rd_kafka_message_timestamp(msg, nullptr);
    }
    rd_kafka_message_destroy(msg);
    ++n;
  }
  if (n == 0) return 0;
  // Offsets once per partition and batch (not per message), each with its commit metadata:
  // the time the state rebuild of a successor starts from.
  rd_kafka_topic_partition_list_t* offsets =
      rd_kafka_topic_partition_list_new(static_cast<int>(buffers_.size()));
  for (PartitionBuffer& b : buffers_) {
    if (b.commit_offset < 0) continue;
    rd_kafka_topic_partition_t* p =
        rd_kafka_topic_partition_list_add(offsets, b.topic.c_str(), b.partition);
    p->offset = b.commit_offset;
    KafkaConsumer::SetCommitMetadata(p, b.last_timestamp_ms);
    b.commit_offset = -1;
  }
  ++counts_.batches;
  absl::Status committed = output_->Commit(offsets, consumer_);
  rd_kafka_topic_partition_list_destroy(offsets);
  if (absl::IsAborted(committed)) {
    std::fprintf(stderr, "tripline: %s; rebuilding state and reading the batch again\n",
                 std::string(committed.message()).c_str());
    ClearBuffers();
    // A rewind is an assignment: OnAssignment runs, a fresh engine rebuilds its state up to
    // the committed offsets, and the aborted batch is evaluated again on top of that alone.
    absl::Status rewound = consumer_->RewindToCommitted();
    if (!rewound.ok()) Fail(rewound);
  } else if (!committed.ok()) {
    Fail(committed);
  }
  return n;
}

bool KafkaLiveLoop::IsRoutedCopySeen(const rd_kafka_message_t* msg) {
  rd_kafka_headers_t* headers = nullptr;
  const void* value = nullptr;
  size_t size = 0;
  if (rd_kafka_message_headers(msg, &headers) != RD_KAFKA_RESP_ERR_NO_ERROR ||
      rd_kafka_header_get_last(headers, "tripline.origin", &value, &size) !=
          RD_KAFKA_RESP_ERR_NO_ERROR) {
    return false;
  }
  // Copies of one headline carry its original timestamp, so the event-time merge hands them
  // over among the messages of that timestamp: remembering that timestamp's origins suffices.
  const int64_t ts = rd_kafka_message_timestamp(msg, nullptr);
  if (ts != copies_ts_) {
    copies_ts_ = ts;
    copies_.clear();
  }
  const size_t origin =
      absl::Hash<std::string_view>{}(std::string_view(static_cast<const char*>(value), size));
  if (std::find(copies_.begin(), copies_.end(), origin) != copies_.end()) return true;
  copies_.push_back(origin);
  return false;
}

void KafkaLiveLoop::HandleMessage(rd_kafka_message_t* msg, bool headline) {
  // Scale-out: the router puts one copy of a headline in each partition that needs it; an
  // engine owning several of them evaluates it once.
  if (headline && IsRoutedCopySeen(msg)) {
    ++counts_.duplicate_copies;
    return;
  }
  if (!replaying_) ++counts_.messages;
  std::string_view payload(static_cast<const char*>(msg->payload), msg->len);
  std::string_view topic(rd_kafka_topic_name(msg->rkt));
  current_input_ts_ = MessageTime(msg);

  auto start = std::chrono::steady_clock::now();
  DecodeError error;
  if (headline) {
    event_.kind = EventKind::kHeadline;
    error = decoder_.DecodeHeadline(payload, &event_.headline);
  } else {
    event_.kind = EventKind::kPrice;
    error = decoder_.DecodePrice(payload, &event_.price);
  }
  if (decode_seconds_ != nullptr) decode_seconds_->Observe(SecondsSince(start));
  Counter* in = replaying_ ? nullptr : (headline ? in_headlines_ : in_prices_);
  if (in != nullptr) in->Inc();

  if (!error.ok()) {
    if (replaying_) return;
    ++counts_.dead_letters;
    origin_.clear();
    absl::StrAppend(&origin_, absl::string_view(topic.data(), topic.size()), "/", msg->partition,
                    "/", msg->offset);
    DeadLetter letter{error.Code(), error.Message(), origin_, payload};
    output_->Put(letter);
    if (out_dlq_ != nullptr) out_dlq_->Inc();
    if (dead_letters_by_code_) dead_letters_by_code_->For(letter.code)->Inc();
    return;
  }
  if (!replaying_) ++counts_.decoded;
  start = std::chrono::steady_clock::now();
  pipeline_.Process(event_);
  if (eval_seconds_ != nullptr) eval_seconds_->Observe(SecondsSince(start));
}

void KafkaLiveLoop::Emit(const Signal& signal) {
  if (replaying_) return;  // emitted before, by whoever handled this input first
  if (owned_ && !owned_(signal)) {
    ++counts_.not_owned;
    return;
  }
  output_->Emit(signal);
  if (out_signals_ != nullptr) out_signals_->Inc();
  if (metrics_ != nullptr) {
    signals_by_rule_->For(signal.rule)->Inc();
    if (current_input_ts_ != kNoTime) {
      input_to_signal_seconds_->Observe(static_cast<double>(NowNanos() - current_input_ts_) /
                                        kNanosPerSecond);
    }
  }
  if (signal_observer_) signal_observer_(signal);
}

void KafkaLiveLoop::UpdateCaughtUp() {
  if (!caught_up_ && consumer_->assigned_partitions() > 0 && consumer_->Lag() == 0) {
    caught_up_ = true;
  }
}

void KafkaLiveLoop::Fail(absl::Status status) {
  if (stopped_) return;
  stopped_ = true;
  ClearBuffers();
  boost::system::error_code ignored;
  wake_.cancel(ignored);
  wake_.close(ignored);
  keepalive_.cancel();
  consumer_->Close();
  if (on_stopped_) on_stopped_(std::move(status));
}

void KafkaLiveLoop::Stop() {
  if (stopped_) return;
  // Flush what the evaluator holds back as one last batch without input offsets.
  if (output_->Begin().ok()) {
    current_input_ts_ = kNoTime;
    pipeline_.Finish();
    absl::Status s = output_->Commit(nullptr, consumer_);
    if (!s.ok()) fprintf(stderr, "tripline: final batch: %s\n", std::string(s.message()).c_str());
  }
  Fail(absl::OkStatus());
}

}  // namespace tripline
