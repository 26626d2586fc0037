#include "drivers/serial/serial_settings.hpp"

namespace hp::dev {

std::string to_string(const SerialSettings& s) {
  const char parity = s.parity == Parity::Even ? 'E' : s.parity == Parity::Odd ? 'O' : 'N';
  return std::to_string(s.baud) + " " + std::to_string(s.data_bits) + parity +
         std::to_string(s.stop_bits);
}

}  // namespace hp::dev
