#pragma once
// Line settings of a serial device, as written on the device's data plate or manual.
#include <string>

namespace hp::dev {

enum class Parity { None, Even, Odd };

struct SerialSettings {
  int baud = 9600;
  int data_bits = 8;  // 5..8
  Parity parity = Parity::None;
  int stop_bits = 1;  // 1 or 2
};

// "9600 7E1"
std::string to_string(const SerialSettings& s);

}  // namespace hp::dev
