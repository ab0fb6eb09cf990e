#include "io/kafka/live_core.h"

#include <algorithm>
#include <chrono>
#include <limits>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "core/log.h"
#include "io/codec/message_decoder.h"

namespace tripline {
namespace {

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

absl::string_view AbslView(std::string_view s) { return absl::string_view(s.data(), s.size()); }

}  // namespace

LiveCore::LiveCore(EventEvaluator* evaluator, SignalSink* signals, DeadLetterSink* dead_letters,
                   const Clock* clock, LiveCoreOptions options, MetricsRegistry* metrics)
    : pipeline_(evaluator, this),
      signals_(signals),
      clock_(clock),
      options_(std::move(options)),
      metrics_(metrics),
      ingest_([] { return std::make_unique<MessageDecoder>(); }, dead_letters) {
  if (metrics_ == nullptr) return;
  const std::string in = "tripline_messages_in_total";
  const std::string in_help = "Input messages consumed, by topic";
  in_headlines_ = metrics_->GetCounter(in, in_help, Label("topic", options_.headlines_topic));
  in_prices_ = metrics_->GetCounter(in, in_help, Label("topic", options_.prices_topic));
  const std::string out = "tripline_messages_out_total";
  const std::string out_help = "Output messages produced, by topic";
  out_signals_ = metrics_->GetCounter(out, out_help, Label("topic", options_.signals_topic));
  out_dlq_ = metrics_->GetCounter(out, out_help, Label("topic", options_.dlq_topic));
  // A decode or an evaluation takes about a microsecond: buckets from 100 ns, not the
  // latency buckets' 1 ms, which would hold every sample.
  ingest_.set_decode_seconds(metrics_->GetHistogram(
      "tripline_decode_seconds", "Time to decode one input message (1 in 16 sampled)", "",
      StepDurationBuckets()));
  eval_seconds_ =
      metrics_->GetHistogram("tripline_rule_evaluation_seconds",
                             "Time to evaluate the rules on one decoded event (1 in 16 sampled)",
                             "", StepDurationBuckets());
  dead_letters_by_code_ = std::make_unique<LabeledCounter>(metrics_, "tripline_dead_letters_total",
                                                           "Dead letters, by error code", "code");
  signals_by_rule_ = std::make_unique<LabeledCounter>(metrics_, "tripline_signals_total",
                                                      "Signals emitted, by rule", "rule");
  input_to_signal_seconds_ = metrics_->GetHistogram(
      "tripline_input_to_signal_seconds",
      "From the input message's Kafka timestamp to its signal being produced");
}

LiveCore::~LiveCore() { Drop(); }

void LiveCore::Assign(const std::vector<LivePartition>& partitions) {
  Drop();
  ingest_.Clear();
  parts_.clear();
  copies_ts_ = -1;
  copies_.clear();
  uncommitted_ = false;
  uncommitted_signals_.clear();
  uncommitted_signal_count_ = 0;
  replays_open_ = 0;
  replay_start_ = clock_->Now();
  replayed_at_start_ = counts_.replayed;
  for (const LivePartition& spec : partitions) {
    auto p = std::make_unique<Partition>();
    p->core = this;
    p->spec = spec;
    if (spec.replay_until >= 0) ++replays_open_;
    parts_.push_back(std::move(p));
  }
  // Stream numbers as the backtest's: headline streams first, then prices, each in order.
  auto key = [](const Partition& p) {
    return std::make_tuple(!p.spec.headlines, std::string_view(p.spec.topic), p.spec.partition);
  };
  std::sort(parts_.begin(), parts_.end(),
            [&key](const auto& a, const auto& b) { return key(*a) < key(*b); });
  for (const auto& p : parts_) ingest_.Add(p.get());
}

int LiveCore::Find(std::string_view topic, int32_t partition) const {
  for (size_t i = 0; i < parts_.size(); ++i) {
    if (parts_[i]->spec.partition == partition && parts_[i]->spec.topic == topic) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

void LiveCore::Push(int index, const LiveMessage& message) {
  Partition& p = *parts_[index];
  p.messages.push_back(message);
  p.quiet_since = kNoTime;
  ++buffered_;
  // A marker that does not parse (a router of an older version) vouches for nothing.
  if (message.kind == LiveMessageKind::kCaughtUp && p.spec.progress_markers) {
    p.covered.Parse(message.covers);
  }
}

void LiveCore::MarkEnd(int index) {
  Partition& p = *parts_[index];
  if (p.quiet_since == kNoTime) p.quiet_since = clock_->Now();
  // At its end with nothing buffered: whatever lay below the committed offset was read. (A
  // transactional topic's committed offset sits past the commit marker, so no message may
  // ever reach it.)
  if (p.messages.empty() && p.spec.replay_until >= 0) EndReplay(&p);
}

void LiveCore::Drop() {
  // What is read next was read before (a rebalance, a rewind): its copies are not duplicates.
  copies_ts_ = -1;
  copies_.clear();
  ingest_.DropHeads();
  for (auto& part : parts_) {
    Partition& p = *part;
    for (size_t i = 0; i < p.messages.size(); ++i) {
      if (release_) release_(p.messages[i].handle);
      ++counts_.dropped;
    }
    p.messages.clear();
    p.quiet_since = kNoTime;
    // What is read next was read before: its markers come again.
    p.covered.Clear();
  }
  buffered_ = 0;
}

SourceFront LiveCore::Partition::Front(SourceMessage* message) {
  if (!messages.empty()) {
    const LiveMessage& m = messages.front();
    message->bytes = m.payload;
    message->kind = spec.headlines ? EventKind::kHeadline : EventKind::kPrice;
    message->padded = false;
    message->marker = m.kind != LiveMessageKind::kData;
    message->order_ts = m.order_ts;
    return SourceFront::kMessage;
  }
  // Not known to be at its end: its next message may come first.
  if (quiet_since == kNoTime) return SourceFront::kWait;
  // What the router's last caught-up marker covers may pass, alive or dead as it now is.
  if (spec.progress_markers && core->CoveredByRouter(*this)) return SourceFront::kEnded;
  if (core->options_.idle_ns > 0) {
    // Waits for a quiet partition; a stalled router holds prices back no longer than this.
    if (core->clock_->Now() - quiet_since < core->options_.idle_ns) return SourceFront::kWait;
  } else if (spec.progress_markers) {
    // The router is behind: its next copy may come first.
    return SourceFront::kWait;
  }
  return SourceFront::kEnded;
}

bool LiveCore::CoveredByRouter(const Partition& routed) const {
  if (routed.covered.prices_end.empty()) return false;  // no caught-up marker yet
  for (const auto& part : parts_) {
    const Partition& q = *part;
    if (&q == &routed || q.messages.empty()) continue;
    const LiveMessage& front = q.messages.front();
    // Another marker merges at its own time and carries no event.
    if (front.kind != LiveMessageKind::kData) continue;
    const bool covered =
        q.spec.headlines
            ? routed.covered.CoversHeadline(front.origin_partition, front.origin_offset)
            : routed.covered.CoversPrice(q.spec.partition, front.offset);
    if (!covered) return false;
  }
  return true;
}

void LiveCore::Partition::Pop() {
  const LiveMessage m = messages.front();
  messages.pop_front();
  --core->buffered_;
  if (core->release_) core->release_(m.handle);
}

void LiveCore::Partition::AppendOrigin(std::string* out) const {
  const LiveMessage& m = messages.front();
  absl::StrAppend(out, AbslView(spec.topic), "/", spec.partition, "/", m.offset);
}

size_t LiveCore::Process(size_t max) {
  size_t n = 0;
  while (n < max) {
    const int i = ingest_.Peek();
    if (i < 0) break;
    Partition& p = *parts_[i];
    const LiveMessage m = p.messages.front();
    if (m.kind == LiveMessageKind::kData) {
      Handle(i, &p, m);
    } else {
      PassMarker(&p, m);
    }
    ingest_.Pop(i);
    ++batch_messages_;
    if (p.messages.empty() && p.quiet_since != kNoTime && p.spec.replay_until >= 0) {
      EndReplay(&p);
    }
    ++n;
  }
  return n;
}

void LiveCore::Finish() {
  replaying_ = false;
  current_input_ts_ = kNoTime;
  pipeline_.Finish();
}

void LiveCore::EndReplay(Partition* p) {
  p->spec.replay_until = -1;
  if (replays_open_ == 0 || --replays_open_ > 0) return;
  last_rebuild_seconds_ = static_cast<double>(clock_->Now() - replay_start_) / kNanosPerSecond;
  Log().info("state rebuilt from {} messages in {:.3f} s", counts_.replayed - replayed_at_start_,
             last_rebuild_seconds_);
}

bool LiveCore::IsRoutedCopySeen(const LiveMessage& m) {
  // Copies of one headline carry its original timestamp, so the merge hands them over among the
  // messages of that timestamp: remembering that timestamp's origins suffices.
  if (m.timestamp_ms != copies_ts_) {
    copies_ts_ = m.timestamp_ms;
    copies_.clear();
  }
  if (std::find(copies_.begin(), copies_.end(), m.origin) != copies_.end()) return true;
  copies_.push_back(m.origin);
  return false;
}

void LiveCore::FindLiveCopies(const Partition& p, const LiveMessage& m, bool m_live) {
  live_copies_.clear();
  if (m_live) live_copies_.push_back(p.spec.partition);
  for (const auto& part : parts_) {
    const Partition& q = *part;
    if (&q == &p || !q.spec.headlines) continue;
    // A partition holds at most one copy of a headline; copies share the original's order
    // time, so q's, if fetched, is near its front. (Headline buffers are short: a scan is cheap
    // and needs no decode of the messages behind the front.)
    for (size_t i = 0; i < q.messages.size(); ++i) {
      const LiveMessage& c = q.messages[i];
      if (c.origin == m.origin && c.timestamp_ms == m.timestamp_ms) {
        if (c.offset >= q.spec.replay_until) live_copies_.push_back(q.spec.partition);
        break;
      }
    }
  }
}

void LiveCore::Handle(int index, Partition* p, const LiveMessage& m) {
  const bool below_commit = m.offset < p->spec.replay_until;
  replaying_ = below_commit;
  const bool headline = p->spec.headlines;
  copy_gate_ = false;
  if (headline && m.origin != 0) {
    last_copy_timestamp_ms_ = m.timestamp_ms;
    last_copy_origin_ = m.origin;
  }
  if (headline && m.origin != 0 && IsRoutedCopySeen(m)) {
    ++counts_.duplicate_copies;
  } else {
    if (headline && m.origin != 0 && partition_of_) {
      FindLiveCopies(*p, m, !below_commit);
      // Live if any copy is; then only the live copies' partitions emit.
      replaying_ = live_copies_.empty();
      copy_gate_ = !replaying_;
    }
    current_input_ts_ = m.timestamp_ms >= 0 ? m.timestamp_ms * 1'000'000 : kNoTime;
    // Per-message timings are sampled (1 in 16): four clock reads per message cost about 8% of
    // the loop's time (perf, bench/RESULTS.md), and a histogram needs no census.
    const bool timed = eval_seconds_ != nullptr && (++timing_tick_ & 15) == 0;
    ingest_.Deliver(index, !below_commit, [this, timed](const Event& event) {
      std::chrono::steady_clock::time_point start;
      if (timed) start = std::chrono::steady_clock::now();
      pipeline_.Process(event);
      if (timed) eval_seconds_->Observe(SecondsSince(start));
    });
    if (!below_commit) {
      if (Counter* in = headline ? in_headlines_ : in_prices_) in->Inc();
      const IngestHead& h = ingest_.head(index);
      if (!h.decoded) {
        if (out_dlq_ != nullptr) out_dlq_->Inc();
        if (dead_letters_by_code_) dead_letters_by_code_->For(h.failure.code)->Inc();
      }
    }
  }
  copy_gate_ = false;
  replaying_ = below_commit;
  if (replaying_) {
    // Handled and committed by a predecessor: never commit an offset below it.
    ++counts_.replayed;
    replaying_ = false;
    if (m.offset + 1 >= p->spec.replay_until) EndReplay(p);
    return;
  }
  if (p->spec.replay_until >= 0) EndReplay(p);  // its replay range held no message
  p->next_offset = m.offset + 1;
  p->last_timestamp_ms = m.timestamp_ms;
  uncommitted_ = true;
}

void LiveCore::PassMarker(Partition* p, const LiveMessage& m) {
  ++counts_.progress_markers;
  if (m.offset < p->spec.replay_until) {
    if (m.offset + 1 >= p->spec.replay_until) EndReplay(p);
    return;
  }
  if (p->spec.replay_until >= 0) EndReplay(p);
  // Committing past it keeps the partition's committed offset at its end; the commit's
  // timestamp stays the last event's (a successor's rebuild starts from event times).
  p->next_offset = m.offset + 1;
  uncommitted_ = true;
}

void LiveCore::Emit(const Signal& signal) {
  if (replaying_) return;  // emitted before, by whoever handled this input first
  if (owned_ && !owned_(signal)) {
    ++counts_.not_owned;
    return;
  }
  if (copy_gate_) {
    const int32_t part = partition_of_(signal);
    if (part >= 0 &&
        std::find(live_copies_.begin(), live_copies_.end(), part) == live_copies_.end()) {
      ++counts_.replayed_copy_signals;
      return;
    }
  }
  signals_->Emit(signal);
  if (out_signals_ != nullptr) out_signals_->Inc();
  if (signals_by_rule_) signals_by_rule_->For(signal.rule)->Inc();
  if (input_to_signal_seconds_ != nullptr && current_input_ts_ != kNoTime) {
    input_to_signal_seconds_->Observe(static_cast<double>(clock_->Now() - current_input_ts_) /
                                      kNanosPerSecond);
  }
  ++uncommitted_signal_count_;
  if (!post_commit_.empty()) uncommitted_signals_.push_back(signal);
}

void LiveCore::BeginBatch() {
  batch_start_ = clock_->Now();
  batch_messages_ = 0;
}

bool LiveCore::BatchDue(EventTime interval, size_t max_messages) const {
  return (batch_messages_ >= max_messages || clock_->Now() - batch_start_ >= interval) &&
         AtCommitBoundary();
}

EventTime LiveCore::BatchTimeLeft(EventTime interval) const {
  return std::max<EventTime>(0, batch_start_ + interval - clock_->Now());
}

bool LiveCore::AtCommitBoundary() const {
  if (last_copy_origin_ == 0) return true;
  for (const auto& q : parts_) {
    if (!q->spec.headlines) continue;
    for (size_t i = 0; i < q->messages.size(); ++i) {
      const LiveMessage& c = q->messages[i];
      if (c.origin == last_copy_origin_ && c.timestamp_ms == last_copy_timestamp_ms_) return false;
    }
  }
  return true;
}

void LiveCore::TakeCommit(std::vector<LiveCommitPoint>* out) {
  out->clear();
  for (auto& part : parts_) {
    Partition& p = *part;
    if (p.next_offset < 0) continue;
    out->push_back(
        LiveCommitPoint{&p.spec.topic, p.spec.partition, p.next_offset, p.last_timestamp_ms});
    p.next_offset = -1;
  }
  uncommitted_ = false;
}

void LiveCore::Committed() {
  for (const Signal& s : uncommitted_signals_) {
    for (SignalSink* sink : post_commit_) sink->Emit(s);
  }
  uncommitted_signals_.clear();
  if (uncommitted_signal_count_ > 0) {
    for (const auto& observer : commit_observers_) observer(uncommitted_signal_count_);
  }
  uncommitted_signal_count_ = 0;
}

void LiveCore::Aborted() {
  uncommitted_signals_.clear();
  uncommitted_signal_count_ = 0;
  for (auto& p : parts_) p->next_offset = -1;
  uncommitted_ = false;
}

}  // namespace tripline
