#pragma once
// The yearly programme report (docs/dashboard.md "Yearly report"): one HTML page laid out
// for A4 print, and a CSV for each of its tables, from the overview's figures.
#include <string>

#include <nlohmann/json.hpp>

namespace hp::server::dash {

// scope_label: who the report covers ("Toàn thành phố", a unit's or post office's name).
std::string report_html(const nlohmann::json& overview, const std::string& scope_label, const std::string& query,
                        bool english);
// table: units, products, post_offices, organisations. Empty for an unknown table.
std::string report_csv(const nlohmann::json& overview, const std::string& table);

}  // namespace hp::server::dash
