#include "core/ingest.h"

#include <gtest/gtest.h>

#include <charconv>
#include <memory>
#include <string>
#include <vector>

namespace tripline {
namespace {

// A codec for the tests: "NAME TS [RECV_TS]" is a price named NAME; anything else is bad.
class WordDecoder final : public EventDecoder {
 public:
  bool Decode(EventKind kind, std::string_view bytes, bool, Event* out,
              DeadLetter* failure) override {
    const size_t sp = bytes.find(' ');
    if (bytes.starts_with("bad") || sp == std::string_view::npos) {
      failure->code = "not_json";
      failure->message = "not a message";
      return false;
    }
    out->kind = kind;
    // Overwrite the name buffer: a consumer holding a view past its message would see it change.
    name_.assign(bytes.substr(0, sp));
    out->price.sym = name_;
    std::string_view rest = bytes.substr(sp + 1);
    const size_t sp2 = rest.find(' ');
    std::from_chars(rest.data(), rest.data() + rest.size(), out->price.ts);
    out->price.recv_ts = kNoTime;
    if (sp2 != std::string_view::npos) {
      std::from_chars(rest.data() + sp2 + 1, rest.data() + rest.size(), out->price.recv_ts);
    }
    return true;
  }

 private:
  std::string name_;
};

// A source over fixed messages; after them it waits (a live partition) or has ended (a file).
class VectorSource final : public IngestSource {
 public:
  explicit VectorSource(std::vector<std::string> messages, bool waits_at_end = false)
      : messages_(std::move(messages)), waits_at_end_(waits_at_end) {}
  SourceFront Front(SourceMessage* m) override {
    if (pos_ == messages_.size()) return waits_at_end_ ? SourceFront::kWait : SourceFront::kEnded;
    m->bytes = messages_[pos_];
    m->kind = EventKind::kPrice;
    m->marker = messages_[pos_].starts_with("marker");
    if (m->marker)
      std::from_chars(m->bytes.data() + 7, m->bytes.data() + m->bytes.size(), m->order_ts);
    return SourceFront::kMessage;
  }
  void Pop() override { ++pos_; }
  void AppendOrigin(std::string* out) const override {
    out->append("src:").append(std::to_string(pos_ + 1));
  }
  void Append(std::string m) { messages_.push_back(std::move(m)); }
  void set_waits_at_end(bool waits) { waits_at_end_ = waits; }

