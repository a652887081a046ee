// SPDX-License-Identifier: Apache-2.0
#include "query/rest_path.h"

#include <gtest/gtest.h>

namespace sncheck {
namespace {

TEST(RestPath, ParsesNamespaceAndTheRest) {
  std::string problem;
  std::optional<ApiPath> path = parse_api_path("/api/x_acme/inventory/items/42?x=1", &problem);
  ASSERT_TRUE(path) << problem;
  EXPECT_EQ(path->text, "/api/x_acme/inventory/items/42");
  EXPECT_EQ(path->namespace_, "x_acme");
  std::vector<ApiPathReading> readings = api_path_readings(*path);
  ASSERT_EQ(readings.size(), 1u);
  EXPECT_EQ(readings[0].base_uri, "/api/x_acme/inventory");
  EXPECT_EQ(readings[0].version, "");
  EXPECT_EQ(readings[0].resource, "/items/42");
}

TEST(RestPath, AVersionSegmentGivesTwoReadings) {
  std::string problem;
  std::optional<ApiPath> path = parse_api_path("/api/x_acme/v2/inventory/items", &problem);
  ASSERT_TRUE(path);
  std::vector<ApiPathReading> readings = api_path_readings(*path);
  ASSERT_EQ(readings.size(), 2u);
  EXPECT_EQ(readings[0].base_uri, "/api/x_acme/v2");
  EXPECT_EQ(readings[0].resource, "/inventory/items");
  EXPECT_EQ(readings[1].base_uri, "/api/x_acme/inventory");
  EXPECT_EQ(readings[1].version, "v2");
  EXPECT_EQ(readings[1].resource, "/items");
}

TEST(RestPath, ApiWithoutResourcePathIsTheRoot) {
  std::string problem;
  std::optional<ApiPath> path = parse_api_path("/api/x_acme/inventory", &problem);
  ASSERT_TRUE(path);
  EXPECT_EQ(api_path_readings(*path)[0].resource, "/");
}

TEST(RestPath, RejectsOtherPathsWithAReason) {
  for (const char* text : {"", "api/x/y", "/x/y/z", "/api/x_acme", "/api/now/table/sys_user"}) {
    std::string problem;
    EXPECT_FALSE(parse_api_path(text, &problem)) << text;
    EXPECT_FALSE(problem.empty()) << text;
  }
}

TEST(RestPath, TemplatesMatchSegmentBySegment) {
  EXPECT_TRUE(path_template_matches("/items/{id}", "/items/42"));
  EXPECT_TRUE(path_template_matches("/items/{id}/", "/items/42"));
  EXPECT_TRUE(path_template_matches("/{a}/{b}", "/x/y"));
  EXPECT_TRUE(path_template_matches("/", "/"));
  EXPECT_TRUE(path_template_matches("/items", "/items?limit=1"));
  EXPECT_FALSE(path_template_matches("/items/{id}", "/items"));
  EXPECT_FALSE(path_template_matches("/items/{id}", "/items/42/parts"));
  EXPECT_FALSE(path_template_matches("/items/{id}", "/things/42"));
  EXPECT_FALSE(path_template_matches("/items", "/Items"));
}

}  // namespace
}  // namespace sncheck
