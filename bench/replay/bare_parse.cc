// bare_parse: the practical limit of replaying recorded JSONL -- read the files (plain or
// .zst, streamed in chunks, like `tripline backtest`), and run simdjson On-Demand over every
// line, touching every field and value, with nothing behind it: no decoding into events, no
// merge, no rules. `tripline backtest` over the same files can be at most this fast.
//
//   bare_parse FILE...   -> prints one JSON line:
//   {"lines":N,"bytes":B,"seconds":S,"events_per_s":R}
//
// One parser, one buffer, reused: the loop does not allocate.
#include <simdjson.h>
#include <zstd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace {

using namespace simdjson;

uint64_t g_sink = 0;  // keeps the touched values alive for the optimiser

error_code Touch(ondemand::value v);

error_code TouchObject(ondemand::object obj) {
  for (auto field : obj) {
    std::string_view key;
    if (auto e = field.unescaped_key().get(key)) return e;
    g_sink += key.size();
    ondemand::value v;
    if (auto e = field.value().get(v)) return e;
    if (auto e = Touch(v)) return e;
  }
  return SUCCESS;
}

error_code Touch(ondemand::value v) {
  ondemand::json_type t;
  if (auto e = v.type().get(t)) return e;
  switch (t) {
    case ondemand::json_type::object: {
      ondemand::object o;
      if (auto e = v.get_object().get(o)) return e;
      return TouchObject(o);
    }
    case ondemand::json_type::array: {
      ondemand::array a;
      if (auto e = v.get_array().get(a)) return e;
      for (auto item : a) {
        ondemand::value iv;
        if (auto e = item.get(iv)) return e;
        if (auto e = Touch(iv)) return e;
      }
      return SUCCESS;
    }
    case ondemand::json_type::string: {
      std::string_view s;
      if (auto e = v.get_string().get(s)) return e;
      g_sink += s.size();
      return SUCCESS;
    }
    case ondemand::json_type::number: {
      ondemand::number_type nt;
      if (auto e = v.get_number_type().get(nt)) return e;
      if (nt == ondemand::number_type::floating_point_number) {
        double d;
        if (auto e = v.get_double().get(d)) return e;
        g_sink += static_cast<uint64_t>(d);
      } else {
        int64_t i;
        if (auto e = v.get_int64().get(i)) return e;
        g_sink += static_cast<uint64_t>(i);
      }
      return SUCCESS;
    }
    case ondemand::json_type::boolean: {
      bool b;
      if (auto e = v.get_bool().get(b)) return e;
      g_sink += b;
      return SUCCESS;
    }
    case ondemand::json_type::null:
      return SUCCESS;
  }
  return SUCCESS;
}

// Streams a file's bytes (decompressing .zst) in chunks into `pending`, calling `on_line` for
// every complete line while keeping SIMDJSON_PADDING readable bytes after each line.
class LineReader {
 public:
  template <typename F>
  bool Run(const char* path, F&& on_line, uint64_t* bytes) {
    std::FILE* f = std::fopen(path, "rb");
    if (f == nullptr) {
      std::fprintf(stderr, "bare_parse: cannot read %s\n", path);
      return false;
    }
    const size_t plen = std::strlen(path);
    const bool zst = plen > 4 && std::strcmp(path + plen - 4, ".zst") == 0;
    ZSTD_DCtx* z = zst ? ZSTD_createDCtx() : nullptr;
    std::vector<char> in(1 << 20);
    buf_.resize(kChunk * 2 + SIMDJSON_PADDING);
    size_t have = 0;  // bytes in buf_ not yet consumed
    bool ok = true;
    for (;;) {
      size_t n = 0;
      if (z == nullptr) {
        if (buf_.size() < have + kChunk + SIMDJSON_PADDING)
          buf_.resize(have + kChunk + SIMDJSON_PADDING);
        n = std::fread(buf_.data() + have, 1, kChunk, f);
      } else {
        const size_t got = std::fread(in.data(), 1, in.size(), f);
        if (got == 0) break;
        ZSTD_inBuffer zin{in.data(), got, 0};
        while (zin.pos < zin.size) {
          if (buf_.size() < have + n + kChunk + SIMDJSON_PADDING) {
            buf_.resize(have + n + kChunk + SIMDJSON_PADDING);
          }
          ZSTD_outBuffer zout{buf_.data() + have + n, kChunk, 0};
          const size_t rc = ZSTD_decompressStream(z, &zout, &zin);
          if (ZSTD_isError(rc)) {
            std::fprintf(stderr, "bare_parse: %s: %s\n", path, ZSTD_getErrorName(rc));
            ok = false;
            break;
          }
          n += zout.pos;
        }
        if (!ok) break;
      }
      if (n == 0 && z == nullptr) break;
      have += n;
      *bytes += n;
      size_t start = 0;
      for (;;) {
        const char* nl =
            static_cast<const char*>(std::memchr(buf_.data() + start, '\n', have - start));
        if (nl == nullptr) break;
        const size_t end = static_cast<size_t>(nl - buf_.data());
        if (end > start) on_line(buf_.data() + start, end - start, buf_.size() - start);
        start = end + 1;
      }
      std::memmove(buf_.data(), buf_.data() + start, have - start);
      have -= start;
    }
    if (ok && have > 0) {
      std::memset(buf_.data() + have, 0, SIMDJSON_PADDING);
      on_line(buf_.data(), have, buf_.size());
    }
    if (z != nullptr) ZSTD_freeDCtx(z);
    std::fclose(f);
    return ok;
  }

 private:
  static constexpr size_t kChunk = 1 << 20;
  std::vector<char> buf_;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: bare_parse FILE...\n");
    return 64;
  }
  ondemand::parser parser;
  LineReader reader;
  uint64_t lines = 0, errors = 0, bytes = 0;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 1; i < argc; ++i) {
    auto on_line = [&](const char* p, size_t len, size_t capacity) {
      ++lines;
      ondemand::document doc;
      if (parser.iterate(p, len, capacity).get(doc)) {
        ++errors;
        return;
      }
      ondemand::object obj;
      if (doc.get_object().get(obj) || TouchObject(obj)) ++errors;
    };
    if (!reader.Run(argv[i], on_line, &bytes)) return 1;
  }
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf(
      "{\"lines\":%llu,\"errors\":%llu,\"bytes\":%llu,\"seconds\":%.3f,\"events_per_s\":%.0f,"
      "\"sink\":%llu}\n",
      static_cast<unsigned long long>(lines), static_cast<unsigned long long>(errors),
      static_cast<unsigned long long>(bytes), s, s > 0 ? static_cast<double>(lines) / s : 0.0,
      static_cast<unsigned long long>(g_sink % 10));
  return errors == 0 ? 0 : 1;
}