 private:
  std::vector<std::string> messages_;
  size_t pos_ = 0;
  bool waits_at_end_;
};

struct CollectingSink final : DeadLetterSink {
  void Put(const DeadLetter& l) override {
    letters.push_back(l.code + " " + l.origin + " " + std::string(l.payload));
  }
  std::vector<std::string> letters;
};

Ingest::DecoderFactory Words() {
  return [] { return std::make_unique<WordDecoder>(); };
}

std::vector<std::string> Drain(Ingest& ingest) {
  std::vector<std::string> out;
  ingest.Replay([&out](const Event& e) { out.emplace_back(e.price.sym); });
  return out;
}

TEST(IngestTest, MergesByOrderTimeWithStableTieBreak) {
  VectorSource a({"a1 1", "a5 5", "a5b 5"});
  VectorSource b({"b0 0", "b5 5", "b9 9"});
  Ingest ingest(Words(), nullptr);
  ingest.Add(&a);
  ingest.Add(&b);
  // Ties at t=5: source a (added first) before b; within a, its own order.
  EXPECT_EQ(Drain(ingest), (std::vector<std::string>{"b0", "a1", "a5", "a5b", "b5", "b9"}));
}

TEST(IngestTest, AvailabilityTimeBeatsEventTime) {
  // A headline stamped t=1 but only available at t=10 must come after a price at t=5.
  VectorSource news({"late-news 1 10"});
  VectorSource prices({"p5 5", "p11 11"});
  Ingest ingest(Words(), nullptr);
  ingest.Add(&news);
  ingest.Add(&prices);
  EXPECT_EQ(Drain(ingest), (std::vector<std::string>{"p5", "late-news", "p11"}));
}

TEST(IngestTest, HeadEventStaysValidUntilPopped) {
  VectorSource a({"a1 1", "a2 2"});
  VectorSource b({"b3 3"});
  Ingest ingest(Words(), nullptr);
  ingest.Add(&a);
  ingest.Add(&b);
  ASSERT_EQ(ingest.Peek(), 0);
  EXPECT_EQ(ingest.Peek(), 0) << "peeking again changes nothing";
  // b's head was decoded too, by b's own decoder: a's head is intact.
  EXPECT_EQ(ingest.head(0).event.price.sym, "a1");
  EXPECT_EQ(ingest.head(1).event.price.sym, "b3");
  ingest.Pop(0);
  ASSERT_EQ(ingest.Peek(), 0);
  EXPECT_EQ(ingest.head(0).event.price.sym, "a2");
}

TEST(IngestTest, EmptyAndSameOrderEveryRun) {
  Ingest empty(Words(), nullptr);
  EXPECT_EQ(empty.Peek(), -1);
  for (int run = 0; run < 3; ++run) {
    VectorSource a({"x 3", "y 3"});
    VectorSource b({"z 3"});
    VectorSource c({"w 2 3"});
    Ingest ingest(Words(), nullptr);
    ingest.Add(&a);
    ingest.Add(&b);
    ingest.Add(&c);
    EXPECT_EQ(Drain(ingest), (std::vector<std::string>{"x", "y", "z", "w"}));
  }
}

TEST(IngestTest, BadInputIsDeadLetteredInItsPlaceAndCounted) {
  // The bad message has no time: it follows its predecessor (a2 at 2), so it goes before b3.
  VectorSource a({"bad first", "a2 2", "bad second", "a9 9"});
  VectorSource b({"b3 3"});
  CollectingSink dlq;
  Ingest ingest(Words(), &dlq);
  ingest.Add(&a);
  ingest.Add(&b);
  std::vector<std::string> order;
  for (int s; (s = ingest.Peek()) >= 0; ingest.Pop(s)) {
    const IngestHead& h = ingest.head(s);
    order.push_back(h.decoded ? std::string(h.event.price.sym) : h.failure.code);
    ingest.Deliver(s, true, [](const Event&) {});
  }
  EXPECT_EQ(order, (std::vector<std::string>{"not_json", "a2", "not_json", "b3", "a9"}));
  EXPECT_EQ(dlq.letters,
            (std::vector<std::string>{"not_json src:1 bad first", "not_json src:3 bad second"}));
  EXPECT_EQ(ingest.counts().messages, 5u);
  EXPECT_EQ(ingest.counts().decoded, 3u);
  EXPECT_EQ(ingest.counts().dead_letters, 2u);
}

TEST(IngestTest, StateRebuildIsNeitherCountedNorDeadLettered) {
  VectorSource a({"bad replayed", "a1 1"});
  CollectingSink dlq;
  Ingest ingest(Words(), &dlq);
  ingest.Add(&a);
  int events = 0;
  for (int s; (s = ingest.Peek()) >= 0; ingest.Pop(s)) {
    ingest.Deliver(s, false, [&events](const Event&) { ++events; });
  }
  EXPECT_EQ(events, 1) << "a rebuild still feeds the engine its state";
  EXPECT_TRUE(dlq.letters.empty());
  EXPECT_EQ(ingest.counts().messages, 0u);
}

TEST(IngestTest, AWaitingSourceHoldsTheMergeAndMarkersMergeAtTheirTime) {
  VectorSource live({"marker 4"}, /*waits_at_end=*/true);
  VectorSource prices({"p1 1", "p5 5"});
  Ingest ingest(Words(), nullptr);
  ingest.Add(&live);
  ingest.Add(&prices);
  // The marker says nothing earlier than 4 will come: p1 goes, then the marker itself.
  ASSERT_EQ(ingest.Peek(), 1);
  ingest.Pop(1);
  ASSERT_EQ(ingest.Peek(), 0);
  EXPECT_TRUE(ingest.head(0).marker);
  ingest.Pop(0);
  // Now the live source has nothing and may still send something earlier than p5: wait.
  EXPECT_EQ(ingest.Peek(), -1);
  live.Append("l4 4");
  ASSERT_EQ(ingest.Peek(), 0);
  EXPECT_EQ(ingest.head(0).event.price.sym, "l4");
  ingest.Pop(0);
  live.set_waits_at_end(false);
  ASSERT_EQ(ingest.Peek(), 1);
  EXPECT_EQ(ingest.head(1).event.price.sym, "p5");
}

}  // namespace
}  // namespace tripline
