// SPDX-License-Identifier: Apache-2.0
// One redaction boundary: an echoing proxy (the fake instance's EchoFault) feeds every secret
// sncheck sends back through every server-controlled channel (error.message, error.detail,
// WWW-Authenticate, Location absolute and relative, Link, the token endpoint's
// error_description, an --api answer), and no form of any secret (as sent, percent- or
// form-encoded, JSON- or XML-escaped, Base64 of user:secret) reaches stdout, stderr, the -v log,
// any report format or file, the snapshot, or `sncheck diff`.

#include <gtest/gtest.h>

#include <cctype>
#include <string>
#include <utility>
#include <vector>

#include "core/url.h"
#include "sncheck_runner.h"

namespace sncheck::testing {
namespace {

using Channel = fake::EchoFault::Channel;

constexpr const char* kUser = "echo.reader";
// Each holds characters whose encodings differ: space, &, <, ", +, /, é, |, '.
constexpr const char* kPassword = "Echo Pw&7<\"+/\xc3\xa9|'x";
constexpr const char* kToken = "Echo-Token+/9xQ=Zr";
constexpr const char* kClientSecret = "Echo Client&Secret/+\xc3\xa9";

const std::vector<std::pair<Channel, const char*>> kTableChannels = {
    {Channel::ErrorMessage, "error.message"},         {Channel::ErrorDetail, "error.detail"},
    {Channel::WwwAuthenticate, "WWW-Authenticate"},   {Channel::Location, "Location"},
    {Channel::RelativeLocation, "relative Location"}, {Channel::Link, "Link"}};

std::string base64(const std::string& input, bool url_safe) {
  const char* alphabet = url_safe
                             ? "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
                             : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  auto byte = [&input](std::size_t at) {
    return at < input.size() ? static_cast<unsigned>(static_cast<unsigned char>(input[at])) : 0u;
  };
  for (std::size_t i = 0; i < input.size(); i += 3) {
    unsigned n = (byte(i) << 16) | (byte(i + 1) << 8) | byte(i + 2);
    std::size_t chars = std::min<std::size_t>(4, (input.size() - i) * 8 / 6 + 1);
    for (std::size_t k = 0; k < chars; ++k) out += alphabet[(n >> (18 - 6 * k)) & 63];
  }
  return out;  // unpadded: a padded encoding contains it
}

std::string with_lower_hex(std::string text) {
  for (std::size_t i = 0; i + 2 < text.size(); ++i) {
    if (text[i] != '%') continue;
    for (std::size_t k = 1; k <= 2; ++k) {
      text[i + k] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[i + k])));
    }
  }
  return text;
}

std::string escaped(const std::string& text, bool json) {
  std::string out;
  for (char c : text) {
    if (json && (c == '"' || c == '\\' || c == '/')) {
      out += std::string("\\") + c;
    } else if (!json && c == '&') {
      out += "&amp;";
    } else if (!json && c == '<') {
      out += "&lt;";
    } else if (!json && c == '"') {
      out += "&quot;";
    } else if (!json && c == '\'') {
      out += "&#39;";
    } else {
      out += c;
    }
  }
  return out;
}

// Every form of a secret that must never appear, named for the failure message.
std::vector<std::pair<std::string, std::string>> forms_of(const std::string& secret,
                                                          const std::string& user = "") {
  std::string form;
  for (char c : secret) form += c == ' ' ? std::string("+") : percent_encode(std::string(1, c));
  std::vector<std::pair<std::string, std::string>> forms = {
      {"as sent", secret},
      {"percent-encoded", percent_encode(secret)},
      {"percent-encoded, lower-case hex", with_lower_hex(percent_encode(secret))},
      {"form-encoded", form},
      {"percent-encoded twice", percent_encode(percent_encode(secret))},
      {"form-encoded, then percent-encoded", percent_encode(form)},
      {"JSON-escaped", escaped(secret, true)},
      {"XML-escaped", escaped(secret, false)},
  };
  if (!user.empty()) {
    forms.emplace_back("Base64 of user:secret", base64(user + ":" + secret, false));
    forms.emplace_back("URL-safe Base64 of user:secret", base64(user + ":" + secret, true));
  }
  return forms;
}

struct Output {
  std::string where;
  std::string text;
};

void expect_no_form(const std::vector<Output>& outputs,
                    const std::vector<std::pair<std::string, std::string>>& forms,
                    const std::string& run) {
  for (const Output& output : outputs) {
    for (const auto& [name, form] : forms) {
      EXPECT_EQ(output.text.find(form), std::string::npos)
          << run << ": the secret " << name << " (" << form << ") is in " << output.where << ":\n"
          << output.text;
    }
  }
}

// The echo reached an output and was redacted there: the test would see a leak.
void expect_redacted_somewhere(const std::vector<Output>& outputs, const std::string& run) {
  bool seen = false;
  for (const Output& output : outputs)
    seen = seen || output.text.find("[redacted]") != std::string::npos;
  EXPECT_TRUE(seen) << run << ": no output shows the echo (redacted); the channel was not tested";
}

