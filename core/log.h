// The process logger: one spdlog logger on stderr, with UTC timestamps and levels, as text for
// people or as one JSON object a line for log shippers (`--log-format json`). Everything that
// reports on the running service (libraries, commands, librdkafka through its log_cb) writes
// here; a command's own result (a summary, help) is printed to stdout, not logged.
//
//   tripline::Log().info("consuming {} (group {})", topic, group);
//   TRIPLINE_LOG(warn, "state is not rebuilt: {}", why);
//
// Thread-safety: the logger is thread-safe (librdkafka logs from its own threads).
// ConfigureLogging() runs once at start-up, before other threads log.
#ifndef TRIPLINE_CORE_LOG_H_
#define TRIPLINE_CORE_LOG_H_

#include <string_view>

#include <spdlog/spdlog.h>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace tripline {

// `level`: trace, debug, info (default), warn, error, critical or off. `format`: text or json.
// InvalidArgument names the bad value; the logger is unchanged then.
absl::Status ConfigureLogging(std::string_view level, std::string_view format);

// The process logger (created with the defaults on first use). Never null.
spdlog::logger& Log();

// Maps a syslog severity (librdkafka's log levels: 0 emergency .. 7 debug) to spdlog's.
spdlog::level::level_enum LevelFromSyslog(int severity);

}  // namespace tripline

#define TRIPLINE_LOG(level, ...) ::tripline::Log().level(__VA_ARGS__)

// So that `Log().error("...: {}", status.message())` and `{}` of a Status work: Debian's
// Abseil has its own string_view type, which fmt does not know.
#if !defined(ABSL_USES_STD_STRING_VIEW)
template <>
struct fmt::formatter<absl::string_view> : fmt::formatter<fmt::string_view> {
  template <typename Context>
  auto format(absl::string_view s, Context& ctx) const {
    return fmt::formatter<fmt::string_view>::format(fmt::string_view(s.data(), s.size()), ctx);
  }
};
#endif
template <>
struct fmt::formatter<absl::Status> : fmt::formatter<fmt::string_view> {
  template <typename Context>
  auto format(const absl::Status& s, Context& ctx) const {
    const std::string text = s.ToString();
    return fmt::formatter<fmt::string_view>::format(fmt::string_view(text), ctx);
  }
};

#endif  // TRIPLINE_CORE_LOG_H_
