#pragma once
// What the post office puts on everything it prints; filled by the caller from its settings.
#include <string>

#include "shared/clock.hpp"
#include "shared/print/bitmap.hpp"

namespace hp::print {

struct PrintConfig {
  std::string post_office_name;     // "Bưu cục An Lão"
  std::string post_office_address;  // "Số 12 Nguyễn Văn Trỗi, An Lão, Hải Phòng"
  std::string post_office_phone;    // "0225 3871 234"
  std::string programme;            // "Chương trình tiêu thụ nông sản Hải Phòng", may be empty
  Bitmap logo;                      // printed at the top when not empty
  std::string trace_server;         // host of the central server, "nongsan.haiphong.example"
  std::string footer;               // closing line, may be empty
};

// A reprint is marked "BẢN SAO" (copy) at the top and bottom with the time it was reprinted.
struct PrintCopy {
  bool reprint = false;
  UtcMillis reprinted_at = 0;
};

}  // namespace hp::print
