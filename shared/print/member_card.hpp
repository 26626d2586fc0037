#pragma once
// The farmer's member card ("thẻ hội viên", issue 10 item 5): printed at registration and
// again on request. The member code as a QR code and a Code 128 barcode, both the plain code
// the kiosk's scanner reads (kiosk/app/scan_kind.cpp: a member code opens the farmer); the
// name large, so the farmer recognises their own card; the CCCD only masked.
#include "shared/domain.hpp"
#include "shared/print/document.hpp"
#include "shared/print/print_config.hpp"
#include "shared/result.hpp"

namespace hp::print {

// "print.bad_member" when the farmer has no member code or no name.
Result<Document> member_card(const PrintConfig& cfg, const Farmer& farmer);

}  // namespace hp::print
