#pragma once
// What goes back to the hub with the driver (docs/packages.md): the return list the driver
// signs, and one slip per package (or per order's unlabelled goods) to tape on it.
#include <string>
#include <vector>

#include "shared/clock.hpp"
#include "shared/print/document.hpp"
#include "shared/print/print_config.hpp"
#include "shared/result.hpp"

namespace hp::print {

struct ReturnLine {
  std::string code;          // the package label, or the order's pickup code
  bool labelled = true;
  std::string order_ref;     // the order's number, or its pickup code when it has none
  std::string buyer_name;
  std::string shelf;
  std::string reason;        // "expired" or "refused"
  UtcMillis since = 0;
  std::vector<std::string> items;
};

// "print.empty_list" when there is nothing to return.
Result<Document> return_list(const PrintConfig& cfg, const std::vector<ReturnLine>& lines, const std::string& clerk,
                             UtcMillis printed_at);
Result<Document> return_slip(const PrintConfig& cfg, const ReturnLine& line, UtcMillis printed_at);

// "Quá hạn lưu giữ" / "Người nhận từ chối".
std::string return_reason_vi(const std::string& reason);

}  // namespace hp::print
