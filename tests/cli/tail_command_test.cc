// `tripline tail` (app/cli/tail_command.cc) against a real Kafka broker, and beside it the
// desk's other reader, examples/subscriber.py: both read a signals topic that holds committed
// signals (one of them twice, one retraction) and an aborted transaction's signal, which
// neither may ever show.
#include <librdkafka/rdkafka.h>

#include <fstream>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "io/codec/signal_encoder.h"
#include "tests/kafka/kafka_test_env.h"

namespace tripline::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const std::string kSource = TRIPLINE_SOURCE_DIR;

Signal MakeSignal(const std::string& id, const std::string& rule, const std::string& instrument,
                  Direction direction, double score) {
  Signal s;
  s.signal_id = id;
  s.rule = rule;
  s.rule_hash = "3c1d";
  s.rule_file = "rules/test.yaml";
  s.instrument = instrument;
  s.direction = direction;
  s.score = score;
  s.severity = "high";
  ParseRfc3339("2025-08-12T15:36:00Z", &s.ts);
  s.headlines.push_back({"h-" + id,
                         "wire",
                         "Beijing urges firms to avoid " + instrument + " chips",
                         s.ts,
                         {"Beijing", "urges"}});
  s.price = PriceEvidence{instrument, "60m", s.ts - kNanosPerHour, 100, s.ts, 96.1, -0.039};
  s.explanation = instrument + " -3.9% in 60m after headline h-" + id;
  return s;
}

std::string Json(const Signal& s) {
  std::string out;
  AppendSignalJson(s, &out);
  return out;
}

// One transaction of `values` (key = instrument), committed or aborted.
absl::Status ProduceTransaction(const std::string& bootstrap, const std::string& topic,
                                const std::vector<std::pair<std::string, std::string>>& values,
                                bool commit) {
  char err[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap.c_str(), err, sizeof(err));
  rd_kafka_conf_set(conf, "transactional.id", UniqueName("desk-test-txn").c_str(), err,
                    sizeof(err));
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof(err));
  if (rk == nullptr) return absl::InternalError(err);
  auto check = [&](rd_kafka_error_t* e) {
    if (e == nullptr) return absl::OkStatus();
    absl::Status s = absl::InternalError(rd_kafka_error_string(e));
    rd_kafka_error_destroy(e);
    return s;
  };
  absl::Status s = check(rd_kafka_init_transactions(rk, 30000));
  if (s.ok()) s = check(rd_kafka_begin_transaction(rk));
  for (const auto& [key, value] : values) {
    if (!s.ok()) break;
    rd_kafka_resp_err_t e = rd_kafka_producev(
        rk, RD_KAFKA_V_TOPIC(topic.c_str()), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
        RD_KAFKA_V_KEY(key.data(), key.size()),
        RD_KAFKA_V_VALUE(const_cast<char*>(value.data()), value.size()), RD_KAFKA_V_END);
    if (e != RD_KAFKA_RESP_ERR_NO_ERROR) s = absl::InternalError(rd_kafka_err2str(e));
  }
  if (s.ok()) {
    s = commit ? check(rd_kafka_commit_transaction(rk, 30000))
               : check(rd_kafka_abort_transaction(rk, 30000));
  }
  rd_kafka_destroy(rk);
  return s;
}

struct ProgramRun {
  int code = -1;
  std::string out;
};

// Runs a program to completion; its stdout and stderr together.
ProgramRun RunProgram(const std::vector<std::string>& argv, const std::string& name) {
  std::string log = ::testing::TempDir() + "/" + UniqueName(name) + ".log";
  ChildProcess child;
  ProgramRun run;
  if (!child.Start(argv, log).ok()) return run;
  auto code = child.Wait(std::chrono::seconds(90));
  run.code = code.ok() ? *code : -1000;
  run.out = ReadFile(log);
  return run;
}

class DeskSubscribersTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto bootstrap = KafkaBootstrap();
    ASSERT_TRUE(bootstrap.ok()) << bootstrap.status();
    bootstrap_ = *bootstrap;
    topic_ = UniqueName("desk-signals");
    ASSERT_TRUE(CreateTopics(bootstrap_, {topic_}, 2).ok());
    a_ = MakeSignal("aaaa0001", "cn_guidance", "NVDA", Direction::kShort, 0.95);
    b_ = MakeSignal("bbbb0002", "us_easing", "AMD", Direction::kLong, 0.55);
    aborted_ = MakeSignal("cccc0003", "cn_guidance", "NVDA", Direction::kShort, 0.99);
    retraction_ = MakeSignal("dddd0004", "cn_guidance", "NVDA", Direction::kShort, 0.4);
    retraction_.retracts = a_.signal_id;
    retraction_.price.reset();
    retraction_.headlines[0].text = "China denies urging firms to avoid Nvidia chips";
    retraction_.explanation = "denied by h-dddd0004";
    // Committed: A, B, A again (a producer retry's duplicate); aborted: C; committed: the
    // retraction of A.
    ASSERT_TRUE(ProduceTransaction(bootstrap_, topic_,
                                   {{"NVDA", Json(a_)}, {"AMD", Json(b_)}, {"NVDA", Json(a_)}},
                                   true)
                    .ok());
    ASSERT_TRUE(ProduceTransaction(bootstrap_, topic_, {{"NVDA", Json(aborted_)}}, false).ok());
    ASSERT_TRUE(ProduceTransaction(bootstrap_, topic_, {{"NVDA", Json(retraction_)}}, true).ok());
  }

  // `tripline tail` on the topic until it has been idle for 5 s.
  static ProgramRun Tail(std::vector<std::string> flags) {
    std::vector<std::string> argv = {TRIPLINE_BINARY, "tail", "--bootstrap",    bootstrap_,
                                     "--topic",       topic_, "--idle-timeout", "5"};
    argv.insert(argv.end(), flags.begin(), flags.end());
    return RunProgram(argv, "tail");
  }

  static std::string bootstrap_, topic_;
  static Signal a_, b_, aborted_, retraction_;
};

