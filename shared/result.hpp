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

template <class T>
using Result = std::expected<T, Error>;

using Status = std::expected<void, Error>;

inline std::unexpected<Error> fail(std::string code, std::string detail = {}) {
  return std::unexpected<Error>(Error{std::move(code), std::move(detail)});
}

}  // namespace hp
