#include "io/kafka/kafka_consume_loop.h"

#include <unistd.h>

#include <chrono>

#include <boost/asio/post.hpp>

namespace tripline {

KafkaConsumeLoop::KafkaConsumeLoop(boost::asio::io_context* io, KafkaConsumer* consumer,
                                   int64_t keepalive_ms, DrainFn drain)
    : io_(io),
      wake_(*io, dup(consumer->wake_fd())),
      keepalive_(*io),
      keepalive_ms_(keepalive_ms > 0 ? keepalive_ms : 1000),
      drain_(std::move(drain)) {}

KafkaConsumeLoop::~KafkaConsumeLoop() { Stop(); }

void KafkaConsumeLoop::Start() {
  ArmWake();
  ArmKeepalive();
  RunDrain();
}

void KafkaConsumeLoop::Kick() {
  if (!posted_ && !stopped_) RunDrain();
}

void KafkaConsumeLoop::Stop() {
  if (stopped_) return;
  stopped_ = true;
  boost::system::error_code ignored;
  wake_.cancel(ignored);
  wake_.close(ignored);
  keepalive_.cancel();
}

void KafkaConsumeLoop::RunDrain() {
  posted_ = false;
  if (stopped_) return;
  if (drain_() && !stopped_) {
    // Input is left: yield to the loop's other handlers, then go on.
    posted_ = true;
    boost::asio::post(*io_, [this] { RunDrain(); });
  }
}

void KafkaConsumeLoop::ArmWake() {
  if (stopped_) return;
  wake_.async_read_some(boost::asio::buffer(wake_buf_, sizeof(wake_buf_)),
                        [this](const boost::system::error_code& ec, size_t) {
                          if (ec || stopped_) return;
                          // Empty the pipe: one byte per empty -> non-empty edge.
                          while (::read(wake_.native_handle(), wake_buf_, sizeof(wake_buf_)) > 0) {
                          }
                          Kick();
                          ArmWake();
                        });
}

void KafkaConsumeLoop::ArmKeepalive() {
  if (stopped_) return;
  keepalive_.expires_after(std::chrono::milliseconds(keepalive_ms_));
  keepalive_.async_wait([this](const boost::system::error_code& ec) {
    if (ec || stopped_) return;
    Kick();
    ArmKeepalive();
  });
}

}  // namespace tripline
