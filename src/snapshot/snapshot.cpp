// SPDX-License-Identifier: Apache-2.0
#include "snapshot/snapshot.h"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "core/atomic_file.h"
#include "core/secrets.h"

namespace sncheck {
namespace {

constexpr const char* kRemoved = "[removed]";
constexpr int kFormatVersion = 1;

using Writer = rapidjson::PrettyWriter<rapidjson::StringBuffer>;

void write_string(Writer& w, const char* key, const std::string& value) {
  w.Key(key);
  w.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
}

void write_row(Writer& w, const Record& row) {
  w.StartObject();
  for (const auto& [field, value] : row) {
    w.Key(field.c_str(), static_cast<rapidjson::SizeType>(field.size()));
    bool secret = is_secret_field(field);
    if (value.null && value.link.empty()) {  // JSON null stays null on replay, never ""
      w.Null();
      continue;
    }
    if (value.link.empty()) {
      w.String(secret ? kRemoved : value.value.c_str());
      continue;
    }
    w.StartObject();
    if (value.null) {
      w.Key("value");
      w.Null();
    } else {
      write_string(w, "value", secret ? kRemoved : value.value);
    }
    write_string(w, "link", value.link);
    w.EndObject();
  }
  w.EndObject();
}

void write_answer(Writer& w, const TableData& data) {
  w.StartObject();
  write_string(w, "table", data.read.table);
  write_string(w, "query", data.read.query);
  w.Key("fields");
  w.StartArray();
  for (const std::string& field : data.read.fields) w.String(field.c_str());
  w.EndArray();
  // The first page's path and query, for people; replay matches on table, query and fields.
  write_string(w, "request", table_page_path(data.read, 1000, 0));
  w.Key("status");
  w.Int(data.error ? data.error->http_status : 200);
  w.Key("x_total_count");
  w.Int64(data.total_count);
  w.Key("pages");
  w.Int(data.pages);
  w.Key("error");
  if (data.error) {
    w.StartObject();
    write_string(w, "kind", std::string(to_string(data.error->kind)));
    write_string(w, "message", data.error->message);
    write_string(w, "remedy", data.error->remedy);
    w.EndObject();
  } else {
    w.Null();
  }
  w.Key("result");
  w.StartArray();
  for (const Record& row : data.rows) write_row(w, row);
  w.EndArray();
  w.EndObject();
}

[[noreturn]] void bad(const std::string& path, const std::string& what) {
  throw SnapshotError(fmt::format("snapshot {}: {}", path, what));
}

const rapidjson::Value& member(const rapidjson::Value& object, const char* key,
                               const std::string& path, const std::string& where) {
  if (!object.IsObject() || !object.HasMember(key))
    bad(path, fmt::format("{}: no '{}'", where, key));
  return object[key];
}

std::string string_of(const rapidjson::Value& object, const char* key, const std::string& path,
                      const std::string& where) {
  const rapidjson::Value& value = member(object, key, path, where);
  if (!value.IsString()) bad(path, fmt::format("{}.{}: must be a string", where, key));
  return value.GetString();
}

FetchErrorKind kind_from(const std::string& text, const std::string& path,
                         const std::string& where) {
  if (std::optional<FetchErrorKind> kind = parse_fetch_error_kind(text)) return *kind;
  bad(path, fmt::format("{}.error.kind: unknown '{}'", where, text));
}

Record parse_row(const rapidjson::Value& row, const std::string& path, const std::string& where) {
  if (!row.IsObject()) bad(path, where + ": a row must be an object");
  Record record;
  for (const auto& field : row.GetObject()) {
    FieldValue value;
    if (field.value.IsString()) {
      value.value = field.value.GetString();
    } else if (field.value.IsNull()) {
      value.null = true;
    } else if (field.value.IsObject()) {
      const rapidjson::Value& inner = member(field.value, "value", path, where);
      value.null = inner.IsNull();
      if (!value.null) value.value = string_of(field.value, "value", path, where);
      value.link = string_of(field.value, "link", path, where);
    } else {
      bad(path,
          fmt::format("{}.{}: must be a string or {{value, link}}", where, field.name.GetString()));
    }
    record.emplace(field.name.GetString(), std::move(value));
  }
  return record;
}

TableData parse_answer(const rapidjson::Value& answer, const std::string& path,
                       const std::string& where) {
  TableData data;
  data.read.table = string_of(answer, "table", path, where);
  data.read.query = string_of(answer, "query", path, where);
  const rapidjson::Value& fields = member(answer, "fields", path, where);
  if (!fields.IsArray()) bad(path, where + ".fields: must be an array");
  for (const auto& field : fields.GetArray()) {
    if (!field.IsString()) bad(path, where + ".fields: every item must be a string");
    data.read.fields.emplace_back(field.GetString());
  }
  const rapidjson::Value& status = member(answer, "status", path, where);
  const rapidjson::Value& total = member(answer, "x_total_count", path, where);
  const rapidjson::Value& pages = member(answer, "pages", path, where);
  if (!status.IsInt() || !total.IsInt64() || !pages.IsInt()) {
    bad(path, where + ": status, x_total_count and pages must be integers");
  }
  data.total_count = static_cast<long>(total.GetInt64());
  data.pages = pages.GetInt();
  const rapidjson::Value& error = member(answer, "error", path, where);
  if (!error.IsNull()) {
    FetchError fetch_error;
    fetch_error.kind = kind_from(string_of(error, "kind", path, where), path, where);
    fetch_error.table = data.read.table;
    fetch_error.http_status = status.GetInt();
    fetch_error.message = string_of(error, "message", path, where);
    fetch_error.remedy = string_of(error, "remedy", path, where);
    data.error = std::move(fetch_error);
  }
  const rapidjson::Value& rows = member(answer, "result", path, where);
  if (!rows.IsArray()) bad(path, where + ".result: must be an array");
  for (const auto& row : rows.GetArray()) data.rows.push_back(parse_row(row, path, where));
  return data;
}

}  // namespace

std::string snapshot_json(const Snapshot& snapshot) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.SetIndent(' ', 1);
  w.StartObject();
  w.Key("sncheck_snapshot");
  w.Int(kFormatVersion);
  w.Key("instances");
  w.StartArray();
  for (const InstanceSnapshot& instance : snapshot.instances) {
    w.StartObject();
    write_string(w, "instance", instance.instance);
    w.Key("answers");
    w.StartArray();
    for (const TableData& data : instance.answers) write_answer(w, data);
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize()) + "\n";
}

