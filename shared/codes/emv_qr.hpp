#pragma once
// EMVCo merchant-presented QR payloads: "ID LL value" data objects (two-digit ID, two-digit
// length counted in characters, not bytes) ending with tag 63, a CRC-16/CCITT-FALSE over the
// UTF-8 bytes of everything before it including "6304".
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shared/result.hpp"

namespace hp::codes {

// CRC-16/CCITT-FALSE: poly 0x1021, init 0xFFFF, no reflection, no final xor.
std::uint16_t crc16_ccitt_false(std::string_view bytes);

// Four upper-case hex digits.
std::string crc_hex(std::uint16_t crc);

struct EmvObject {
  std::string id;     // "38"
  std::string value;  // UTF-8
};

// One level of data objects. Errors: vietqr.truncated (data ends inside an object),
// vietqr.malformed (ID or length not digits, invalid UTF-8, empty input).
Result<std::vector<EmvObject>> parse_emv_objects(std::string_view data);

// The value of the first object with this ID, or nullptr.
const EmvObject* find_object(const std::vector<EmvObject>& objects, std::string_view id);

// Whether the payload ends in "6304" + four hex digits that match the CRC of everything
// before them; nullopt when there is no such ending.
std::optional<bool> emv_crc_ok(std::string_view payload);

// "ID LL value"; nullopt if the id is not two digits or value has more than 99 characters.
std::optional<std::string> emv_object(std::string_view id, std::string_view value);

}  // namespace hp::codes
