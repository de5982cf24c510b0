// The bodies of a report's routes read into service commands (see report_input.hpp).
#include "report_input.hpp"

#include <string>

#include "tienbo/core/value_syntax.hpp"
#include "tienbo/http/json_body.hpp"

namespace tienbo::http::api {
namespace {

namespace json = boost::json;

core::Error invalid(std::string vi, std::string en, std::string field) {
  return core::make_error(core::ErrorCode::InvalidValue, std::move(vi), std::move(en), std::move(field));
}

//! One item of "values": element, option, the value (a JSON number as a machine writes it, or a
//! string as a person typed it: "1.250", "12,5"), an optional comment and data source.
core::Result<services::ValueInput> value_input(const json::value& item, const std::string& field) {
  if (!item.is_object())
    return core::Unexpected{invalid(field + " phải là đối tượng", field + " must be an object", field)};
  const auto& o = item.as_object();
  services::ValueInput in;
  auto element = string_field(o, "element", true);
  if (!element) return core::Unexpected{std::move(element).error()};
  auto option = string_field(o, "option", false);
  if (!option) return core::Unexpected{std::move(option).error()};
  in.element = std::move(*element);
  in.option = std::move(*option);
  if (const auto* v = o.if_contains("value"); v && v->is_number()) {
    in.syntax = core::NumberSyntax::Machine;
    if (v->is_int64()) {
      in.value = std::to_string(v->as_int64());
    } else if (v->is_uint64()) {
      in.value = std::to_string(v->as_uint64());
    } else {
      // 12.5 as "12.5", never Boost's "1.25E1": the shortest text that reads back the same.
      in.value = core::decimal_text(v->as_double());
    }
  } else if (v && v->is_bool()) {
    in.value = v->as_bool() ? "true" : "false";
  } else {
    auto value = string_field(o, "value", false);
    if (!value) return core::Unexpected{std::move(value).error()};
    in.value = std::move(*value);
  }
  for (auto [name, target] : {std::pair{"comment", &in.comment}, std::pair{"dataSource", &in.data_source}}) {
    if (!o.contains(name)) continue;
    auto text = string_field(o, name, false);
    if (!text) return core::Unexpected{std::move(text).error()};
    *target = std::move(*text);
  }
  return in;
}

}  // namespace

core::Result<std::int64_t> version_field(const json::object& o) {
  const auto* v = o.if_contains("version");
  if (!v || !v->is_int64()) {
    return core::fail(core::ErrorCode::InvalidValue, "thiếu trường \"version\" (phiên bản báo cáo bạn đang sửa)",
                      "field \"version\" (the version of the report you are editing) is required", "version");
  }
  return v->as_int64();
}

core::Result<services::SaveCommand> save_command(const json::object& body) {
  services::SaveCommand cmd;
  auto version = version_field(body);
  if (!version) return core::Unexpected{std::move(version).error()};
  cmd.version = *version;
  if (const auto* values = body.if_contains("values"); values && !values->is_null()) {
    if (!values->is_array())
      return core::Unexpected{invalid("trường \"values\" phải là mảng", "field \"values\" must be an array", "values")};
    for (std::size_t i = 0; i < values->as_array().size(); ++i) {
      auto in = value_input(values->as_array()[i], "values[" + std::to_string(i) + "]");
      if (!in) return core::Unexpected{std::move(in).error()};
      cmd.values.push_back(std::move(*in));
    }
  }
  if (const auto* narr = body.if_contains("narratives"); narr && !narr->is_null()) {
    if (!narr->is_object()) {
      return core::Unexpected{
          invalid("trường \"narratives\" phải là đối tượng", "field \"narratives\" must be an object", "narratives")};
    }
    for (const auto& [k, v] : narr->as_object()) {
      if (!v.is_string()) {
        return core::Unexpected{invalid("nội dung mục " + std::string(k) + " phải là chuỗi",
                                        "section " + std::string(k) + " must be a string",
                                        "narratives." + std::string(k))};
      }
      cmd.narratives[std::string(k)] = std::string(v.as_string());
    }
  }
  return cmd;
}

}  // namespace tienbo::http::api
