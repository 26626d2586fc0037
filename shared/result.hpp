#pragma once
// Expected failures are values. An Error carries a stable code (the key the UI translates,
// e.g. "code.unknown") and an English detail for logs and technicians.
#include <expected>
#include <string>
#include <utility>

namespace hp {

struct Error {
  std::string code;
  std::string detail;
};

// std::expected with [[nodiscard]] on the type itself, so no caller can drop a failure without
// saying so: every function that returns a Result is covered, not only those someone marked.
template <class T>
class [[nodiscard]] Result : public std::expected<T, Error> {
 public:
  using Base = std::expected<T, Error>;
  using Base::Base;
  Result() = default;
  Result(const Base& b) : Base(b) {}
  Result(Base&& b) : Base(std::move(b)) {}
};

using Status = Result<void>;

inline std::unexpected<Error> fail(std::string code, std::string detail = {}) {
  return std::unexpected<Error>(Error{std::move(code), std::move(detail)});
}

}  // namespace hp
