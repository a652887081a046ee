// SPDX-License-Identifier: Apache-2.0
// The redactor and the redacting stream buffer: every form a secret can take on the way out is
// replaced, a secret that straddles two writes is still caught, and nothing else is held back.

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <vector>

#include "core/redacting_streambuf.h"
#include "core/redactor.h"
#include "core/secret_registry.h"
#include "core/url.h"

namespace sncheck {
namespace {

constexpr const char* kSecret = "Pw Echo&7<\"+/\xc3\xa9x|'";  // space, &, <, ", +, /, é, |, '
constexpr const char* kUser = "audit.reader";

// An encoder of its own, so the test does not trust the redactor's.
std::string base64(const std::string& input, bool url_safe = false) {
  const char* alphabet = url_safe
                             ? "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
                             : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  auto byte = [&input](std::size_t at) {
    return at < input.size() ? static_cast<unsigned>(static_cast<unsigned char>(input[at])) : 0u;
  };
  for (; i < input.size(); i += 3) {
    unsigned n = (byte(i) << 16) | (byte(i + 1) << 8) | byte(i + 2);
    std::size_t chars = std::min<std::size_t>(4, (input.size() - i) * 8 / 6 + 1);
    for (std::size_t k = 0; k < 4; ++k) {
      out += k < chars ? alphabet[(n >> (18 - 6 * k)) & 63] : '=';
    }
  }
  return out;
}

std::string lower_hex(std::string text) {
  for (std::size_t i = 0; i + 2 < text.size(); ++i) {
    if (text[i] != '%') continue;
    for (std::size_t k = 1; k <= 2; ++k) {
      if (text[i + k] >= 'A' && text[i + k] <= 'F')
        text[i + k] = static_cast<char>(text[i + k] + 32);
    }
  }
  return text;
}

std::string form_encoded(const std::string& text) {
  std::string out;
  for (char c : text) out += c == ' ' ? std::string("+") : percent_encode(std::string(1, c));
  return out;
}

std::string json_escaped(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '"' || c == '\\' || c == '/') out += '\\';
    out += c;
  }
  return out;
}

