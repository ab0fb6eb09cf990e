#include "io/kafka/kafka_live_loop.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "core/log.h"
#include "xxhash.h"

namespace tripline {
namespace {

// The router's headers of a headline message, read once: a routed copy's `tripline.origin`
// (its XXH3 into `m->origin`, never 0, and its input partition and offset), or a progress
// marker's `tripline.progress` (its progress time in ns into `m->order_ts`) and, on a caught-up
// marker, `tripline.caught_up` (what it vouches for, RouterCoverage's text, into `m->covers`).
// A message with neither is plain data.
void ReadRouterHeaders(const rd_kafka_message_t* msg, LiveMessage* m) {
  rd_kafka_headers_t* headers = nullptr;
  if (rd_kafka_message_headers(msg, &headers) != RD_KAFKA_RESP_ERR_NO_ERROR) return;
  const void* value = nullptr;
  size_t size = 0;
  if (rd_kafka_header_get_last(headers, "tripline.origin", &value, &size) ==
      RD_KAFKA_RESP_ERR_NO_ERROR) {
    const uint64_t h = XXH3_64bits(value, size);
    m->origin = h == 0 ? 1 : h;
    // "topic/partition/offset" (the topic may hold '/', the numbers cannot).
    const std::string_view origin(static_cast<const char*>(value), size);
    const size_t last = origin.rfind('/');
    const size_t mid = last == std::string_view::npos || last == 0 ? std::string_view::npos
                                                                   : origin.rfind('/', last - 1);
    int32_t partition = -1;
    int64_t offset = -1;
    if (mid != std::string_view::npos &&
        absl::SimpleAtoi(absl::string_view(origin.data() + mid + 1, last - mid - 1), &partition) &&
        absl::SimpleAtoi(absl::string_view(origin.data() + last + 1, origin.size() - last - 1),
                         &offset)) {
      m->origin_partition = partition;
      m->origin_offset = offset;
    }
    return;
  }
  EventTime progress = 0;
  if (rd_kafka_header_get_last(headers, "tripline.progress", &value, &size) !=
          RD_KAFKA_RESP_ERR_NO_ERROR ||
      !absl::SimpleAtoi(absl::string_view(static_cast<const char*>(value), size), &progress)) {
    return;
  }
  m->order_ts = progress;
  m->kind = LiveMessageKind::kProgress;
  if (rd_kafka_header_get_last(headers, "tripline.caught_up", &value, &size) ==
      RD_KAFKA_RESP_ERR_NO_ERROR) {
    m->kind = LiveMessageKind::kCaughtUp;
    m->covers = std::string_view(static_cast<const char*>(value), size);
  }
}

LiveCoreOptions CoreOptions(const KafkaLiveLoopOptions& o, const KafkaOutput* output) {
  LiveCoreOptions c;
  c.idle_ns = o.partition_idle_ms * 1'000'000;
  c.headlines_topic = o.headlines_topic;
  c.prices_topic = o.prices_topic;
  c.signals_topic = output->options().signals_topic;
  c.dlq_topic = output->options().dlq_topic;
  return c;
}

}  // namespace

KafkaLiveLoop::KafkaLiveLoop(boost::asio::io_context* io, KafkaConsumer* consumer,
                             KafkaOutput* output, EventEvaluator* evaluator,
                             KafkaLiveLoopOptions options, MetricsRegistry* metrics)
    : consumer_(consumer),
      output_(output),
      options_(std::move(options)),
      core_(evaluator, output, output, &clock_, CoreOptions(options_, output), metrics),
      consume_(io, consumer, options_.keepalive_ms, [this] { return Drain(); }),
      commit_timer_(*io),
      polled_(std::max<size_t>(1, options_.batch_max)) {
  core_.set_release(
      [](void* handle) { rd_kafka_message_destroy(static_cast<rd_kafka_message_t*>(handle)); });
  if (metrics != nullptr) {
    commit_seconds_ = metrics->GetHistogram(
        "tripline_commit_seconds",
        "Time the loop spends in one commit (exactly-once: sending the offsets and committing "
        "the transaction; at-least-once: waiting for delivery and committing the offsets)");
  }
  consumer_->set_state_rebuild(options_.state_lookback_ms);
  consumer_->set_rebalance_observer(
      [this](const rd_kafka_topic_partition_list_t* assigned,
             const std::vector<int64_t>& replay_until) { OnAssignment(assigned, replay_until); });
  // Revoked partitions' offsets must be committed with their output before they move.
  consumer_->set_before_rebalance([this] {
    if (in_txn_ && !stopped()) CommitOpen(/*rebalancing=*/true);
  });
}

KafkaLiveLoop::~KafkaLiveLoop() {
  core_.Drop();
  consumer_->set_rebalance_observer(nullptr);
  consumer_->set_before_rebalance(nullptr);
}

void KafkaLiveLoop::set_signal_observer(std::function<void(const Signal&)> observer) {
  const bool added = static_cast<bool>(observer_sink_.fn);
  observer_sink_.fn = std::move(observer);
  if (!added) core_.AddPostCommitSink(&observer_sink_);
}

void KafkaLiveLoop::Start(std::function<void(absl::Status)> on_stopped) {
  on_stopped_ = std::move(on_stopped);
  consume_.Start();
}

void KafkaLiveLoop::ArmCommitTimer() {
  if (stopped() || commit_timer_armed_ || !in_txn_) return;
  commit_timer_armed_ = true;
  commit_timer_.expires_after(std::chrono::nanoseconds(core_.BatchTimeLeft(CommitInterval())));
  commit_timer_.async_wait([this](const boost::system::error_code& ec) {
    commit_timer_armed_ = false;
    if (ec || stopped()) return;
    MaybeCommit(/*force=*/false);
    // A merge waiting for a quiet partition's idle time is re-checked here too.
    if (!stopped() && core_.buffered() > 0) consume_.Kick();
  });
}

void KafkaLiveLoop::OnAssignment(const rd_kafka_topic_partition_list_t* assigned,
                                 const std::vector<int64_t>& replay_until) {
  if (assignment_observer_) assignment_observer_(assigned != nullptr);
  std::vector<LivePartition> parts;
  if (assigned != nullptr) {
    for (int i = 0; i < assigned->cnt; ++i) {
      LivePartition p;
      p.topic = assigned->elems[i].topic;
      p.partition = assigned->elems[i].partition;
      p.headlines = p.topic == options_.headlines_topic;
      p.progress_markers = p.headlines && options_.headlines_routed;
      p.replay_until = replay_until[i];
      if (p.replay_until >= 0) {
        Log().info("{}/{}: rebuilding state from offset {} (committed {})", p.topic, p.partition,
                   assigned->elems[i].offset, p.replay_until);
      }
      parts.push_back(std::move(p));
    }
  }
  core_.Assign(parts);
  // A new assignment starts unpaused.
  paused_.assign(parts.size(), 0);
  topic_handles_.assign(parts.size(), nullptr);
}

void KafkaLiveLoop::Throttle() {
  rd_kafka_topic_partition_list_t* pause = nullptr;
  rd_kafka_topic_partition_list_t* resume = nullptr;
  for (size_t i = 0; i < paused_.size(); ++i) {
    const size_t n = core_.buffered(static_cast<int>(i));
    const bool flip =
        paused_[i] ? n <= options_.partition_buffer / 2 : n >= options_.partition_buffer;
    if (!flip) continue;
    rd_kafka_topic_partition_list_t*& list = paused_[i] ? resume : pause;
    if (list == nullptr) list = rd_kafka_topic_partition_list_new(4);
    const LivePartition& p = core_.partition(static_cast<int>(i));
    rd_kafka_topic_partition_list_add(list, p.topic.c_str(), p.partition);
    if (!paused_[i]) ++counts_.pauses;
    paused_[i] = !paused_[i];
  }
  // Paused: fetching stops and what was queued but not polled is dropped by librdkafka, which
  // resumes from the next offset not yet handed over -- nothing is skipped.
  if (pause != nullptr) {
    rd_kafka_pause_partitions(consumer_->handle(), pause);
    rd_kafka_topic_partition_list_destroy(pause);
  }
  if (resume != nullptr) {
    rd_kafka_resume_partitions(consumer_->handle(), resume);
    rd_kafka_topic_partition_list_destroy(resume);
  }
}

int KafkaLiveLoop::PartitionIndex(const rd_kafka_message_t* msg) {
  if (msg->rkt == nullptr) return -1;
  // By librdkafka's topic handle, learnt from each partition's first message: no topic-name
  // comparison per message.
  for (size_t i = 0; i < topic_handles_.size(); ++i) {
    if (topic_handles_[i] == msg->rkt &&
        core_.partition(static_cast<int>(i)).partition == msg->partition) {
      return static_cast<int>(i);
    }
  }
  const int index = core_.Find(rd_kafka_topic_name(msg->rkt), msg->partition);
  if (index >= 0) topic_handles_[index] = msg->rkt;
  return index;
}

size_t KafkaLiveLoop::Fill() {
  size_t n = consumer_->Poll(polled_.data(), polled_.size());
  for (size_t i = 0; i < n; ++i) {
    rd_kafka_message_t* msg = polled_[i];
    const int index = PartitionIndex(msg);
    if (msg->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
      if (index >= 0) core_.MarkEnd(index);
      rd_kafka_message_destroy(msg);
    } else if (msg->err != RD_KAFKA_RESP_ERR_NO_ERROR || index < 0) {
      ++counts_.consumer_errors;
      if (msg->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        Log().warn("kafka consumer: {}", rd_kafka_message_errstr(msg));
      }
      // A fatal consumer error (e.g. a static member fenced) never clears: stop with an error
      // so that the supervisor restarts the engine, rather than idle while looking healthy.
      if (msg->err == RD_KAFKA_RESP_ERR__FATAL && fatal_.ok()) {
        fatal_ =
            absl::InternalError(absl::StrCat("kafka consumer: ", rd_kafka_message_errstr(msg)));
      }
      rd_kafka_message_destroy(msg);
    } else {
      LiveMessage m;
      m.offset = msg->offset;
      m.timestamp_ms = rd_kafka_message_timestamp(msg, nullptr);
      m.payload = std::string_view(static_cast<const char*>(msg->payload), msg->len);
      // Markers are recognised on every headline partition, so an engine reading the router's
      // output without `topics.headlines.routed` passes them by instead of dead-lettering
      // them; only `progress_markers` lets them hold the merge.
      if (core_.partition(index).headlines) ReadRouterHeaders(msg, &m);
      m.handle = msg;
      core_.Push(index, m);
    }
  }
  return n;
}

bool KafkaLiveLoop::EnsureTransaction() {
  if (in_txn_) return true;
  absl::Status begun = output_->Begin();
  if (!begun.ok()) {
    Fail(begun);
    return false;
  }
  in_txn_ = true;
  core_.BeginBatch();
  return true;
}

bool KafkaLiveLoop::Drain() {
  if (stopped()) return false;
  // Poll until the queue is empty: the pipe fires again only after it was empty. A partition
  // whose buffer fills up is paused on the way, so this ends and memory stays bounded.
  while (Fill() > 0) Throttle();
  if (!fatal_.ok()) {
    Fail(fatal_);
    return false;
  }
  size_t processed = 0;
  if (core_.HasReady()) {
    if (!EnsureTransaction()) return false;
    processed = core_.Process(options_.batch_max);
    Throttle();
  }
  if (!MaybeCommit(/*force=*/false)) return false;
  // More may be ready: the consume loop yields to the loop's other handlers, then continues.
  if (processed == options_.batch_max) return true;
  UpdateCaughtUp();
  // Nothing more to do now: the open transaction commits when its interval is up (the timer
  // also re-checks a merge that waits for a quiet partition's idle time).
  ArmCommitTimer();
  if (!in_txn_ && core_.buffered() > 0 && options_.partition_idle_ms > 0) {
    commit_timer_armed_ = true;
    commit_timer_.expires_after(std::chrono::milliseconds(options_.partition_idle_ms));
    commit_timer_.async_wait([this](const boost::system::error_code& ec) {
      commit_timer_armed_ = false;
      if (!ec && !stopped()) consume_.Kick();
    });
  }
  return false;
}

bool KafkaLiveLoop::MaybeCommit(bool force) {
  if (stopped()) return false;
  if (!in_txn_) return true;
  const bool due = force || core_.BatchDue(CommitInterval(), options_.commit_max_messages);
  if (due) CommitOpen(/*rebalancing=*/false);
  return !stopped();
}

void KafkaLiveLoop::CommitOpen(bool rebalancing) {
  in_txn_ = false;
  commit_timer_.cancel();
  core_.TakeCommit(&commit_points_);
  // Offsets once per partition and commit (not per message), each with its commit metadata:
  // the time the state rebuild of a successor starts from.
  rd_kafka_topic_partition_list_t* offsets =
      rd_kafka_topic_partition_list_new(static_cast<int>(commit_points_.size()));
  for (const LiveCommitPoint& c : commit_points_) {
    rd_kafka_topic_partition_t* p =
        rd_kafka_topic_partition_list_add(offsets, c.topic->c_str(), c.partition);
    p->offset = c.next_offset;
    KafkaConsumer::SetCommitMetadata(p, c.last_timestamp_ms);
  }
  const auto commit_start = std::chrono::steady_clock::now();
  absl::Status committed = output_->Commit(offsets, consumer_);
  if (commit_seconds_ != nullptr) {
    commit_seconds_->Observe(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - commit_start).count());
  }
  rd_kafka_topic_partition_list_destroy(offsets);
  if (committed.ok()) {
    ++counts_.batches;
    core_.Committed();
    return;
  }
  core_.Aborted();
  if (absl::IsAborted(committed)) {
    Log().warn("{}; rebuilding state and reading the batch again", committed.message());
    core_.Drop();
    // During a rebalance the new assignment restarts from the committed offsets anyway.
    if (rebalancing) return;
    // A rewind is an assignment: OnAssignment runs, a fresh engine rebuilds its state up to
    // the committed offsets, and the aborted batch is evaluated again on top of that alone.
    absl::Status rewound = consumer_->RewindToCommitted();
    if (!rewound.ok()) Fail(rewound);
  } else {
    Fail(committed);
  }
}