fake::Scenario echo_scenario(Channel channel, const std::string& prefix = "/api/now/") {
  fake::Scenario scenario = fake::healthy_scenario();
  scenario.user = kUser;
  scenario.password = kPassword;
  scenario.bearer_token = kToken;
  scenario.faults.echoes.push_back(fake::EchoFault{channel, prefix});
  return scenario;
}

// An audit with stdout in JSON, -v on stderr, every other format and the snapshot in files.
std::vector<Output> audit_outputs(const fake::FakeInstance& instance,
                                  const std::vector<std::string>& extra,
                                  const std::vector<std::string>& env,
                                  const std::string& stdin_text = "") {
  ScratchDir dir;
  std::vector<std::string> args = {"oauth",
                                   "--instance",
                                   instance.url(),
                                   "--format",
                                   "json",
                                   "-v",
                                   "--timeout",
                                   "5",
                                   "--save-snapshot",
                                   dir.file("snapshot.json"),
                                   "--sarif-on-error"};
  const std::vector<std::string> formats = {"text", "junit", "sarif", "markdown", "html", "json"};
  for (const std::string& format : formats) {
    args.push_back("--report");
    args.push_back(format + "=" + dir.file("report." + format));
  }
  args.insert(args.end(), extra.begin(), extra.end());
  Report report = run_sncheck(args, env, stdin_text);
  EXPECT_EQ(report.process.exit_code, 2) << report.process.out << report.process.err;
  std::vector<Output> outputs = {{"stdout", report.process.out},
                                 {"stderr (-v)", report.process.err},
                                 {"the snapshot", dir.read("snapshot.json")}};
  for (const std::string& format : formats) {
    outputs.push_back({"the " + format + " report file", dir.read("report." + format)});
    EXPECT_FALSE(outputs.back().text.empty()) << format << " report not written";
  }
  return outputs;
}

std::vector<std::string> basic_env() {
  return {std::string("SN_USERNAME=") + kUser, std::string("SN_PASSWORD=") + kPassword};
}

TEST(SecretEcho, ThePasswordEchoedInAnyChannelIsInNoOutput) {
  for (const auto& [channel, name] : kTableChannels) {
    fake::FakeInstance instance(echo_scenario(channel));
    std::vector<Output> outputs = audit_outputs(instance, {}, basic_env());
    expect_no_form(outputs, forms_of(kPassword, kUser), name);
    expect_redacted_somewhere(outputs, name);
  }
}

TEST(SecretEcho, APasswordTypedOnStandardInputIsInNoOutput) {
  fake::FakeInstance instance(echo_scenario(Channel::ErrorMessage));
  std::vector<Output> outputs = audit_outputs(instance, {"--user", kUser, "--password-stdin"}, {},
                                              std::string(kPassword) + "\n");
  expect_no_form(outputs, forms_of(kPassword, kUser), "--password-stdin");
  expect_redacted_somewhere(outputs, "--password-stdin");
}

TEST(SecretEcho, TheBearerTokenEchoedInAnyChannelIsInNoOutput) {
  for (const auto& [channel, name] : kTableChannels) {
    fake::FakeInstance instance(echo_scenario(channel));
    std::vector<Output> outputs = audit_outputs(instance, {}, {std::string("SN_TOKEN=") + kToken});
    expect_no_form(outputs, forms_of(kToken), name);
    expect_redacted_somewhere(outputs, name);
  }
  fake::FakeInstance instance(echo_scenario(Channel::ErrorDetail));
  std::vector<Output> outputs =
      audit_outputs(instance, {"--token-stdin"}, {}, std::string(kToken) + "\n");
  expect_no_form(outputs, forms_of(kToken), "--token-stdin");
  expect_redacted_somewhere(outputs, "--token-stdin");
}

TEST(SecretEcho, ProfileSecretsFromAFileOrACommandAreInNoOutput) {
  fake::FakeInstance basic(echo_scenario(Channel::WwwAuthenticate));
  fake::FakeInstance bearer(echo_scenario(Channel::ErrorMessage));
  ScratchDir dir;
  std::string token_file = dir.write("token", std::string(kToken) + "\n", 0600);
  std::string config = dir.write(
      "config.json",
      "{\"profiles\": {"
      "\"basic\": {\"instance\": \"" +
          basic.url() + "\", \"user\": \"" + kUser +
          "\", \"password\": {\"command\": [\"printf\", \"%s\", \"Echo Pw&7<\\\"+/\xc3\xa9|'x\"]}},"
          "\"bearer\": {\"instance\": \"" +
          bearer.url() +
          "\", \"auth\": \"bearer\", \"token\": "
          "{\"file\": \"" +
          token_file + "\"}}}}");
  for (const char* profile : {"basic", "bearer"}) {
    const fake::FakeInstance& instance = std::string(profile) == "basic" ? basic : bearer;
    std::vector<Output> outputs =
        audit_outputs(instance, {"--config", config, "--profile", profile}, {});
    expect_no_form(outputs, forms_of(kPassword, kUser), profile);
    expect_no_form(outputs, forms_of(kToken), profile);
    expect_redacted_somewhere(outputs, profile);
  }
}

