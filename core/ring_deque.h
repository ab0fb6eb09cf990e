// RingDeque: a double-ended queue on one power-of-two ring buffer. Unlike std::deque it stops
// allocating once it has grown to its high-water mark, which keeps the per-tick price path
// allocation-free in steady state.
//
// Thread-safety: none; one owner.
#ifndef TRIPLINE_CORE_RING_DEQUE_H_
#define TRIPLINE_CORE_RING_DEQUE_H_

#include <cstddef>
#include <utility>
#include <vector>

namespace tripline {

template <typename T>
class RingDeque {
 public:
  bool empty() const { return size_ == 0; }
  size_t size() const { return size_; }
  size_t capacity() const { return buf_.size(); }

  T& front() { return buf_[head_]; }
  const T& front() const { return buf_[head_]; }
  T& back() { return buf_[(head_ + size_ - 1) & mask_]; }
  const T& back() const { return buf_[(head_ + size_ - 1) & mask_]; }
  const T& operator[](size_t i) const { return buf_[(head_ + i) & mask_]; }

  void push_back(const T& v) {
    if (size_ == buf_.size()) Grow();
    buf_[(head_ + size_) & mask_] = v;
    ++size_;
  }
  void pop_front() {
    head_ = (head_ + 1) & mask_;
    --size_;
  }
  void pop_back() { --size_; }
  void clear() {
    head_ = 0;
    size_ = 0;
  }

 private:
  void Grow() {
    std::vector<T> next(buf_.empty() ? 8 : buf_.size() * 2);
    for (size_t i = 0; i < size_; ++i) next[i] = std::move(buf_[(head_ + i) & mask_]);
    buf_.swap(next);
    head_ = 0;
    mask_ = buf_.size() - 1;
  }

  std::vector<T> buf_;
  size_t head_ = 0;
  size_t size_ = 0;
  size_t mask_ = 0;
};

}  // namespace tripline

#endif  // TRIPLINE_CORE_RING_DEQUE_H_
