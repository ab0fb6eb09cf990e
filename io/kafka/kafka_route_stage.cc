#include "io/kafka/kafka_route_stage.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <utility>

#include <boost/asio/io_context.hpp>

#include "absl/strings/str_cat.h"
#include "core/events.h"
#include "core/log.h"
#include "io/codec/dead_letter_encoder.h"
#include "io/kafka/kafka_consume_loop.h"

namespace tripline {
namespace {

std::vector<int32_t> SortedPartitions(const rd_kafka_topic_partition_list_t* list) {
  std::vector<int32_t> out;
  for (int i = 0; list != nullptr && i < list->cnt; ++i) out.push_back(list->elems[i].partition);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

KafkaRouteStage::KafkaRouteStage(std::shared_ptr<const CompiledRules> rules,
                                 KafkaRouteStageOptions options, KafkaProperties producer_props)
    : options_(std::move(options)),
      router_(std::make_unique<HeadlineRouter>(std::move(rules))),
      producer_props_(std::move(producer_props)),
      clock_(options_.clock != nullptr ? options_.clock : &system_clock_) {}

void KafkaRouteStage::ReplaceRules(std::shared_ptr<const CompiledRules> rules) {
  std::lock_guard<std::mutex> lock(pending_mu_);
  pending_rules_ = std::move(rules);
  has_pending_rules_.store(true);
}

void KafkaRouteStage::ExportMetrics(MetricsRegistry* m) {
  series_.headlines = m->GetCounter("tripline_route_headlines_total", "Headlines consumed");
  series_.routed =
      m->GetCounter("tripline_route_copies_total", "Routed copies (one per target partition)");
  series_.unrouted =
      m->GetCounter("tripline_route_unrouted_total", "Headlines that matched no rule");
  series_.dead_letters =
      m->GetCounter("tripline_route_dead_letters_total", "Undecodable headlines dead-lettered");
  series_.aborts = m->GetCounter("tripline_route_transaction_aborts_total", "Batches rolled back");
  m->SetGauge("tripline_route_consumer_lag_messages",
              "Headlines behind the high watermark, over every assigned partition (-1 unknown)", "",
              [this] { return static_cast<double>(lag_.load()); });
  m->SetCounterFunction("tripline_route_rebalances_total", "Consumer group rebalances seen", "",
                        [this] { return static_cast<double>(rebalances_.load()); });
}

// Whether less than `interval` has passed since `since` (kNoTime: never). The clock is wall
// time: a step backwards counts as the interval passed, so it cannot stall the timers.
bool KafkaRouteStage::Within(EventTime since, EventTime now, EventTime interval) {
  return since != kNoTime && now >= since && now - since < interval;
}

void KafkaRouteStage::RefreshGauges() {
  const EventTime now = clock_->Now();
  if (Within(gauges_refreshed_, now, kGaugeRefresh)) return;
  gauges_refreshed_ = now;
  lag_.store(consumer_->Lag());
  rebalances_.store(consumer_->rebalances());
}

KafkaRouteStage::~KafkaRouteStage() {
  if (consumer_) consumer_->Close();
  if (price_ends_ != nullptr) rd_kafka_topic_partition_list_destroy(price_ends_);
}

absl::StatusOr<std::unique_ptr<KafkaRouteStage>> KafkaRouteStage::Create(
    const KafkaProperties& consumer_props, const KafkaProperties& producer_props,
    std::shared_ptr<const CompiledRules> rules, KafkaRouteStageOptions options) {
  if (options.transactional_id.empty()) {
    return absl::InvalidArgumentError("the route stage needs a transactional.id");
  }
  std::unique_ptr<KafkaRouteStage> s(
      new KafkaRouteStage(std::move(rules), std::move(options), producer_props));
  const KafkaRouteStageOptions& o = s->options_;

  auto consumer = KafkaConsumer::Create(consumer_props, {o.headlines_topic});
  if (!consumer.ok()) return consumer.status();
  s->consumer_ = std::move(*consumer);
  KafkaRouteStage* stage = s.get();
  // Fence on assignment, before the consumer reads the committed offsets: a killed
  // predecessor's open transaction holds them until it is aborted (KafkaConsumer::
  // set_before_assign), so the successor's transactions are initialised first.
  s->consumer_->set_before_assign([stage](const rd_kafka_topic_partition_list_t* assigned) {
    stage->assigned_ = SortedPartitions(assigned);
    stage->open_status_ = stage->OpenOutput();
    stage->opened_on_assign_ = true;
  });
  s->consumer_->set_rebalance_observer(
      [stage](const rd_kafka_topic_partition_list_t* assigned, const std::vector<int64_t>&) {
        // Opened for this assignment by the hook above; a revocation or a rewind (after an
        // aborted transaction) opens it again, between batches.
        if (std::exchange(stage->opened_on_assign_, false) && assigned != nullptr) return;
        stage->assigned_ = SortedPartitions(assigned);
        stage->assignment_changed_ = true;
      });
  rd_kafka_t* rk = s->consumer_->handle();

  auto routed = TopicPartitionCount(rk, o.routed_topic, 30000);
  if (!routed.ok()) return routed.status();
  auto prices = TopicPartitionCount(rk, o.prices_topic, 30000);
  if (!prices.ok()) return prices.status();
  if (*routed != *prices) {
    return absl::FailedPreconditionError(
        absl::StrCat("co-partitioning: ", o.routed_topic, " has ", *routed, " partitions but ",
                     o.prices_topic, " has ", *prices, "; create it with ", *prices));
  }
  s->partitions_ = *routed;
  return s;
}

absl::Status KafkaRouteStage::OpenOutput() {
  assignment_changed_ = false;
  output_.reset();  // between batches: no transaction open
  // A new producer's markers start from scratch: publish them again.
  published_progress_ = -1;
  published_coverage_.Clear();
  if (assigned_.empty()) return absl::OkStatus();
  KafkaOutputOptions out;
  out.dlq_topic = options_.dlq_topic;
  out.delivery = Delivery::kExactlyOnce;
  out.transactional_id = options_.transactional_id;
  for (size_t i = 0; i < assigned_.size(); ++i) {
    absl::StrAppend(&out.transactional_id, i == 0 ? "." : "-", assigned_[i]);
  }
  const auto start = std::chrono::steady_clock::now();
  auto output = KafkaOutput::Create(producer_props_, out);
  if (!output.ok()) return output.status();
  output_ = std::move(*output);
  Log().info("route: transactions as {} ({:.3f} s to initialise, fencing any previous holder)",
             out.transactional_id,
             std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  return absl::OkStatus();
}

absl::Status KafkaRouteStage::RouteBatch(rd_kafka_message_t** batch, size_t n) {
  absl::Status status = output_->Begin();
  if (!status.ok()) return status;
  rd_kafka_topic_partition_list_t* offsets = rd_kafka_topic_partition_list_new(4);
  for (size_t i = 0; i < n && status.ok(); ++i) {
    rd_kafka_message_t* msg = batch[i];
    if (msg->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      if (msg->err != RD_KAFKA_RESP_ERR__PARTITION_EOF) {
        Log().warn("route: kafka consumer: {}", rd_kafka_message_errstr(msg));
      }
      // A fatal consumer error never clears: stop (as the live loop does) rather than idle
      // while looking healthy.
      if (msg->err == RD_KAFKA_RESP_ERR__FATAL) {
        status =
            absl::InternalError(absl::StrCat("kafka consumer: ", rd_kafka_message_errstr(msg)));
      }
      continue;
    }
    ++counts_.headlines;
    if (series_.headlines != nullptr) series_.headlines->Inc();
    const char* topic = rd_kafka_topic_name(msg->rkt);
    origin_.clear();
    absl::StrAppend(&origin_, topic, "/", msg->partition, "/", msg->offset);
    std::string_view payload(static_cast<const char*>(msg->payload), msg->len);
    int64_t ts = rd_kafka_message_timestamp(msg, nullptr);
    Headline h;
    DecodeError decoded = decoder_.DecodeHeadline(payload, &h);
    if (!decoded.ok()) {
      output_->Put(DeadLetter{decoded.Code(), decoded.Message(), origin_, payload});
      ++counts_.dead_letters;
      if (series_.dead_letters != nullptr) series_.dead_letters->Inc();
    } else {
      progress_ = std::max(progress_, OrderTime(h.ts, h.recv_ts));
      progress_ts_ms_ = std::max(progress_ts_ms_, ts);
      router_->Targets(h, &targets_);
      if (targets_.empty()) {
        ++counts_.unrouted;
        if (series_.unrouted != nullptr) series_.unrouted->Inc();
      }
      // One copy per partition: two instruments of one engine must not show it the headline
      // twice (it would count as its own confirmation).
      sent_to_.clear();
      for (std::string_view instrument : targets_) {
        int32_t p = PartitionFor(instrument, partitions_);
        if (std::find(sent_to_.begin(), sent_to_.end(), p) != sent_to_.end()) continue;
        sent_to_.push_back(p);
        output_->Republish(options_.routed_topic, p, instrument, payload, ts, origin_);
        ++counts_.routed;
        if (series_.routed != nullptr) series_.routed->Inc();
      }
    }
    rd_kafka_topic_partition_t* p =
        rd_kafka_topic_partition_list_find(offsets, topic, msg->partition);
    if (p == nullptr) p = rd_kafka_topic_partition_list_add(offsets, topic, msg->partition);
    p->offset = std::max<int64_t>(p->offset, msg->offset + 1);
  }
  if (!status.ok()) {
    output_->Abort();
    rd_kafka_topic_partition_list_destroy(offsets);
    return status;
  }
  // After the batch's copies, in every partition: the engines may now pass over an empty
  // routed partition up to this time. Skipped when it would repeat the last marker word for
  // word (a batch that moved nothing on).
  if (progress_ != published_progress_) PublishProgress(/*covers=*/{});
  status = output_->Commit(offsets, consumer_.get());
  rd_kafka_topic_partition_list_destroy(offsets);
  if (status.ok()) {
    ++counts_.commits;
  } else if (absl::IsAborted(status)) {
    published_progress_ = -1;  // its marker was rolled back with it
    ++counts_.aborts;
    if (series_.aborts != nullptr) series_.aborts->Inc();
  }
  return status;
}

void KafkaRouteStage::PublishProgress(std::string_view covers) {
  for (int32_t p = 0; p < partitions_; ++p) {
    output_->PublishProgress(options_.routed_topic, p, progress_ts_ms_, progress_, covers);
  }
  published_progress_ = progress_;
}

bool KafkaRouteStage::ReadCoverage() {
  rd_kafka_t* rk = consumer_->handle();
  constexpr int kTimeoutMs = 5000;
  // 1. The prices' ends first: a price below them was appended before step 2 looked.
  if (price_ends_ == nullptr) {
    price_ends_ = rd_kafka_topic_partition_list_new(partitions_);
    for (int32_t p = 0; p < partitions_; ++p) {
      rd_kafka_topic_partition_list_add(price_ends_, options_.prices_topic.c_str(), p);
    }
  }
  // Offsets-for-times at the "latest" timestamp (-1): every partition's end in one request
  // per leader.
  for (int i = 0; i < price_ends_->cnt; ++i) price_ends_->elems[i].offset = RD_KAFKA_OFFSET_END;
  rd_kafka_resp_err_t e = rd_kafka_offsets_for_times(rk, price_ends_, kTimeoutMs);
  if (e != RD_KAFKA_RESP_ERR_NO_ERROR) {
    Log().warn("route: end offsets of {}: {}", options_.prices_topic, rd_kafka_err2str(e));
    return false;
  }
  coverage_.Clear();
  coverage_.prices_end.resize(partitions_, 0);
  for (int i = 0; i < price_ends_->cnt; ++i) {
    const rd_kafka_topic_partition_t& p = price_ends_->elems[i];
    if (p.err != RD_KAFKA_RESP_ERR_NO_ERROR || p.offset < 0) return false;
    coverage_.prices_end[p.partition] = p.offset;
  }
  // 2. The input's ends, asked now (librdkafka's cached watermarks may predate step 1), against
  // the read position: every message before it was routed in a committed transaction (a batch
  // commits before the next poll).
  rd_kafka_topic_partition_list_t* assigned = nullptr;
  if (rd_kafka_assignment(rk, &assigned) != RD_KAFKA_RESP_ERR_NO_ERROR) return false;
  bool at_end = assigned->cnt > 0;
  consumer_->ReadPositions(assigned);
  for (int i = 0; i < assigned->cnt && at_end; ++i) {
    const rd_kafka_topic_partition_t& p = assigned->elems[i];
    int64_t low = -1, high = -1;
    if (rd_kafka_query_watermark_offsets(rk, p.topic, p.partition, &low, &high, kTimeoutMs) !=
        RD_KAFKA_RESP_ERR_NO_ERROR) {
      at_end = false;
      break;
    }
    // No position known (no committed offset and nothing read): at its end only if empty.
    const int64_t position = p.offset >= 0 ? p.offset : low;
    at_end = position >= high;
    if (p.partition >= static_cast<int32_t>(coverage_.input_end.size())) {
      coverage_.input_end.resize(p.partition + 1, -1);
    }
    coverage_.input_end[p.partition] = high;
  }
  rd_kafka_topic_partition_list_destroy(assigned);
  return at_end;
}

absl::Status KafkaRouteStage::PublishCaughtUp() {
  const EventTime now = clock_->Now();
  if (Within(last_coverage_check_, now, kCoverageCheck)) return absl::OkStatus();
  last_coverage_check_ = now;
  if (!ReadCoverage()) return absl::OkStatus();
  if (coverage_ == published_coverage_ && progress_ == published_progress_ &&
      Within(last_caught_up_, now, kCaughtUpRepeat)) {
    return absl::OkStatus();
  }
  absl::Status s = output_->Begin();
  if (!s.ok()) return s;
  covers_text_.clear();
  coverage_.AppendText(&covers_text_);
  PublishProgress(covers_text_);
  s = output_->Commit(nullptr, consumer_.get());
  if (s.ok()) {
    published_coverage_ = coverage_;
    last_caught_up_ = now;
  } else if (absl::IsAborted(s)) {
    // Published again on the next idle turn.
    published_coverage_.Clear();
    published_progress_ = -1;
    return absl::OkStatus();
  }
  return s;
}

absl::Status KafkaRouteStage::Run() {
  std::vector<rd_kafka_message_t*> batch(std::max<size_t>(1, options_.batch_max));
  boost::asio::io_context io;
  absl::Status result;
  // The keepalive also bounds how long a stop request waits: RequestStop() may come from a
  // signal handler, which can only set a flag.
  KafkaConsumeLoop loop(&io, consumer_.get(), /*keepalive_ms=*/100, [&] {
    for (;;) {
      if (stop_.load()) {
        loop.Stop();
        return false;
      }
      if (has_pending_rules_.exchange(false)) {
        std::lock_guard<std::mutex> lock(pending_mu_);
        router_ = std::make_unique<HeadlineRouter>(std::move(pending_rules_));
      }
      size_t n = consumer_->Poll(batch.data(), batch.size());
      RefreshGauges();
      if (!open_status_.ok()) {
        for (size_t i = 0; i < n; ++i) rd_kafka_message_destroy(batch[i]);
        result = open_status_;
        loop.Stop();
        return false;
      }
      if (assignment_changed_) {
        absl::Status s = OpenOutput();
        if (!s.ok()) {
          for (size_t i = 0; i < n; ++i) rd_kafka_message_destroy(batch[i]);
          result = s;
          loop.Stop();
          return false;
        }
      }
      if (n == 0) {
        // Idle: when read to the end, tell the engines how far that covers the prices (see
        // RouterCoverage), so that they may take the prices appended before it.
        if (output_ != nullptr && consumer_->assigned_partitions() > 0) {
          absl::Status s = PublishCaughtUp();
          if (!s.ok()) {
            result = s;
            loop.Stop();
          }
        }
        return false;
      }
      if (output_ == nullptr) {  // nothing assigned: nothing of ours to route
        for (size_t i = 0; i < n; ++i) rd_kafka_message_destroy(batch[i]);
        return false;
      }
      absl::Status s = RouteBatch(batch.data(), n);
      for (size_t i = 0; i < n; ++i) rd_kafka_message_destroy(batch[i]);
      if (absl::IsAborted(s)) {
        Log().warn("route: {}; reading the batch again", s.message());
        s = consumer_->RewindToCommitted();
        if (s.ok()) return true;
      }
      if (!s.ok()) {
        result = s;
        loop.Stop();
        return false;
      }
    }
  });
  loop.Start();
  io.run();
  consumer_->Close();
  return result;
}

}  // namespace tripline