TEST(SecretEcho, TheClientSecretEchoedByTheTokenEndpointIsInNoOutput) {
  fake::Scenario scenario = echo_scenario(Channel::ErrorDescription, "/oauth_token.do");
  fake::FakeInstance instance(scenario);
  std::string client = healthy_client_id();
  std::vector<std::string> env = basic_env();
  env.push_back(std::string("SN_PROBE_CLIENT_SECRET=") + kClientSecret);
  ScratchDir dir;
  Report report =
      run_sncheck({"oauth", "--instance", instance.url(), "--format", "text", "-v", "--client-id",
                   client, "--probe", "--report", "json=" + dir.file("r.json"), "--report",
                   "html=" + dir.file("r.html")},
                  env);
  EXPECT_EQ(report.process.exit_code, 1) << "the probe is refused" << report.process.err;
  std::vector<Output> outputs = {{"stdout", report.process.out},
                                 {"stderr", report.process.err},
                                 {"the JSON report", dir.read("r.json")},
                                 {"the HTML report", dir.read("r.html")}};
  expect_no_form(outputs, forms_of(kClientSecret, client), "token endpoint");
  expect_no_form(outputs, forms_of(kPassword, kUser), "token endpoint");
  expect_redacted_somewhere(outputs, "token endpoint");
}

// Every long token-like word, so the fake can say whether it issued it.
std::vector<std::string> token_like_words(const std::string& text) {
  std::vector<std::string> words;
  std::string word;
  for (char c : text + " ") {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') {
      word.push_back(c);
      continue;
    }
    if (word.size() >= 32) words.push_back(word);
    word.clear();
  }
  return words;
}

TEST(SecretEcho, AnIssuedTokenEchoedByTheApiIsInNoOutput) {
  fake::Scenario scenario = echo_scenario(Channel::ErrorMessage, "/api/x_acme/");
  fake::FakeInstance instance(scenario);
  std::string client = healthy_client_id();
  std::string secret = scenario.client_secrets.at(client);
  std::vector<std::string> env = basic_env();
  env.push_back("SN_PROBE_CLIENT_SECRET=" + secret);
  ScratchDir dir;
  Report report =
      run_sncheck({"oauth", "--instance", instance.url(), "--format", "json", "-v", "--client-id",
                   client, "--probe", "--api", "/api/x_acme/inventory/items/42", "--report",
                   "markdown=" + dir.file("r.md")},
                  env);
  std::vector<Output> outputs = {{"stdout", report.process.out},
                                 {"stderr", report.process.err},
                                 {"the Markdown report", dir.read("r.md")}};
  EXPECT_EQ(report.process.exit_code, 1) << "the call's 401 fails the prediction";
  bool called = false;
  for (const fake::LoggedRequest& request : instance.requests()) {
    called = called || request.path == "/api/x_acme/inventory/items/42";
  }
  ASSERT_TRUE(called) << "the token was issued and the resource called";
  for (const Output& output : outputs) {
    for (const std::string& word : token_like_words(output.text)) {
      EXPECT_FALSE(instance.issued_token(word).has_value())
          << "the issued token is in " << output.where << ": " << word;
    }
  }
  expect_no_form(outputs, forms_of(secret, client), "--api");
  expect_redacted_somewhere(outputs, "--api");
}

TEST(SecretEcho, DiffShowsNoEchoedSecret) {
  fake::FakeInstance a(echo_scenario(Channel::ErrorMessage));
  fake::FakeInstance b(echo_scenario(Channel::RelativeLocation));
  ScratchDir dir;
  std::string config = dir.write(
      "config.json",
      "{\"profiles\": {\"a\": {\"instance\": \"" + a.url() + "\", \"user\": \"" + kUser +
          "\", \"password\": {\"env\": \"ECHO_PW\"}}, \"b\": {\"instance\": \"" + b.url() +
          "\", \"user\": \"" + kUser + "\", \"password\": {\"env\": \"ECHO_PW\"}}}}");
  for (const char* format : {"text", "json"}) {
    Report report = run_sncheck({"diff", "a", "b", "--config", config, "--format", format, "-v"},
                                {std::string("ECHO_PW=") + kPassword});
    EXPECT_EQ(report.process.exit_code, 2) << report.process.out << report.process.err;
    std::vector<Output> outputs = {{"stdout", report.process.out}, {"stderr", report.process.err}};
    expect_no_form(outputs, forms_of(kPassword, kUser), std::string("diff ") + format);
    expect_redacted_somewhere(outputs, std::string("diff ") + format);
  }
}

}  // namespace
}  // namespace sncheck::testing