std::string xml_escaped(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

Redactor secret_redactor_for_test() {
  Redactor redactor;
  redactor.add_credential_pair(kUser, kSecret);
  return redactor;
}

TEST(Redactor, EveryEncodingOfTheSecretIsReplaced) {
  const std::string secret = kSecret;
  Redactor redactor = secret_redactor_for_test();
  const std::vector<std::string> forms = {
      secret,
      percent_encode(secret),
      lower_hex(percent_encode(secret)),
      form_encoded(secret),
      json_escaped(secret),
      xml_escaped(secret),
      "Pw Echo&7<\\\"+\\/\\u00e9x\\|'",        // a mix: \u escapes, JSON and Markdown escapes
      "Pw%20Echo%267%3c%22+%2F\xc3\xa9x|'",    // a mix of encoded and plain characters
      percent_encode(percent_encode(secret)),  // a URL inside a URL's query
      percent_encode(form_encoded(secret)),
      percent_encode(xml_escaped(secret)),
  };
  for (const std::string& form : forms) {
    std::string text = "before " + form + " after";
    EXPECT_EQ(redactor.redact(text), "before [redacted] after") << form;
  }
  // As a URL's userinfo, the user name stays.
  EXPECT_EQ(redactor.redact("http://audit.reader:" + percent_encode(secret) + "@host/"),
            "http://audit.reader:[redacted]@host/");
}

TEST(Redactor, BasicHeadersOfTheCredentialsAreReplaced) {
  Redactor redactor = secret_redactor_for_test();
  std::string pair = std::string(kUser) + ":" + kSecret;
  for (bool url_safe : {false, true}) {
    std::string header = "Authorization: Basic " + base64(pair, url_safe);
    std::string redacted = redactor.redact(header);
    EXPECT_EQ(redacted.find(base64(pair, url_safe).substr(0, 24)), std::string::npos) << redacted;
    EXPECT_NE(redacted.find(Redactor::kMark), std::string::npos) << redacted;
  }
}

// Base64 of any text that holds the secret, at each of the three alignments: every character
// that carries a bit of the secret is gone, every other one is kept.
TEST(Redactor, TheSecretInsideAnyBase64TextIsReplacedAtEveryAlignment) {
  Redactor redactor;
  const std::string secret = "s3cret-Token-9xQ";
  redactor.add_secret(secret);
  for (std::string prefix : {"", "a", "ab", "abc", "abcd"}) {
    for (std::string suffix : {"", "z", "yz", "xyz"}) {
      std::string encoded = base64(prefix + secret + suffix);
      std::size_t first = prefix.size() * 8 / 6;
      std::size_t end = ((prefix.size() + secret.size()) * 8 + 5) / 6;
      std::string expected =
          encoded.substr(0, first) + std::string(Redactor::kMark) + encoded.substr(end);
      EXPECT_EQ(redactor.redact(encoded), expected) << prefix << "|" << suffix << " " << encoded;
    }
  }
}

TEST(Redactor, OtherTextIsUntouchedAndTheLongestFormWins) {
  Redactor redactor;
  redactor.add_secret("abc-123-token");
  redactor.add_secret("abc-123-token-and-more");
  EXPECT_EQ(redactor.redact("abc-123-toke and abc"), "abc-123-toke and abc");
  EXPECT_EQ(redactor.redact("x abc-123-token-and-more y"), "x [redacted] y");
  EXPECT_EQ(redactor.redact(""), "");
  Redactor none;
  EXPECT_EQ(none.redact("anything at all"), "anything at all");
}

// A sink that records what reached it, call by call.
struct Recorder {
  std::vector<std::string> writes;
  std::string all() const {
    std::string text;
    for (const std::string& write : writes) text += write;
    return text;
  }
};

TEST(RedactingStreambuf, ASecretStraddlingWritesIsStillReplaced) {
  Redactor redactor;
  const std::string secret = "Straddle-Secret-42";
  redactor.add_secret(secret);
  for (std::size_t cut = 1; cut < secret.size(); ++cut) {
    Recorder recorder;
    auto shared = std::make_shared<const Redactor>(redactor);
    RedactingStreambuf buffer(
        [&recorder](std::string_view bytes) {
          recorder.writes.emplace_back(bytes);
          return true;
        },
        [shared] { return shared; });
    std::ostream out(&buffer);
    out << "token=" << secret.substr(0, cut) << std::flush;
    out << secret.substr(cut) << " end\n" << std::flush;
    ASSERT_TRUE(buffer.finish());
    EXPECT_EQ(recorder.all(), "token=[redacted] end\n") << cut;
  }
}

TEST(RedactingStreambuf, ByteByByteWritesAreRedacted) {
  Redactor redactor = secret_redactor_for_test();
  Recorder recorder;
  auto shared = std::make_shared<const Redactor>(redactor);
  RedactingStreambuf buffer(
      [&recorder](std::string_view bytes) {
        recorder.writes.emplace_back(bytes);
        return true;
      },
      [shared] { return shared; });
  std::ostream out(&buffer);
  std::string text = std::string("a ") + percent_encode(kSecret) + " b";
  for (char c : text) out << c << std::flush;
  buffer.finish();
  EXPECT_EQ(recorder.all(), "a [redacted] b");
}

TEST(RedactingStreambuf, HoldsBackOnlyWhatCouldBeginASecret) {
  Redactor redactor;
  redactor.add_secret("Zq-secret-value");
  Recorder recorder;
  auto shared = std::make_shared<const Redactor>(redactor);
  RedactingStreambuf buffer(
      [&recorder](std::string_view bytes) {
        recorder.writes.emplace_back(bytes);
        return true;
      },
      [shared] { return shared; });
  std::ostream out(&buffer);
  out << "Password for audit.reader@acme: " << std::flush;
  EXPECT_EQ(recorder.all(), "Password for audit.reader@acme: ") << "a prompt must show at once";
  out << "value Zq-sec" << std::flush;
  EXPECT_EQ(recorder.all(), "Password for audit.reader@acme: value ") << "the possible start waits";
  out << "ond" << std::flush;  // not the secret after all
  buffer.finish();
  EXPECT_EQ(recorder.all(), "Password for audit.reader@acme: value Zq-second");
}

TEST(RedactingStreambuf, AFailingSinkIsReported) {
  RedactingStreambuf buffer([](std::string_view) { return false; });
  std::ostream out(&buffer);
  out << "text" << std::flush;
  EXPECT_TRUE(out.bad());
  EXPECT_FALSE(buffer.finish());
}

TEST(SecretRegistry, RegisteredSecretsAreRedactedFromThenOn) {
  forget_secrets();
  EXPECT_EQ(redact_secrets("Registry-Secret-77"), "Registry-Secret-77");
  register_credential_pair("reader", "Registry-Secret-77");
  EXPECT_EQ(redact_secrets("x Registry-Secret-77 y"), "x [redacted] y");
  EXPECT_EQ(redact_secrets(base64("reader:Registry-Secret-77")).find("cmVhZGVyOlJlZ2lzdHJ5"),
            std::string::npos);
  register_secret("");  // ignored
  forget_secrets();
  EXPECT_EQ(redact_secrets("Registry-Secret-77"), "Registry-Secret-77");
}

}  // namespace
}  // namespace sncheck
