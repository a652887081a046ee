// SPDX-License-Identifier: Apache-2.0
// The HTML report draws each chain a suite declares (suite.json "chains") as a row of boxes: one
// per check of the chain in chain order, the broken ones red and linked to their finding's card;
// pure HTML and CSS.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>

#include "sncheck_runner.h"

namespace sncheck::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

struct Box {
  std::string state;
  std::string name;  // the check id without its suite
  std::string href;  // "" for a box that is not a link
};

// The boxes of the chain section titled `title`, in document order.
std::vector<Box> chain_boxes(const std::string& html, const std::string& title) {
  std::size_t start = html.find("<section class=\"chain\"><h3>" + title + "</h3>");
  if (start == std::string::npos) return {};
  std::string section = html.substr(start, html.find("</section>", start) - start);
  std::vector<Box> boxes;
  std::regex box(
      R"re(<(a|span) class="box ([a-z]+)"(?: href="#([a-z0-9]+)")? title="[^"]*"><b>([^<]+)</b>)re");
  for (auto it = std::sregex_iterator(section.begin(), section.end(), box);
       it != std::sregex_iterator(); ++it) {
    boxes.push_back({(*it)[2].str(), (*it)[4].str(), (*it)[3].str()});
  }
  return boxes;
}

std::string html_of(const fake::Scenario& scenario, const std::vector<std::string>& extra,
                    Report& report) {
  fake::FakeInstance instance(scenario);
  ScratchDir dir;
  std::vector<std::string> args = extra;
  args.push_back("--report");
  args.push_back("html=" + dir.file("r.html"));
  report = run_oauth(instance, scenario, args);
  return dir.read("r.html");
}

// Checks the boxes against the JSON results: chain order, colours, and links to cards that exist.
void expect_chain(const std::string& html, const std::vector<Box>& boxes, const Report& report) {
  ASSERT_FALSE(boxes.empty()) << html;
  for (const Box& box : boxes) {
    SCOPED_TRACE(box.name);
    std::string status = report.status("oauth." + box.name);
    if (status.empty()) {  // several results (one per subject): the worst decides
      for (const rapidjson::Value* r : report.results("oauth." + box.name)) {
        std::string s = (*r)["status"].GetString();
        if (s == "fail" || status.empty()) status = s;
      }
    }
    EXPECT_EQ(box.state, status);
    if (status == "fail" || status == "error" || status == "warn") {
      ASSERT_FALSE(box.href.empty());
      // The link's target is the finding's card, which names the check.
      std::size_t card = html.find(" id=\"" + box.href + "\">");
      ASSERT_NE(card, std::string::npos) << box.href;
      std::size_t section = html.rfind("<section class=\"card problem", card);
      ASSERT_NE(section, std::string::npos);
      EXPECT_EQ(html.find('>', section), card + box.href.size() + 6);  // the card's own id
      EXPECT_NE(html.find("oauth." + box.name, card), std::string::npos);
    } else {
      EXPECT_EQ(box.href, "");
    }
  }
}

TEST(HtmlChain, TheTokenChainIsARowOfBoxesWithTheBrokenLinksRedAndLinked) {
  Report report;
  std::string html = html_of(fake::demo_scenario(), {}, report);
  ASSERT_TRUE(report.parsed) << report.process.err;
  std::vector<Box> boxes = chain_boxes(html, "Token chain (client credentials)");
  expect_chain(html, boxes, report);
  // In chain order: the plugin before the property before the registry entry's user.
  std::vector<std::string> names;
  for (const Box& box : boxes) names.push_back(box.name);
  auto at = [&names](const std::string& name) {
    return std::find(names.begin(), names.end(), name) - names.begin();
  };
  EXPECT_LT(at("plugin.oauth2"), at("property.client_credentials"));
  EXPECT_LT(at("property.client_credentials"), at("registry.app_user"));
  EXPECT_LT(at("registry.app_user"), static_cast<long>(names.size()));
  int red = 0;
  for (const Box& box : boxes) red += box.state == "fail" ? 1 : 0;
  EXPECT_EQ(red, 2);  // the demo's two broken links
  // Hygiene checks (warnings) are not links of the chain; without --api there is no Bearer chain.
  EXPECT_EQ(at("registry.duplicate_client_id"), static_cast<long>(names.size()));
  EXPECT_TRUE(chain_boxes(html, "Bearer chain (Scripted REST call)").empty());
  EXPECT_THAT(html, Not(HasSubstr("<script")));
}

TEST(HtmlChain, TheBearerChainShowsWhereTheCallIsRefused) {
  // The resource's ACL refuses the application user (its role grant removed).
  fake::Scenario scenario = fake::healthy_scenario();
  remove_rows(scenario, "sys_user_has_role", "sys_id", "5d1f0a3cb0a94e6b8c2e7f41a9d3c008");
  Report report;
  std::string html = html_of(
      scenario, {"--client-id", healthy_client_id(), "--api", "/api/x_acme/inventory/items/42"},
      report);
  ASSERT_TRUE(report.parsed) << report.process.err;
  std::vector<Box> boxes = chain_boxes(html, "Bearer chain (Scripted REST call)");
  expect_chain(html, boxes, report);
  bool acl_red = false;
  for (const Box& box : boxes) acl_red = acl_red || (box.name == "api.acl" && box.state == "fail");
  EXPECT_TRUE(acl_red) << html;
  EXPECT_GE(boxes.size(), 8u);
}

}  // namespace
}  // namespace sncheck::testing
