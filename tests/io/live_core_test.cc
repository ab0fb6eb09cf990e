// LiveCore without a broker: in-memory partitions, a test clock, a recording evaluator and
// in-memory sinks. Everything the live path decides (merge order, waiting for partitions,
// replay gate, routed-copy dedupe, ownership, dead letters, offsets, post-commit sinks) is
// asserted here.
#include "io/kafka/live_core.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/clock.h"
#include "core/dead_letter_tally.h"
#include "core/pipeline.h"
#include "io/files/recorded_input.h"
#include "rules/rule_engine.h"
#include "rules/rule_loader.h"

namespace tripline {
namespace {

using ::testing::ElementsAre;

// Records what it was given, in order; a headline whose text starts with "fire" emits one
// signal for instrument "NVDA" (its id is the headline's id).
class RecordingEvaluator final : public EventEvaluator {
 public:
  void OnHeadline(const Headline& h, SignalSink& out) override {
    seen.push_back(absl::StrCat("h:", std::string(h.id)));
    if (std::string_view(h.headline) == "fire both") {
      // One signal for each of two instruments, A and B (partitions 0 and 1 in the tests).
      for (const char* instrument : {"A", "B"}) {
        Signal s;
        s.signal_id = absl::StrCat(std::string(h.id), "/", instrument);
        s.rule = "r";
        s.instrument = instrument;
        out.Emit(s);
      }
    } else if (std::string_view(h.headline).rfind("fire", 0) == 0) {
      Signal s;
      s.signal_id = std::string(h.id);
      s.rule = "r";
      s.instrument = "NVDA";
      s.ts = h.ts;
      out.Emit(s);
    }
  }
  void OnPrice(const PriceTick& p, SignalSink& out) override {
    seen.push_back(absl::StrCat("p:", std::string(p.sym), "@", p.ts / 1'000'000'000));
  }
  void Finish(SignalSink& out) override { seen.push_back("finish"); }
  std::vector<std::string> seen;
};

class SignalList final : public SignalSink {
 public:
  void Emit(const Signal& s) override { ids.push_back(s.signal_id); }
  std::vector<std::string> ids;
};

class DeadLetterList final : public DeadLetterSink {
 public:
  void Put(const DeadLetter& d) override { letters.push_back(d.code + " " + d.origin); }
  std::vector<std::string> letters;
};

// A message and the payload it borrows (owned by the fixture until released).
struct Owned {
  std::string payload;
  bool released = false;
};

class LiveCoreTest : public ::testing::Test {
 protected:
  void Make(LiveCoreOptions options = {}, MetricsRegistry* metrics = nullptr) {
    core = std::make_unique<LiveCore>(&evaluator, &signals, &dead, &clock, options, metrics);
    core->set_release([](void* h) { static_cast<Owned*>(h)->released = true; });
    core->AddPostCommitSink(&committed);
  }
  // Headline partition 0 of "h", price partitions 0 and 1 of "p" (given in a scrambled order:
  // the core numbers them itself).
  void AssignDefault(int64_t replay_until_h = -1) {
    core->Assign({{"p", 1, false, -1}, {"h", 0, true, replay_until_h}, {"p", 0, false, -1}});
  }
  // `input_offset`: a routed copy's offset in the router's input partition 0 (-1: unknown).
  void PushHeadline(int32_t partition, int64_t offset, int64_t ts_s, const std::string& id,
                    const std::string& text, uint64_t origin = 0, int64_t input_offset = -1) {
    Push("h", partition, offset, ts_s,
         absl::StrCat(R"({"id":")", id, R"(","ts":)", ts_s * 1'000'000'000LL,
                      R"(,"source":"Reuters","headline":")", text, R"("})"),
         origin, input_offset);
  }
  void PushPrice(int32_t partition, int64_t offset, int64_t ts_s, const std::string& sym) {
    Push("p", partition, offset, ts_s,
         absl::StrCat(R"({"sym":")", sym, R"(","ts":)", ts_s * 1'000'000'000LL,
                      R"(,"price":100.5})"));
  }
  void Push(const std::string& topic, int32_t partition, int64_t offset, int64_t ts_s,
            std::string payload, uint64_t origin = 0, int64_t input_offset = -1) {
    owned.push_back(std::make_unique<Owned>());
    owned.back()->payload = std::move(payload);
    LiveMessage m;
    m.offset = offset;
    m.timestamp_ms = ts_s * 1000;
    m.payload = owned.back()->payload;
    m.origin = origin;
    if (input_offset >= 0) {
      m.origin_partition = 0;
      m.origin_offset = input_offset;
    }
    m.handle = owned.back().get();
    const int index = core->Find(topic, partition);
    ASSERT_GE(index, 0) << topic << "/" << partition;
    core->Push(index, m);
  }
  void EndAll() {
    for (size_t i = 0; i < core->partition_count(); ++i) core->MarkEnd(static_cast<int>(i));
  }
  // Routed headline partitions h/0 and h/1: n1 at 10 s copied into both (origin 77), n2 in h/1
  // only (origin 78); every partition at its end.
  void AssignRoutedCopies(const std::string& text, int64_t n2_ts_s) {
    core->Assign({{"h", 0, true, -1}, {"h", 1, true, -1}});
    PushHeadline(0, 0, 10, "n1", text, /*origin=*/77);
    PushHeadline(1, 0, 10, "n1", text, /*origin=*/77);
    PushHeadline(1, 1, n2_ts_s, "n2", text, /*origin=*/78);
    EndAll();
  }
  // A routed headline partition h/0 (it carries the router's progress markers) and price
  // partition p/0; the merge waits up to 2 s (clock time) for a quiet partition.
  void MakeRoutedWithIdleTime() {
    LiveCoreOptions o;
    o.idle_ns = 2'000'000'000;
    Make(o);
    LivePartition routed{"h", 0, true, -1};
    routed.progress_markers = true;
    core->Assign({routed, {"p", 0, false, -1}});
  }
  // A router's progress marker in routed headline partition `partition` of "h"; a caught-up
  // marker when `covers` (RouterCoverage's text, e.g. "prices=3;input=2") is not empty.
  void PushMarker(int32_t partition, int64_t offset, int64_t progress_s,
                  const std::string& covers = "") {
    owned.push_back(std::make_unique<Owned>());
    owned.back()->payload = covers;
    LiveMessage m;
    m.offset = offset;
    m.kind = covers.empty() ? LiveMessageKind::kProgress : LiveMessageKind::kCaughtUp;
    m.covers = owned.back()->payload;
    m.order_ts = progress_s * 1'000'000'000LL;
    m.handle = owned.back().get();
    core->Push(core->Find("h", partition), m);
  }

  TestClock clock{1'000'000'000};
  RecordingEvaluator evaluator;
  SignalList signals;    // the transactional sink
  SignalList committed;  // a post-commit sink
  DeadLetterList dead;
  std::vector<std::unique_ptr<Owned>> owned;
  std::unique_ptr<LiveCore> core;
};

TEST_F(LiveCoreTest, MergesByTimestampThenHeadlinesThenPartitionNumber) {
  Make();
  AssignDefault();
  PushPrice(1, 0, 10, "B");
  PushPrice(1, 1, 30, "B");
  PushPrice(0, 0, 10, "A");
  PushPrice(0, 1, 20, "A");
  PushHeadline(0, 0, 10, "n1", "calm");
  PushHeadline(0, 1, 25, "n2", "calm");
  EndAll();
  EXPECT_EQ(core->Process(100), 6u);
  // At t=10: the headline stream first, then price partition 0, then 1 (the backtest's rule:
  // headline files before price files), whatever order the partitions were assigned in.
  EXPECT_THAT(evaluator.seen, ElementsAre("h:n1", "p:A@10", "p:B@10", "p:A@20", "h:n2", "p:B@30"));
}

TEST_F(LiveCoreTest, OrdersByTheEventsAvailabilityTimeNotTheKafkaTimestamp) {
  Make();
  AssignDefault();
  // Kafka timestamps (the producer's clock) say the headline came last; its recv_ts says it
  // was available at t=15, between the ticks, which is where a backtest replays it.
  Push("h", 0, 0, /*ts_s=*/99,
       R"({"id":"n1","ts":14000000000,"recv_ts":15000000000,"source":"R","headline":"calm"})");
  Push("p", 0, 0, /*ts_s=*/1, R"({"sym":"A","ts":10000000000,"price":1.5})");
  Push("p", 0, 1, /*ts_s=*/2, "oops");  // bad input keeps its place after A@10
  Push("p", 1, 0, /*ts_s=*/3, R"({"sym":"B","ts":20000000000,"price":1.5})");
  EndAll();
  EXPECT_EQ(core->Process(100), 4u);
  EXPECT_THAT(evaluator.seen, ElementsAre("p:A@10", "h:n1", "p:B@20"));
  ASSERT_EQ(dead.letters.size(), 1u);
  EXPECT_THAT(dead.letters[0], ::testing::EndsWith(" p/0/1"));
}

TEST_F(LiveCoreTest, WaitsForAPartitionNotKnownToBeAtItsEnd) {
  Make();
  AssignDefault();
  PushPrice(0, 0, 10, "A");
  PushHeadline(0, 0, 12, "n1", "calm");
  core->MarkEnd(core->Find("h", 0));
  core->MarkEnd(core->Find("p", 0));
  // Price partition 1 has said nothing: its first message may be earlier than t=10.
  EXPECT_FALSE(core->HasReady());
  EXPECT_EQ(core->Process(100), 0u);
  PushPrice(1, 0, 5, "B");
  core->MarkEnd(core->Find("p", 1));
  EXPECT_EQ(core->Process(100), 3u);
  EXPECT_THAT(evaluator.seen, ElementsAre("p:B@5", "p:A@10", "h:n1"));
}

TEST_F(LiveCoreTest, IdleTimeHoldsTheMergeForAQuietPartition) {
  LiveCoreOptions o;
  o.idle_ns = 50'000'000;  // 50 ms
  Make(o);
  AssignDefault();
  EndAll();  // at clock time T
  PushPrice(0, 0, 10, "A");
  EXPECT_EQ(core->Process(100), 0u);  // the others have been quiet for 0 ms
  clock.Advance(49'000'000);
  EXPECT_EQ(core->Process(100), 0u);
  // A late message on a quiet partition that is earlier than the waiting one goes first.
  PushPrice(1, 0, 9, "B");
  core->MarkEnd(core->Find("p", 1));
  clock.Advance(1'000'000);  // h has now been quiet for 50 ms
  EXPECT_EQ(core->Process(100), 1u);
  // A@10 now waits for p/1, which reported its end only 1 ms ago.
  EXPECT_EQ(core->Process(100), 0u);
  clock.Advance(49'000'000);
  EXPECT_EQ(core->Process(100), 1u);
  EXPECT_THAT(evaluator.seen, ElementsAre("p:B@9", "p:A@10"));
}

TEST_F(LiveCoreTest, ASilentPartitionHoldsTheMergeHoweverMuchTheOthersBuffer) {
  Make();
  AssignDefault();
  core->MarkEnd(core->Find("h", 0));
  for (int i = 0; i < 5000; ++i) PushPrice(0, i, 10 + i, "A");
  // p/1 has not been fetched yet: handling A's ticks now would put them before p/1's earlier
  // ticks, an order no backtest has. Memory is the adapter's to bound (it pauses p/0).
  EXPECT_EQ(core->Process(100000), 0u);
  PushPrice(1, 0, 12, "B");
  // Up to B@12 (A@12 first: equal times go to the lower partition), then p/1 is empty again.
  EXPECT_EQ(core->Process(100000), 4u);
  EXPECT_THAT(evaluator.seen, ElementsAre("p:A@10", "p:A@11", "p:A@12", "p:B@12"));
  core->MarkEnd(core->Find("p", 1));
  EXPECT_EQ(core->Process(100000), 5000u - 3);
}

TEST_F(LiveCoreTest, ReplayRebuildsStateWithoutOutputOrOffsets) {
  Make();
  AssignDefault(/*replay_until_h=*/2);
  EXPECT_TRUE(core->rebuilding());
  PushHeadline(0, 0, 1, "old1", "fire one");
  Push("h", 0, 1, 2, "not json");
  PushHeadline(0, 2, 3, "new", "fire two");
  EndAll();
  EXPECT_EQ(core->Process(100), 3u);
  EXPECT_FALSE(core->rebuilding());
  // Both fired in the evaluator, but only the message at or past the committed offset counts.
  EXPECT_THAT(evaluator.seen, ElementsAre("h:old1", "h:new"));
  EXPECT_THAT(signals.ids, ElementsAre("new"));
  EXPECT_TRUE(dead.letters.empty());  // the bad replayed message was dead-lettered before
  EXPECT_EQ(core->counts().replayed, 2u);
  EXPECT_EQ(core->ingest_counts().messages, 1u);
  std::vector<LiveCommitPoint> points;
  core->TakeCommit(&points);
  ASSERT_EQ(points.size(), 1u);
  EXPECT_EQ(*points[0].topic, "h");
  EXPECT_EQ(points[0].next_offset, 3);
  EXPECT_EQ(points[0].last_timestamp_ms, 3000);
}

TEST_F(LiveCoreTest, AQuietPartitionEndsItsRebuildAtItsEnd) {
  Make();
  // A transactional input topic: the committed offset (3) sits past the commit marker at 2,
  // so no message reaches it; the partition's end report ends the rebuild.
  core->Assign({{"h", 0, true, 3}});
  PushHeadline(0, 0, 1, "a", "fire");
  PushHeadline(0, 1, 2, "b", "fire");
  EXPECT_EQ(core->Process(100), 2u);
  EXPECT_TRUE(core->rebuilding());
  core->MarkEnd(0);
  EXPECT_FALSE(core->rebuilding());
  EXPECT_TRUE(signals.ids.empty());
  // And when the end report comes before the last replayed message is handled.
  core->Assign({{"h", 0, true, 3}});
  PushHeadline(0, 0, 1, "a", "fire");
  core->MarkEnd(0);
  EXPECT_TRUE(core->rebuilding());
  EXPECT_EQ(core->Process(100), 1u);
  EXPECT_FALSE(core->rebuilding());
}

TEST_F(LiveCoreTest, BadInputBecomesADeadLetterWithItsOrigin) {
  Make();
  AssignDefault();
  Push("p", 1, 41, 5, R"({"sym":"B","ts":5000000000,"price":-1})");
  Push("p", 0, 7, 6, "{");
  PushHeadline(0, 0, 1, "n1", "calm");
  // Bad input heading a partition goes at once: it has no time to be ordered by. Then p/0 is
  // empty and has not reported its end, so the merge waits for it.
  EXPECT_EQ(core->Process(100), 1u);
  EndAll();
  EXPECT_EQ(core->Process(100), 2u);
  ASSERT_EQ(dead.letters.size(), 2u);
  EXPECT_THAT(dead.letters[0], ::testing::EndsWith(" p/0/7"));
  EXPECT_THAT(dead.letters[1], ::testing::EndsWith(" p/1/41"));
  EXPECT_EQ(core->ingest_counts().dead_letters, 2u);
  EXPECT_EQ(core->ingest_counts().decoded, 1u);
  // Offsets still advance: a dead letter is handled input.
  std::vector<LiveCommitPoint> points;
  core->TakeCommit(&points);
  EXPECT_EQ(points.size(), 3u);
}

// The dead-letter and no-signal alerts (deploy/prometheus) read these two families: a core
// that counted neither would leave both alerts silent whatever happened.
TEST_F(LiveCoreTest, SignalsByRuleAndDeadLettersByCodeAreCounted) {
  MetricsRegistry metrics;
  Make({}, &metrics);
  AssignDefault();
  PushHeadline(0, 0, 1, "n1", "fire");
  PushHeadline(0, 1, 2, "n2", "calm");
  PushHeadline(0, 2, 3, "n3", "fire");
  Push("p", 0, 0, 4, "{");
  Push("p", 1, 0, 5, "{");
  EndAll();
  EXPECT_EQ(core->Process(100), 5u);
  ASSERT_EQ(dead.letters.size(), 2u);
  const std::string code = dead.letters[0].substr(0, dead.letters[0].find(' '));
  const std::string text = metrics.Render();
  EXPECT_THAT(text, ::testing::HasSubstr("tripline_signals_total{rule=\"r\"} 2\n")) << text;
  EXPECT_THAT(text, ::testing::HasSubstr("tripline_dead_letters_total{code=\"" + code + "\"} 2\n"))
      << text;
}

TEST_F(LiveCoreTest, RoutedCopiesOfOneHeadlineAreEvaluatedOnce) {
  Make();
  AssignRoutedCopies("fire", /*n2_ts_s=*/10);
  EXPECT_EQ(core->Process(100), 3u);
  EXPECT_THAT(evaluator.seen, ElementsAre("h:n1", "h:n2"));
  EXPECT_EQ(core->counts().duplicate_copies, 1u);
  // After a rewind the same copy is new again.
  core->Drop();
  PushHeadline(0, 0, 10, "n1", "fire", 77);
  EndAll();
  EXPECT_EQ(core->Process(100), 1u);
  EXPECT_EQ(evaluator.seen.back(), "h:n1");
}

// Partitions h/0 and h/1 came from two previous owners: h/0's was further along, so its copy
// of the headline lies below its committed offset (handled, A's signal emitted before), while
// h/1's copy is live. The headline is evaluated once, and only B's signal is emitted now --
// whichever copy the merge hands over first.
TEST_F(LiveCoreTest, ARoutedHeadlineHalfReplayedEmitsOnlyTheLiveCopiesSignals) {
  for (const bool live_first : {false, true}) {
    SCOPED_TRACE(live_first ? "the live copy first" : "the replayed copy first");
    evaluator.seen.clear();
    signals.ids.clear();
    Make();
    core->set_signal_partition([](const Signal& s) { return s.instrument == "A" ? 0 : 1; });
    // The merge hands h/0 before h/1 at equal times; the replayed copy is in h/0 or h/1.
    core->Assign({{"h", 0, true, live_first ? -1 : 1}, {"h", 1, true, live_first ? 1 : -1}});
    PushHeadline(0, 0, 10, "n1", "fire both", /*origin=*/77);
    PushHeadline(1, 0, 10, "n1", "fire both", /*origin=*/77);
    EndAll();
    EXPECT_EQ(core->Process(100), 2u);
    EXPECT_THAT(evaluator.seen, ElementsAre("h:n1"));
    EXPECT_THAT(signals.ids, ElementsAre(live_first ? "n1/A" : "n1/B"));
    EXPECT_EQ(core->counts().replayed_copy_signals, 1u);
    EXPECT_EQ(core->counts().replayed, 1u);
    std::vector<LiveCommitPoint> points;
    core->TakeCommit(&points);
    ASSERT_EQ(points.size(), 1u);  // only the live copy's offset
    EXPECT_EQ(points[0].partition, live_first ? 0 : 1);
  }
}

TEST_F(LiveCoreTest, NoCommitBoundaryBetweenCopiesOfOneRoutedHeadline) {
  Make();
  AssignRoutedCopies("calm", /*n2_ts_s=*/11);
  EXPECT_TRUE(core->AtCommitBoundary());
  EXPECT_EQ(core->Process(1), 1u);
  EXPECT_FALSE(core->AtCommitBoundary());  // n1's other copy is still to come
  EXPECT_EQ(core->Process(1), 1u);
  EXPECT_TRUE(core->AtCommitBoundary());
  EXPECT_EQ(core->Process(1), 1u);
  EXPECT_TRUE(core->AtCommitBoundary());  // n2 has one copy
}

// The commit interval runs on the core's clock: the broker-free test drives it like the idle
// time, without sleeping.
TEST_F(LiveCoreTest, ABatchIsDueWhenItsIntervalHasPassedOnTheClockOrItIsFull) {
  Make();
  AssignDefault();
  constexpr EventTime kInterval = 100'000'000;  // 100 ms
  core->BeginBatch();
  EXPECT_FALSE(core->BatchDue(kInterval, 1000));
  EXPECT_EQ(core->BatchTimeLeft(kInterval), kInterval);
  clock.Advance(60'000'000);
  EXPECT_FALSE(core->BatchDue(kInterval, 1000));
  EXPECT_EQ(core->BatchTimeLeft(kInterval), 40'000'000);
  clock.Advance(40'000'000);
  EXPECT_TRUE(core->BatchDue(kInterval, 1000));
  EXPECT_EQ(core->BatchTimeLeft(kInterval), 0);

  // Full before its time: three handled messages with a cap of three.
  core->BeginBatch();
  PushPrice(0, 0, 10, "A");
  PushPrice(0, 1, 11, "A");
  PushPrice(0, 2, 12, "A");
  EndAll();
  EXPECT_EQ(core->Process(2), 2u);
  EXPECT_FALSE(core->BatchDue(kInterval, 3));
  EXPECT_EQ(core->Process(100), 1u);
  EXPECT_TRUE(core->BatchDue(kInterval, 3));
}

TEST_F(LiveCoreTest, OwnershipFilterDropsOtherEnginesSignals) {
  Make();
  core->set_ownership_filter([](const Signal& s) { return s.signal_id != "theirs"; });
  AssignDefault();
  PushHeadline(0, 0, 1, "mine", "fire");
  PushHeadline(0, 1, 2, "theirs", "fire");
  EndAll();
  core->Process(100);
  EXPECT_THAT(signals.ids, ElementsAre("mine"));
  EXPECT_EQ(core->counts().not_owned, 1u);
}

TEST_F(LiveCoreTest, PostCommitSinksSeeOnlyCommittedSignals) {
  Make();
  AssignDefault();
  PushHeadline(0, 0, 1, "a", "fire");
  EndAll();
  core->Process(100);
  EXPECT_THAT(signals.ids, ElementsAre("a"));
  EXPECT_TRUE(committed.ids.empty());  // not before the commit
  core->Aborted();                     // rolled back: never shown
  PushHeadline(0, 0, 1, "a", "fire");  // read again after the rewind
  core->MarkEnd(core->Find("h", 0));
  core->Process(100);
  core->Committed();
  EXPECT_THAT(committed.ids, ElementsAre("a"));
  EXPECT_THAT(signals.ids, ElementsAre("a", "a"));
}

// Observers are told how many signals each commit made visible, and nothing of a rolled-back
// batch; they need no copy of the signals (the last-signal gauge is one).
TEST_F(LiveCoreTest, PostCommitObserversAreToldHowManySignalsEachCommitMadeVisible) {
  Make();
  std::vector<size_t> told;
  core->AddPostCommitObserver([&](size_t n) { told.push_back(n); });
  AssignDefault();
  PushHeadline(0, 0, 1, "a", "fire");
  EndAll();
  core->Process(100);
  EXPECT_TRUE(told.empty());  // not before the commit
  core->Aborted();            // rolled back: never told
  PushHeadline(0, 0, 1, "a", "fire");
  PushHeadline(0, 1, 2, "b", "fire");
  core->MarkEnd(core->Find("h", 0));
  core->Process(100);
  core->Committed();
  core->Committed();  // a commit with no new signal tells nothing
  EXPECT_THAT(told, ElementsAre(2u));
  EXPECT_THAT(committed.ids, ElementsAre("a", "b"));
}

TEST_F(LiveCoreTest, EveryMessageIsReleasedOnceHandledOrDropped) {
  Make();
  AssignDefault();
  PushPrice(0, 0, 1, "A");
  PushPrice(1, 0, 2, "B");
  EndAll();
  EXPECT_EQ(core->Process(1), 1u);
  EXPECT_TRUE(owned[0]->released);
  EXPECT_FALSE(owned[1]->released);
  core->Assign({{"p", 0, false, -1}});  // a rebalance drops what was read ahead
  EXPECT_TRUE(owned[1]->released);
  EXPECT_EQ(core->counts().dropped, 1u);
  EXPECT_EQ(core->buffered(), 0u);
}

TEST_F(LiveCoreTest, FinishFlushesTheEvaluator) {
  Make();
  AssignDefault();
  core->Finish();
  EXPECT_THAT(evaluator.seen, ElementsAre("finish"));
}

}  // namespace
}  // namespace tripline

namespace tripline {
namespace {

// The sample day through LiveCore with the real rule engine, its lines pushed as Kafka would
// deliver them (one headline partition, one price partition, each in file order), with and
// without bad input in between: the same signals as the backtest.
std::vector<std::string> Lines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// The sample day's files and a LiveCore with the real rule engine and the default pack, one
// price partition ("p") and one headline partition ("h").
class SampleDayCoreTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    auto rules = LoadRules(std::string(TRIPLINE_SOURCE_DIR) + "/rules/packs/china-ai-chips");
    ASSERT_TRUE(rules.ok()) << rules.status();
    engine_ = std::make_unique<RuleEngine>(*rules);
    core_ = std::make_unique<LiveCore>(engine_.get(), &signals_, &dead_, &clock_, LiveCoreOptions{},
                                       nullptr);
    core_->Assign({{"p", 0, false, -1}, {"h", 0, true, -1}});
  }

