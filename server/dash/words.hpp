#pragma once
// Amounts in Vietnamese words, as reports and receipts write them under the figure
// ("Bằng chữ: Một triệu hai trăm nghìn đồng").
#include <cstdint>
#include <string>

namespace hp::server::dash {

// 0 <= n < 10^18; the first letter capitalised, no unit ("đồng") appended.
std::string vn_number_words(std::int64_t n);

}  // namespace hp::server::dash
