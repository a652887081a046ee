// SPDX-License-Identifier: Apache-2.0
#include "echo_proxy.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <string_view>

#include "base64.h"
#include "core/url.h"

namespace sncheck::fake {
namespace {

// application/x-www-form-urlencoded: a space as '+'.
std::string form_encode(std::string_view text) {
  std::string out;
  for (char c : text) out += c == ' ' ? std::string("+") : percent_encode(std::string_view(&c, 1));
  return out;
}

// A header cannot carry a line break.
std::string header_safe(std::string text) {
  std::replace(text.begin(), text.end(), '\r', ' ');
  std::replace(text.begin(), text.end(), '\n', ' ');
  return text;
}

std::string json_string_field(const char* key, const std::string& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  writer.StartObject();
  writer.Key("error");
  writer.String("invalid_client");
  writer.Key(key);
  writer.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
  writer.EndObject();
  return buffer.GetString();
}

std::string host_of(const std::string& base_url) {
  std::size_t scheme = base_url.find("://");
  return scheme == std::string::npos ? base_url : base_url.substr(scheme + 3);
}

// What the Authorization header carries: "user:password" (Basic) or the token (Bearer).
struct Carried {
  std::string decoded;
  std::string user;
  std::string secret;
};

Carried carried(const std::string& authorization) {
  Carried out;
  if (authorization.rfind("Basic ", 0) == 0) {
    out.decoded = base64_decode(authorization.substr(6));
    std::size_t colon = out.decoded.find(':');
    out.user = out.decoded.substr(0, colon);
    out.secret = colon == std::string::npos ? "" : out.decoded.substr(colon + 1);
  } else if (authorization.rfind("Bearer ", 0) == 0) {
    out.decoded = out.secret = authorization.substr(7);
  }
  return out;
}

std::string userinfo(const Carried& credentials) {
  return percent_encode(credentials.user) + ":" + percent_encode(credentials.secret) + "@";
}

}  // namespace

std::string echo_text(const EchoedRequest& request) {
  std::string text = "Authorization: " + request.authorization;
  Carried credentials = carried(request.authorization);
  if (!credentials.decoded.empty()) {
    text += " | decoded: " + credentials.decoded;
    text += " | userinfo: http://" + userinfo(credentials) + "proxy.example/";
    text += " | percent: " + percent_encode(credentials.secret) +
            " | form: " + form_encode(credentials.secret);
  }
  if (!request.body.empty()) text += " | body: " + request.body;
  auto client_secret = request.form.find("client_secret");
  if (client_secret != request.form.end()) text += " | client_secret: " + client_secret->second;
  return text;
}

Answer apply_echoes(const std::vector<EchoFault>& echoes, const EchoedRequest& request,
                    Answer answer) {
  auto echo = std::find_if(echoes.begin(), echoes.end(), [&request](const EchoFault& fault) {
    return request.path.rfind(fault.path_prefix, 0) == 0;
  });
  if (echo == echoes.end()) return answer;
  const std::string text = echo_text(request);
  using Channel = EchoFault::Channel;
  switch (echo->channel) {
    case Channel::ErrorMessage:
      return error_answer(401, text, "Required to provide Auth information");
    case Channel::ErrorDetail:
      return error_answer(401, "User Not Authenticated", text);
    case Channel::WwwAuthenticate: {
      Answer refused = not_authenticated();
      refused.headers.clear();
      refused.headers.emplace_back("WWW-Authenticate", "Basic realm=\"" + header_safe(text) + "\"");
      return refused;
    }
    case Channel::Location:
    case Channel::RelativeLocation: {
      Answer redirect;
      redirect.status = 302;
      redirect.content_type = "text/html;charset=UTF-8";
      std::string target = "/login.do?echo=" + percent_encode(text);
      if (echo->channel == Channel::Location) {
        target = "http://" + userinfo(carried(request.authorization)) + host_of(request.base_url) +
                 target;
      }
      redirect.headers.emplace_back("Location", target);
      return redirect;
    }
    case Channel::Link:
      if (answer.status == 200) {
        answer.headers.erase(
            std::remove_if(answer.headers.begin(), answer.headers.end(),
                           [](const auto& header) { return header.first == "Link"; }),
            answer.headers.end());
        answer.headers.emplace_back(
            "Link", "<http://proxy.example/next?echo=" + percent_encode(text) + ">;rel=\"next\"");
      }
      return answer;
    case Channel::ErrorDescription: {
      Answer refused;
      refused.status = 401;
      refused.content_type = "application/json";
      refused.body = json_string_field("error_description", text);
      return refused;
    }
  }
  return answer;
}

}  // namespace sncheck::fake
