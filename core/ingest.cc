#include "core/ingest.h"

#include <chrono>
#include <limits>
#include <utility>

namespace tripline {

Ingest::Ingest(DecoderFactory make_decoder, DeadLetterSink* dead_letters)
    : make_decoder_(std::move(make_decoder)), dead_letters_(dead_letters) {}

void Ingest::Add(IngestSource* source) {
  Slot slot;
  slot.source = source;
  slot.decoder = make_decoder_();
  slots_.push_back(std::move(slot));
}

void Ingest::Clear() { slots_.clear(); }

void Ingest::DropHeads() {
  for (Slot& s : slots_) {
    s.filled = false;
    s.last_order_ts = kNoTime;
  }
}

void Ingest::Fill(Slot* slot, const SourceMessage& m) {
  IngestHead& h = slot->head;
  slot->filled = true;
  slot->bytes = m.bytes;
  h.marker = m.marker;
  if (m.marker) {
    h.decoded = false;
    h.order_ts = m.order_ts;
    return;
  }
  const bool timed = decode_seconds_ != nullptr && (++timing_tick_ & 15) == 0;
  std::chrono::steady_clock::time_point start;
  if (timed) start = std::chrono::steady_clock::now();
  h.event.kind = m.kind;
  h.decoded = slot->decoder->Decode(m.kind, m.bytes, m.padded, &h.event, &h.failure);
  if (timed) {
    decode_seconds_->Observe(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  if (h.decoded) {
    h.order_ts = h.event.order_ts();
    slot->last_order_ts = h.order_ts;
  } else {
    // Bad input has no time of its own and changes no state: it keeps its place after its
    // predecessor, or goes as soon as it heads its source.
    h.order_ts = slot->last_order_ts != kNoTime ? slot->last_order_ts
                                                : std::numeric_limits<EventTime>::min();
  }
}

int Ingest::Peek() {
  int best = -1;
  EventTime best_ts = 0;
  for (size_t i = 0; i < slots_.size(); ++i) {
    Slot& s = slots_[i];
    if (!s.filled) {
      SourceMessage m;
      switch (s.source->Front(&m)) {
        case SourceFront::kWait:
          return -1;
        case SourceFront::kEnded:
          continue;
        case SourceFront::kMessage:
          Fill(&s, m);
          break;
      }
    }
    // MergesBefore (core/merge_order.h) with the scan in stream order: a later stream wins
    // only with an earlier time, as ties go to the lower stream.
    if (best < 0 || s.head.order_ts < best_ts) {
      best = static_cast<int>(i);
      best_ts = s.head.order_ts;
    }
  }
  return best;
}

void Ingest::DeadLetterHead(int source) {
  Slot& s = slots_[source];
  ++counts_.dead_letters;
  if (dead_letters_ == nullptr) return;
  letter_.code = s.head.failure.code;
  letter_.message = s.head.failure.message;
  letter_.origin.clear();
  s.source->AppendOrigin(&letter_.origin);
  letter_.payload = s.bytes;
  dead_letters_->Put(letter_);
}

}  // namespace tripline
