#include "connectors/kafka_live_loop.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>

#include <boost/asio/post.hpp>

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
      batch_(std::max<size_t>(1, options_.batch_max)) {
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
    decode_seconds_ =
        metrics_->GetHistogram("tripline_decode_seconds", "Time to decode one input message");
    eval_seconds_ = metrics_->GetHistogram("tripline_rule_evaluation_seconds",
                                           "Time to evaluate the rules on one decoded event");
    input_to_signal_seconds_ = metrics_->GetHistogram(
        "tripline_input_to_signal_seconds",
        "From the input message's Kafka timestamp to its signal being produced");
  }
}

void KafkaLiveLoop::Start(std::function<void(absl::Status)> on_stopped) {
  on_stopped_ = std::move(on_stopped);
  ArmWake();
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

void KafkaLiveLoop::Drain() {
  drain_posted_ = false;
  if (stopped_) return;
  size_t n = consumer_->Poll(batch_.data(), batch_.size());
  if (n == 0) {
    UpdateCaughtUp();
    return;
  }
  ProcessBatch(n);
  if (n == batch_.size() && !stopped_ && !drain_posted_) {
    // More may be waiting, and the pipe will not fire again while the queue is non-empty.
    drain_posted_ = true;
    boost::asio::post(*io_, [this] { Drain(); });
  } else {
    UpdateCaughtUp();
  }
}

size_t KafkaLiveLoop::ProcessBatch(size_t n) {
  // Replay order inside a batch: availability time (the message timestamp), stable so that
  // messages of one partition keep their offset order when timestamps tie.
  std::stable_sort(batch_.begin(), batch_.begin() + n,
                   [](const rd_kafka_message_t* a, const rd_kafka_message_t* b) {
                     return rd_kafka_message_timestamp(a, nullptr) <
                            rd_kafka_message_timestamp(b, nullptr);
                   });
  absl::Status begun = output_->Begin();
  if (!begun.ok()) {
    for (size_t i = 0; i < n; ++i) rd_kafka_message_destroy(batch_[i]);
    Fail(begun);
    return 0;
  }
  rd_kafka_topic_partition_list_t* offsets = rd_kafka_topic_partition_list_new(4);
  for (size_t i = 0; i < n; ++i) {
    rd_kafka_message_t* msg = batch_[i];
    if (msg->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      ++counts_.consumer_errors;
      if (msg->err != RD_KAFKA_RESP_ERR__PARTITION_EOF) {
        fprintf(stderr, "tripline: kafka consumer: %s\n", rd_kafka_message_errstr(msg));
      }
      continue;
    }
    HandleMessage(msg);
    const char* topic = rd_kafka_topic_name(msg->rkt);
    rd_kafka_topic_partition_t* p =
        rd_kafka_topic_partition_list_find(offsets, topic, msg->partition);
    if (p == nullptr) p = rd_kafka_topic_partition_list_add(offsets, topic, msg->partition);
    p->offset = std::max<int64_t>(p->offset, msg->offset + 1);
  }
  ++counts_.batches;
  absl::Status committed = output_->Commit(offsets, consumer_);
  rd_kafka_topic_partition_list_destroy(offsets);
  for (size_t i = 0; i < n; ++i) rd_kafka_message_destroy(batch_[i]);
  if (absl::IsAborted(committed)) {
    fprintf(stderr, "tripline: %s; reading the batch again\n",
            std::string(committed.message()).c_str());
    absl::Status rewound = consumer_->RewindToCommitted();
    if (!rewound.ok()) Fail(rewound);
  } else if (!committed.ok()) {
    Fail(committed);
  }
  return n;
}

void KafkaLiveLoop::HandleMessage(rd_kafka_message_t* msg) {
  ++counts_.messages;
  std::string_view payload(static_cast<const char*>(msg->payload), msg->len);
  std::string_view topic(rd_kafka_topic_name(msg->rkt));
  const bool headline = topic == options_.headlines_topic;
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
  if (headline) {
    if (in_headlines_ != nullptr) in_headlines_->Inc();
  } else if (in_prices_ != nullptr) {
    in_prices_->Inc();
  }

  if (!error.ok()) {
    ++counts_.dead_letters;
    origin_.clear();
    absl::StrAppend(&origin_, absl::string_view(topic.data(), topic.size()), "/", msg->partition,
                    "/", msg->offset);
    DeadLetter letter{error.Code(), error.Message(), origin_, payload};
    output_->Put(letter);
    if (out_dlq_ != nullptr) out_dlq_->Inc();
    if (metrics_ != nullptr) {
      metrics_
          ->GetCounter("tripline_dead_letters_total", "Dead letters, by error code",
                       Label("code", letter.code))
          ->Inc();
    }
    return;
  }
  ++counts_.decoded;
  start = std::chrono::steady_clock::now();
  pipeline_.Process(event_);
  if (eval_seconds_ != nullptr) eval_seconds_->Observe(SecondsSince(start));
}

void KafkaLiveLoop::Emit(const Signal& signal) {
  output_->Emit(signal);
  if (out_signals_ != nullptr) out_signals_->Inc();
  if (metrics_ != nullptr) {
    metrics_
        ->GetCounter("tripline_signals_total", "Signals emitted, by rule",
                     Label("rule", signal.rule))
        ->Inc();
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
  boost::system::error_code ignored;
  wake_.cancel(ignored);
  wake_.close(ignored);
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