  inline static const std::string kDir =
      std::string(TRIPLINE_SOURCE_DIR) + "/examples/h20-guidance/";
  // The signal ids `tripline backtest` emits on the same day with the same pack, in order.
  std::vector<std::string> BacktestIds() {
    auto rules = LoadRules(std::string(TRIPLINE_SOURCE_DIR) + "/rules/packs/china-ai-chips");
    EXPECT_TRUE(rules.ok()) << rules.status();
    DeadLetterTally tally(nullptr, 0);
    auto input = RecordedInput::Open({kDir + "headlines.jsonl"}, {kDir + "prices.jsonl"}, &tally);
    EXPECT_TRUE(input.ok()) << input.status();
    RuleEngine engine(*rules);
    SignalList out;
    Pipeline pipeline(&engine, &out);
    EXPECT_TRUE((*input)->Replay([&pipeline](const Event& e) { pipeline.Process(e); }).ok());
    pipeline.Finish();
    return out.ids;
  }
  std::vector<std::string> headlines_ = Lines(kDir + "headlines.jsonl");
  std::vector<std::string> prices_ = Lines(kDir + "prices.jsonl");
  std::unique_ptr<RuleEngine> engine_;
  SignalList signals_;
  DeadLetterList dead_;
  TestClock clock_;
  std::unique_ptr<LiveCore> core_;
};

using LiveCoreSampleTest = SampleDayCoreTest;

// The decode and evaluation histograms measure microseconds: their buckets start at 100 ns, so
// a sampled decode lands below the 1 ms bucket that latency histograms start with.
TEST(LiveCoreMetricsTest, DecodeAndEvaluationHistogramsHaveStepBuckets) {
  auto rules = LoadRules(std::string(TRIPLINE_SOURCE_DIR) + "/rules/packs/china-ai-chips");
  ASSERT_TRUE(rules.ok()) << rules.status();
  RuleEngine engine(*rules);
  SignalList signals;
  DeadLetterList dead;
  TestClock clock;
  MetricsRegistry metrics;
  LiveCore core(&engine, &signals, &dead, &clock, LiveCoreOptions{}, &metrics);
  core.Assign({{"p", 0, false, -1}, {"h", 0, true, -1}});
  const std::string dir = std::string(TRIPLINE_SOURCE_DIR) + "/examples/h20-guidance/";
  // The core borrows the payloads until it has processed them: the lines outlive Process.
  const std::vector<std::string> headlines = Lines(dir + "headlines.jsonl");
  const std::vector<std::string> prices = Lines(dir + "prices.jsonl");
  for (const auto& [topic, lines] : {std::pair{"h", &headlines}, std::pair{"p", &prices}}) {
    const int index = core.Find(topic, 0);
    for (size_t i = 0; i < lines->size(); ++i) {
      LiveMessage m;
      m.offset = static_cast<int64_t>(i);
      m.payload = (*lines)[i];
      core.Push(index, m);
    }
    core.MarkEnd(index);
  }
  core.Process(1'000'000);
  const std::string text = metrics.Render();
  for (const char* name : {"tripline_decode_seconds", "tripline_rule_evaluation_seconds"}) {
    EXPECT_THAT(text, ::testing::HasSubstr(std::string(name) + "_bucket{le=\"1e-07\"}")) << text;
  }
  EXPECT_THAT(text, ::testing::HasSubstr("tripline_input_to_signal_seconds_bucket{le=\"0.001\"}"));
}

TEST_P(LiveCoreSampleTest, SampleDayFiresTheBacktestsSignal) {
  const bool bad_input = GetParam();
  LiveCore& core = *core_;
  std::vector<std::string>& headlines = headlines_;
  std::vector<std::string>& prices = prices_;
  if (bad_input) {
    headlines.insert(headlines.begin(), R"({"id":"x1","source":"Reuters"})");
    prices.insert(prices.begin() + 3, "{not json");
    prices.insert(prices.begin() + 10, R"({"sym":"NVDA","ts":"2025-08-12T13:00:00Z"})");
  }
  auto push = [&](const char* topic, std::vector<std::string>& lines) {
    const int index = core.Find(topic, 0);
    for (size_t i = 0; i < lines.size(); ++i) {
      LiveMessage m;
      m.offset = static_cast<int64_t>(i);
      m.timestamp_ms = 0;  // a producer's clock: plays no part in the order
      m.payload = lines[i];
      core.Push(index, m);
    }
    core.MarkEnd(index);
  };
  push("h", headlines);
  push("p", prices);
  EXPECT_EQ(core.Process(1'000'000), headlines.size() + prices.size());
  EXPECT_EQ(dead_.letters.size(), bad_input ? 3u : 0u);
  // The guidance signal and the denial's retraction, as the backtest emits them.
  EXPECT_EQ(signals_.ids.size(), 2u);
  EXPECT_EQ(signals_.ids, BacktestIds());
}

INSTANTIATE_TEST_SUITE_P(WithAndWithoutBadInput, LiveCoreSampleTest, ::testing::Bool());

// A fresh engine whose first fetch of one topic came back empty (at its end) handles the other
// topic's whole day first -- the lowest-latency merge (partition.idle.ms = 0) does not wait --
// and gets the first topic's messages only afterwards: the rule engine still pairs them, and
// the backtest's signal fires, whichever topic came first.
using LiveCoreSkewTest = SampleDayCoreTest;

TEST_P(LiveCoreSkewTest, ATopicFetchedAfterTheOthersWholeDayStillFiresTheBacktestsSignal) {
  const bool prices_first = GetParam();
  LiveCore& core = *core_;
  const std::vector<std::string>* lines[2] = {&headlines_, &prices_};
  const char* topics[2] = {"h", "p"};
  const int first = prices_first ? 1 : 0;
  const int second = 1 - first;
  core.MarkEnd(core.Find(topics[second], 0));  // its first fetch: empty, at its end
  for (int k : {first, second}) {
    const int index = core.Find(topics[k], 0);
    for (size_t i = 0; i < lines[k]->size(); ++i) {
      LiveMessage m;
      m.offset = static_cast<int64_t>(i);
      m.payload = (*lines[k])[i];
      core.Push(index, m);
    }
    core.MarkEnd(index);
    EXPECT_EQ(core.Process(1'000'000), lines[k]->size()) << topics[k] << " handled at once";
  }
  EXPECT_TRUE(dead_.letters.empty());
  // Whichever topic came first, the denial withdraws the signal as in event order: a denial
  // handled before the signal fired, but later in event time, still retracts it.
  EXPECT_EQ(signals_.ids.size(), 2u);
  EXPECT_EQ(signals_.ids, BacktestIds());
}

INSTANTIATE_TEST_SUITE_P(PricesOrHeadlinesFirst, LiveCoreSkewTest, ::testing::Bool());

// A routed headline partition at its end says only that the router has written nothing more
// yet: prices wait for its progress markers, strictly below their time (a headline at the
// marker's own time may still come, and goes first), and pass once a caught-up marker covers
// them (they were appended before the router found its input at its end).
TEST_F(LiveCoreTest, RoutedPartitionAtItsEndHoldsPricesUntilTheRoutersProgressPassesThem) {
  Make();
  LivePartition routed{"h", 0, true, -1};
  routed.progress_markers = true;
  core->Assign({routed, {"p", 0, false, -1}});
  PushPrice(0, 0, 10, "A");
  PushPrice(0, 1, 20, "A");
  PushPrice(0, 2, 30, "A");
  EndAll();
  EXPECT_EQ(core->Process(100), 0u) << "the router has not said how far it is";
  PushMarker(0, 0, 20);
  core->MarkEnd(core->Find("h", 0));
  // The price at 10 passes; the one at 20 waits: a headline at 20 may still be routed.
  EXPECT_EQ(core->Process(100), 2u);  // the price at 10, then the marker
  EXPECT_THAT(evaluator.seen, ElementsAre("p:A@10"));
  PushHeadline(0, 1, 20, "n1", "calm", /*origin=*/7);
  PushMarker(0, 2, 25, "prices=3;input=2");
  core->MarkEnd(core->Find("h", 0));
  EXPECT_EQ(core->Process(100), 4u);
  EXPECT_THAT(evaluator.seen, ElementsAre("p:A@10", "h:n1", "p:A@20", "p:A@30"));
  EXPECT_EQ(core->counts().progress_markers, 2u);
  // The markers' offsets are committed too: the partition's committed offset reaches its end.
  std::vector<LiveCommitPoint> points;
  core->TakeCommit(&points);
  ASSERT_EQ(points.size(), 2u);
  for (const LiveCommitPoint& c : points) {
    EXPECT_EQ(c.next_offset, 3) << *c.topic;
  }
}

// With partition.idle.ms set, a routed partition whose router reported itself caught up is
// passed over at once for the prices its marker covers, as a headline topic at its end (the
// idle time is for a router that is behind or stalled).
TEST_F(LiveCoreTest, CaughtUpRouterPassesPricesWithoutWaitingTheIdleTime) {
  MakeRoutedWithIdleTime();
  PushMarker(0, 0, 5, "prices=1;input=0");
  PushPrice(0, 0, 10, "A");
  EndAll();
  EXPECT_EQ(core->Process(100), 2u);  // the marker, then the price: no clock advance
  EXPECT_THAT(evaluator.seen, ElementsAre("p:A@10"));
  PushMarker(0, 1, 6, "prices=2;input=0");  // the next, while idle
  PushPrice(0, 1, 20, "A");
  EndAll();
  EXPECT_EQ(core->Process(100), 2u);
  EXPECT_THAT(evaluator.seen, ElementsAre("p:A@10", "p:A@20"));
}

// A caught-up marker covers the prices appended before the router found its input at its end,
// and no other, whether the router then lives or dies: a price appended after it waits, however
// recent the marker and however long the wait, until a router says it has routed what came
// before (here its successor, which routes the headline that reached the input meanwhile). A
// marker believed for a while by the clock let that price overtake the headline.
TEST_F(LiveCoreTest, CaughtUpMarkerCoversOnlyThePricesAppendedBeforeIt) {
  Make();
  LivePartition routed{"h", 0, true, -1};
  routed.progress_markers = true;
  core->Assign({routed, {"p", 0, false, -1}});
  PushMarker(0, 0, 5, "prices=1;input=3");  // p/0 had 1 price when the router looked
  PushPrice(0, 0, 10, "A");
  EndAll();
  EXPECT_EQ(core->Process(100), 2u);  // the marker, then the price at once
  // The router dies; a headline at 15 reaches its input, then a price at 20 the prices topic.
  PushPrice(0, 1, 20, "A");
  EndAll();
  EXPECT_EQ(core->Process(100), 0u) << "the marker read a moment ago does not cover this price";
  clock.Advance(60'000'000'000);
  EndAll();
  EXPECT_EQ(core->Process(100), 0u) << "nor does time";
  // Its successor routes the headline that came meanwhile, then says it is caught up.
  PushHeadline(0, 1, 15, "n1", "calm", /*origin=*/7, /*input_offset=*/3);
  PushMarker(0, 2, 15, "prices=2;input=4");
  EndAll();
  EXPECT_EQ(core->Process(100), 3u);
  EXPECT_THAT(evaluator.seen, ElementsAre("p:A@10", "h:n1", "p:A@20"));
}

// Two routed partitions: once h/0 is empty behind a caught-up marker, a copy in h/1 passes it
// when that marker says the copy's headline had been routed (h/0 then holds every copy routed
// before it); a copy of a headline routed later waits for h/0's next marker, which may carry an
// earlier copy of its own.
TEST_F(LiveCoreTest, CaughtUpMarkerLetsOtherPartitionsCopiesOfRoutedHeadlinesPass) {
  Make();
  LivePartition h0{"h", 0, true, -1};
  LivePartition h1{"h", 1, true, -1};
  h0.progress_markers = h1.progress_markers = true;
  core->Assign({h0, h1});
  PushMarker(0, 0, 10, "prices=0;input=5");  // input offsets 0..4 routed
  PushHeadline(1, 0, 10, "n4", "calm", /*origin=*/104, /*input_offset=*/4);
  PushHeadline(1, 1, 12, "n6", "calm", /*origin=*/106, /*input_offset=*/6);
  EndAll();
  EXPECT_EQ(core->Process(100), 2u);  // h/0's marker, then n4; n6 waits
  EXPECT_THAT(evaluator.seen, ElementsAre("h:n4"));
  PushHeadline(0, 1, 11, "n5", "calm", /*origin=*/105, /*input_offset=*/5);
  PushMarker(0, 2, 12, "prices=0;input=7");
  EndAll();
  EXPECT_EQ(core->Process(100), 3u);
  EXPECT_THAT(evaluator.seen, ElementsAre("h:n4", "h:n5", "h:n6"));
}

// An engine reading the router's output without `topics.headlines.routed`: the markers pass
// by in order, hold nothing and are committed; none becomes a dead letter.
TEST_F(LiveCoreTest, MarkersOnAPartitionNotMarkedRoutedPassByWithoutDeadLetters) {
  Make();
  core->Assign({{"h", 0, true, -1}, {"p", 0, false, -1}});
  PushMarker(0, 0, 5);
  PushHeadline(0, 1, 8, "n1", "calm", /*origin=*/7);
  PushMarker(0, 2, 9, "prices=1;input=2");
  PushPrice(0, 0, 10, "A");
  EndAll();
  EXPECT_EQ(core->Process(100), 4u);
  EXPECT_THAT(evaluator.seen, ElementsAre("h:n1", "p:A@10"));
  EXPECT_TRUE(dead.letters.empty());
  EXPECT_EQ(core->counts().progress_markers, 2u);
}

// A routed partition whose router is stalled is passed over after idle_ns, as any quiet
// partition.
TEST_F(LiveCoreTest, StalledRouterHoldsPricesOnlyForTheIdleTime) {
  MakeRoutedWithIdleTime();
  PushPrice(0, 0, 10, "A");
  EndAll();
  EXPECT_EQ(core->Process(100), 0u);
  clock.Advance(2'000'000'000);
  EXPECT_EQ(core->Process(100), 1u);
  EXPECT_THAT(evaluator.seen, ElementsAre("p:A@10"));
}

}  // namespace
}  // namespace tripline
