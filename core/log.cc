#include "core/log.h"

#include <ctime>
#include <memory>
#include <string>

#include <spdlog/formatter.h>
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>

#include "absl/strings/str_cat.h"
#include "core/json_text.h"

namespace tripline {
namespace {

// One JSON object a line: {"ts":"2025-08-11T07:00:00.123456Z","level":"info","msg":"..."}.
// A hand-written formatter, not a pattern: a pattern cannot escape quotes in the message.
class JsonLogFormatter final : public spdlog::formatter {
 public:
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    const auto since_epoch = msg.time.time_since_epoch();
    const auto secs = std::chrono::duration_cast<std::chrono::seconds>(since_epoch);
    const auto micros =
        std::chrono::duration_cast<std::chrono::microseconds>(since_epoch - secs).count();
    std::time_t t = secs.count();
    std::tm tm;
    gmtime_r(&t, &tm);
    char ts[64];
    size_t n = std::strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%S", &tm);
    std::snprintf(ts + n, sizeof(ts) - n, ".%06lldZ", static_cast<long long>(micros));
    Append(dest, "{\"ts\":\"");
    Append(dest, ts);
    Append(dest, "\",\"level\":\"");
    const auto level = spdlog::level::to_string_view(msg.level);
    dest.append(level.data(), level.data() + level.size());
    Append(dest, "\",\"msg\":");
    // spdlog formats under its sink's lock, so one buffer per formatter serves every line
    // without an allocation once it has grown.
    escaped_.clear();
    AppendJsonString(std::string_view(msg.payload.data(), msg.payload.size()), &escaped_);
    Append(dest, escaped_);
    Append(dest, "}\n");
  }
  std::unique_ptr<spdlog::formatter> clone() const override {
    return std::make_unique<JsonLogFormatter>();
  }

 private:
  static void Append(spdlog::memory_buf_t& dest, std::string_view s) {
    dest.append(s.data(), s.data() + s.size());
  }

  std::string escaped_;
};

std::unique_ptr<spdlog::formatter> TextFormatter() {
  return std::make_unique<spdlog::pattern_formatter>("%Y-%m-%dT%H:%M:%S.%fZ %l %v",
                                                     spdlog::pattern_time_type::utc);
}

std::shared_ptr<spdlog::logger> MakeLogger() {
  auto sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
  auto logger = std::make_shared<spdlog::logger>("tripline", std::move(sink));
  logger->set_formatter(TextFormatter());
  logger->set_level(spdlog::level::info);
  // Warnings and errors reach the terminal or the shipper at once, even if the process dies.
  logger->flush_on(spdlog::level::warn);
  return logger;
}

}  // namespace

spdlog::logger& Log() {
  // Created once, never destroyed: librdkafka threads may still log during exit.
  static std::shared_ptr<spdlog::logger>* logger =
      new std::shared_ptr<spdlog::logger>(MakeLogger());
  return **logger;
}

absl::Status ConfigureLogging(std::string_view level, std::string_view format) {
  const std::string name(level);
  spdlog::level::level_enum parsed = spdlog::level::from_str(name);
  // from_str maps anything unknown to "off"; only the word "off" may mean off.
  if (parsed == spdlog::level::off && name != "off") {
    return absl::InvalidArgumentError(absl::StrCat(
        "--log-level: expected trace, debug, info, warn, error, critical or off, got '", name,
        "'"));
  }
  if (format != "text" && format != "json") {
    return absl::InvalidArgumentError(
        absl::StrCat("--log-format: expected text or json, got '", std::string(format), "'"));
  }
  spdlog::logger& log = Log();
  log.set_level(parsed);
  if (format == "json") {
    log.set_formatter(std::make_unique<JsonLogFormatter>());
  } else {
    log.set_formatter(TextFormatter());
  }
  return absl::OkStatus();
}

spdlog::level::level_enum LevelFromSyslog(int severity) {
  if (severity <= 2) return spdlog::level::critical;
  if (severity == 3) return spdlog::level::err;
  if (severity == 4) return spdlog::level::warn;
  if (severity <= 6) return spdlog::level::info;
  return spdlog::level::debug;
}

}  // namespace tripline
