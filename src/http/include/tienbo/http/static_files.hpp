#pragma once
// Serves the built web application (web/dist): content types, ETag and
// Last-Modified with 304 answers, precompressed FILE.gz when the client
// accepts gzip, long caching for hashed assets, and the single-page-app
// fallback to index.html for paths that are not files.

#include <filesystem>

#include "tienbo/http/message.hpp"

namespace tienbo::http {

class StaticFiles {
 public:
  explicit StaticFiles(std::filesystem::path root) : root_(std::move(root)) {}
  //! Answers a GET or HEAD request for `request.path`.
  [[nodiscard]] Response serve(const Request& request) const;
  [[nodiscard]] const std::filesystem::path& root() const { return root_; }

 private:
  std::filesystem::path root_;
};

//! Content type for a file name by extension ("application/octet-stream" if unknown).
std::string_view content_type_for(std::string_view filename);

}  // namespace tienbo::http
