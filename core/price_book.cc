#include "core/price_book.h"

namespace tripline {

PriceBook::PriceBook(std::vector<EventTime> windows) : windows_(std::move(windows)) {}

void PriceBook::Watch(std::string_view sym) { book_.try_emplace(std::string(sym), windows_); }

PriceWindow* PriceBook::Find(std::string_view sym) {
  auto it = book_.find(absl::string_view(sym.data(), sym.size()));
  return it == book_.end() ? nullptr : &it->second;
}

PriceWindow* PriceBook::Update(const PriceTick& tick) {
  PriceWindow* w = Find(tick.sym);
  if (w != nullptr) w->Update(tick.ts, tick.price, tick.kind);
  return w;
}

int PriceBook::WindowIndex(const std::vector<EventTime>& windows, EventTime length) {
  for (size_t i = 0; i < windows.size(); ++i) {
    if (windows[i] == length) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace tripline
