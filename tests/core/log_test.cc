// The process logger's configuration (core/log.cc): levels and formats by name, librdkafka's
// syslog severities mapped onto them.
#include "core/log.h"

#include <gtest/gtest.h>

namespace tripline {
namespace {

TEST(LogTest, ConfigureSetsTheLevelAndRefusesUnknownNamesUnchanged) {
  ASSERT_TRUE(ConfigureLogging("warn", "text").ok());
  EXPECT_EQ(Log().level(), spdlog::level::warn);
  const absl::Status bad_level = ConfigureLogging("loud", "text");
  EXPECT_FALSE(bad_level.ok());
  EXPECT_NE(bad_level.message().find("loud"), absl::string_view::npos) << bad_level;
  const absl::Status bad_format = ConfigureLogging("debug", "xml");
  EXPECT_FALSE(bad_format.ok());
  EXPECT_NE(bad_format.message().find("xml"), absl::string_view::npos) << bad_format;
  EXPECT_EQ(Log().level(), spdlog::level::warn) << "a refused configuration changes nothing";
  ASSERT_TRUE(ConfigureLogging("info", "text").ok());
}

TEST(LogTest, SyslogSeveritiesMapOntoLevels) {
  EXPECT_EQ(LevelFromSyslog(0), spdlog::level::critical);
  EXPECT_EQ(LevelFromSyslog(2), spdlog::level::critical);
  EXPECT_EQ(LevelFromSyslog(3), spdlog::level::err);
  EXPECT_EQ(LevelFromSyslog(4), spdlog::level::warn);
  EXPECT_EQ(LevelFromSyslog(5), spdlog::level::info);
  EXPECT_EQ(LevelFromSyslog(6), spdlog::level::info);
  EXPECT_EQ(LevelFromSyslog(7), spdlog::level::debug);
}

}  // namespace
}  // namespace tripline