void write_snapshot(const std::string& path, const Snapshot& snapshot) {
  std::string text = snapshot_json(snapshot);
  // Whole or not at all, and through the secret redactor like every output.
  AtomicFile file(path, "snapshot " + path);
  file.stream() << text;
  file.commit();
}

Snapshot parse_snapshot(const std::string& json_text, const std::string& path) {
  rapidjson::Document document;
  document.Parse(json_text.c_str());
  if (document.HasParseError()) {
    bad(path, fmt::format("not valid JSON at offset {}: {}", document.GetErrorOffset(),
                          rapidjson::GetParseError_En(document.GetParseError())));
  }
  const rapidjson::Value& version = member(document, "sncheck_snapshot", path, "(top level)");
  if (!version.IsInt() || version.GetInt() != kFormatVersion) {
    bad(path, fmt::format("sncheck_snapshot: this sncheck reads version {}", kFormatVersion));
  }
  const rapidjson::Value& instances = member(document, "instances", path, "(top level)");
  if (!instances.IsArray()) bad(path, "instances: must be an array");
  Snapshot snapshot;
  for (rapidjson::SizeType i = 0; i < instances.Size(); ++i) {
    std::string where = fmt::format("instances[{}]", i);
    InstanceSnapshot instance;
    instance.instance = string_of(instances[i], "instance", path, where);
    const rapidjson::Value& answers = member(instances[i], "answers", path, where);
    if (!answers.IsArray()) bad(path, where + ".answers: must be an array");
    for (rapidjson::SizeType j = 0; j < answers.Size(); ++j) {
      instance.answers.push_back(
          parse_answer(answers[j], path, fmt::format("{}.answers[{}]", where, j)));
    }
    snapshot.instances.push_back(std::move(instance));
  }
  if (snapshot.instances.empty()) bad(path, "instances: empty");
  return snapshot;
}

Snapshot load_snapshot(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw SnapshotError(fmt::format("snapshot {}: cannot be read", path));
  std::stringstream text;
  text << in.rdbuf();
  return parse_snapshot(text.str(), path);
}

std::vector<TableData> replay(const InstanceSnapshot& recorded,
                              const std::vector<TableRead>& reads) {
  std::vector<TableData> out;
  out.reserve(reads.size());
  for (const TableRead& read : reads) {
    auto found = std::find_if(recorded.answers.begin(), recorded.answers.end(),
                              [&read](const TableData& data) { return data.read == read; });
    if (found != recorded.answers.end()) {
      out.push_back(*found);
      continue;
    }
    TableData missing;
    missing.read = read;
    missing.error = make_fetch_error(
        FetchErrorKind::Transport, read.table, 0,
        fmt::format("reading {}: the snapshot has no answer for this read (query '{}')", read.table,
                    read.query),
        "record the snapshot with the same sncheck version and the same --checks and "
        "--client-id");
    out.push_back(std::move(missing));
  }
  return out;
}

void SnapshotRecorder::add(const std::string& instance, const std::vector<TableData>& answers) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (InstanceSnapshot& existing : snapshot_.instances) {
    if (existing.instance != instance) continue;
    existing.answers.insert(existing.answers.end(), answers.begin(), answers.end());
    return;
  }
  snapshot_.instances.push_back(InstanceSnapshot{instance, answers});
}

Snapshot SnapshotRecorder::take() {
  std::lock_guard<std::mutex> lock(mutex_);
  return std::move(snapshot_);
}

}  // namespace sncheck