void KafkaLiveLoop::UpdateCaughtUp() {
  if (!caught_up_ && consumer_->assigned_partitions() > 0 && consumer_->Lag() == 0) {
    caught_up_ = true;
  }
}

void KafkaLiveLoop::Fail(absl::Status status) {
  if (stopped()) return;
  // First: whatever runs from here on (an abort's callbacks) sees the loop stopped.
  consume_.Stop();
  if (in_txn_) {
    in_txn_ = false;
    output_->Abort();
    core_.Aborted();
  }
  core_.Drop();
  commit_timer_.cancel();
  consumer_->Close();
  if (on_stopped_) on_stopped_(std::move(status));
}

void KafkaLiveLoop::Stop() {
  if (stopped()) return;
  // Finish the routed headline whose copies are being handled, so that none is left on both
  // sides of the committed offsets.
  while (in_txn_ && !core_.AtCommitBoundary() && core_.Process(1) > 0) {
  }
  if (in_txn_) CommitOpen(/*rebalancing=*/false);
  if (stopped()) return;
  // Flush what the evaluator holds back as one last batch without input offsets.
  if (output_->Begin().ok()) {
    core_.Finish();
    absl::Status s = output_->Commit(nullptr, consumer_);
    if (s.ok()) {
      core_.Committed();
    } else {
      core_.Aborted();
      Log().error("final batch: {}", s.message());
    }
  }
  Fail(absl::OkStatus());
}

}  // namespace tripline
