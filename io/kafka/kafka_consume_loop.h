// KafkaConsumeLoop: the one way a KafkaConsumer is driven from an event loop (Boost.Asio),
// shared by the engine (`run`, `demo`), the router (`route`) and the recorder (`record`).
//
// It sleeps on the consumer's wake pipe (no busy polling) and calls the owner's drain
// function, which polls until the queue is empty: the pipe fires only on the queue's
// empty -> non-empty edge, so a drain that stops early with input left must say so (return
// true) and is posted again after the loop's other handlers (admin requests, timers) ran.
// A keepalive timer drains too, every `keepalive_ms` whatever woke the loop, so that a quiet
// market never exceeds max.poll.interval.ms (the group would evict the member) and rebalances
// and partition ends are still served.
//
// Thread-safety: everything runs on the io_context's thread, including the drain function.
#ifndef TRIPLINE_IO_KAFKA_KAFKA_CONSUME_LOOP_H_
#define TRIPLINE_IO_KAFKA_KAFKA_CONSUME_LOOP_H_

#include <cstdint>
#include <functional>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>

#include "io/kafka/kafka_consumer.h"

namespace tripline {

class KafkaConsumeLoop final {
 public:
  // Polls `consumer` (not owned) and handles what it polled. Returns true when it stopped
  // early with input left (drained again soon), false when the queue is empty.
  using DrainFn = std::function<bool()>;

  KafkaConsumeLoop(boost::asio::io_context* io, KafkaConsumer* consumer, int64_t keepalive_ms,
                   DrainFn drain);
  ~KafkaConsumeLoop();
  KafkaConsumeLoop(const KafkaConsumeLoop&) = delete;
  KafkaConsumeLoop& operator=(const KafkaConsumeLoop&) = delete;

  // Arms the waits and drains once now: messages (or a rebalance) may have arrived before the
  // wait was armed, and the pipe would not fire for them.
  void Start();
  // Drains now, unless a drain is already posted (then it runs soon anyway) or the loop
  // stopped. For the owner's own timers (a commit interval, a merge's idle wait).
  void Kick();
  // Cancels the waits; no drain runs afterwards. The consumer stays open. Idempotent.
  void Stop();

  bool stopped() const { return stopped_; }

 private:
  void ArmWake();
  void ArmKeepalive();
  void RunDrain();

  boost::asio::io_context* io_;
  boost::asio::posix::stream_descriptor wake_;
  boost::asio::steady_timer keepalive_;
  int64_t keepalive_ms_;
  DrainFn drain_;
  char wake_buf_[64];
  bool posted_ = false;
  bool stopped_ = false;
};

}  // namespace tripline

#endif  // TRIPLINE_IO_KAFKA_KAFKA_CONSUME_LOOP_H_
