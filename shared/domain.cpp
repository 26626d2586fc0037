#include "shared/domain.hpp"

namespace hp {

const char* to_string(PriceUnit u) { return u == PriceUnit::PerKg ? "kg" : "piece"; }

const char* to_string(OrderStatus s) {
  switch (s) {
    case OrderStatus::Ready: return "ready";
    case OrderStatus::Collected: return "collected";
    case OrderStatus::Cancelled: return "cancelled";
    case OrderStatus::Returned: return "returned";
  }
  return "ready";
}

const char* to_string(PaymentMethod m) {
  switch (m) {
    case PaymentMethod::Prepaid: return "prepaid";
    case PaymentMethod::Cash: return "cash";
    case PaymentMethod::VietQr: return "vietqr";
  }
  return "prepaid";
}

std::optional<OrderStatus> order_status_from(std::string_view s) {
  if (s == "ready") return OrderStatus::Ready;
  if (s == "collected") return OrderStatus::Collected;
  if (s == "cancelled") return OrderStatus::Cancelled;
  if (s == "returned") return OrderStatus::Returned;
  return std::nullopt;
}

std::optional<PaymentMethod> payment_method_from(std::string_view s) {
  if (s == "prepaid") return PaymentMethod::Prepaid;
  if (s == "cash") return PaymentMethod::Cash;
  if (s == "vietqr") return PaymentMethod::VietQr;
  return std::nullopt;
}

std::optional<PriceUnit> price_unit_from(std::string_view s) {
  if (s == "kg") return PriceUnit::PerKg;
  if (s == "piece") return PriceUnit::PerPiece;
  return std::nullopt;
}

}  // namespace hp