std::string DeskSubscribersTest::bootstrap_;
std::string DeskSubscribersTest::topic_;
Signal DeskSubscribersTest::a_, DeskSubscribersTest::b_, DeskSubscribersTest::aborted_,
    DeskSubscribersTest::retraction_;

size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST_F(DeskSubscribersTest, TailPrintsCommittedSignalsAsTheDemoDoes) {
  ProgramRun run = Tail({});
  EXPECT_EQ(run.code, 0) << run.out;
  EXPECT_EQ(Count(run.out,
                  "  SIGNAL 2025-08-12T15:36:00Z  short NVDA       score 0.95  high     "
                  "rule cn_guidance\n"),
            2u)
      << "tail prints what the topic holds, the duplicate included:\n"
      << run.out;
  EXPECT_THAT(run.out, HasSubstr("  SIGNAL 2025-08-12T15:36:00Z  long  AMD        score 0.55"));
  EXPECT_THAT(run.out, HasSubstr("  RETRACT 2025-08-12T15:36:00Z  short NVDA"));
  EXPECT_THAT(run.out, HasSubstr("withdraws aaaa0001: denied by h-dddd0004"));
  EXPECT_THAT(run.out, Not(HasSubstr("score 0.99"))) << "a signal of an aborted transaction";
  EXPECT_THAT(run.out, Not(HasSubstr("\x1b["))) << "no colour off a terminal";
}

TEST_F(DeskSubscribersTest, TailFiltersAndPrintsJsonUnchanged) {
  ProgramRun json = Tail({"--json", "--rule", "cn_guidance"});
  EXPECT_EQ(json.code, 0) << json.out;
  std::vector<std::string> lines = absl::StrSplit(json.out, '\n', absl::SkipEmpty());
  EXPECT_EQ(lines, (std::vector<std::string>{Json(a_), Json(a_), Json(retraction_)})) << json.out;

  ProgramRun amd = Tail({"--instrument", "AMD", "--max-messages", "1"});
  EXPECT_EQ(amd.code, 0) << amd.out;
  EXPECT_THAT(amd.out, HasSubstr("long  AMD"));
  EXPECT_THAT(amd.out, Not(HasSubstr("NVDA")));

  // A retraction passes --min-score: a desk that saw the signal must see it withdrawn.
  ProgramRun high = Tail({"--min-score", "0.9", "--color", "always"});
  EXPECT_EQ(high.code, 0) << high.out;
  EXPECT_EQ(Count(high.out, "score 0.95"), 2u) << high.out;
  EXPECT_THAT(high.out, Not(HasSubstr("AMD")));
  EXPECT_THAT(high.out, HasSubstr("RETRACT"));
  EXPECT_THAT(high.out, HasSubstr("\x1b[31mshort")) << "--color always";
}

TEST_F(DeskSubscribersTest, TailNamesABadFlagOrAMissingTopic) {
  ProgramRun score = Tail({"--min-score", "2"});
  EXPECT_EQ(score.code, 64) << score.out;
  EXPECT_THAT(score.out, HasSubstr("--min-score"));
  ProgramRun colour = Tail({"--color", "sometimes"});
  EXPECT_EQ(colour.code, 64) << colour.out;
  EXPECT_THAT(colour.out, HasSubstr("--color"));
  ProgramRun no_bootstrap = RunProgram({TRIPLINE_BINARY, "tail"}, "tail");
  EXPECT_EQ(no_bootstrap.code, 64) << no_bootstrap.out;
  EXPECT_THAT(no_bootstrap.out, HasSubstr("--bootstrap"));
  ProgramRun missing = RunProgram({TRIPLINE_BINARY, "tail", "--bootstrap", bootstrap_, "--topic",
                                   UniqueName("no-such-topic"), "--idle-timeout", "1"},
                                  "tail");
  EXPECT_EQ(missing.code, 1) << missing.out;
  EXPECT_THAT(missing.out, HasSubstr("no-such-topic"));
}

TEST_F(DeskSubscribersTest, PythonSubscriberDeduplicatesAndHandlesTheRetraction) {
  ProgramRun run = RunProgram(
      {TRIPLINE_PYTHON3, kSource + "/examples/subscriber.py", "--bootstrap", bootstrap_, "--topic",
       topic_, "--group", UniqueName("desk-group"), "--from-beginning", "--timeout", "10"},
      "subscriber");
  EXPECT_EQ(run.code, 0) << run.out;
  EXPECT_EQ(Count(run.out, "SIGNAL  2025-08-12T15:36:00Z short NVDA"), 1u) << run.out;
  EXPECT_EQ(Count(run.out, "SIGNAL  2025-08-12T15:36:00Z long  AMD"), 1u) << run.out;
  EXPECT_THAT(run.out, HasSubstr("RETRACT 2025-08-12T15:36:00Z withdraws 2025-08-12T15:36:00Z "
                                 "short NVDA       score 0.95 rule cn_guidance move -3.90% id "
                                 "aaaa0001"));
  EXPECT_THAT(run.out, Not(HasSubstr("cccc0003"))) << "a signal of an aborted transaction";
  EXPECT_THAT(run.out, HasSubstr("2 signals, 1 retractions, 1 duplicates skipped"));
}

}  // namespace
}  // namespace tripline::testing
