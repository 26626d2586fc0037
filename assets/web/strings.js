// UI strings of the dashboard, Vietnamese first (docs/dashboard.md). Keys match data-t.
window.HP_STRINGS = {
  vi: {
    title: "Bảng điều khiển chương trình", sign_in: "Đăng nhập", sign_out: "Đăng xuất",
    username: "Tên đăng nhập", password: "Mật khẩu", bad_credentials: "Sai tên đăng nhập hoặc mật khẩu",
    throttled: "Đăng nhập sai quá nhiều lần; vui lòng đợi rồi thử lại", from: "Từ ngày", to: "Đến ngày",
    unit: "Đơn vị", all_units: "Tất cả đơn vị", post_office: "Bưu cục", all_post_offices: "Tất cả bưu cục",
    show: "Xem", by_unit: "Theo đơn vị và chỉ tiêu năm", by_product: "Nhận theo sản phẩm và loại",
    by_post_office: "Theo bưu cục", by_organisation: "Theo tổ chức: chi hội và hợp tác xã",
    organisation: "Tổ chức", kind: "Loại tổ chức", org_branch: "Chi hội nông dân", org_cooperative: "Hợp tác xã",
    org_none: "(không có)", yearly_report: "Báo cáo năm",
    prices: "Giá thu mua (áp dụng cho quầy ở lần đồng bộ tới)", price_per_unit: "Giá (đ/kg hoặc đ/quả)", set_target: "Đặt chỉ tiêu", year: "Năm", indicator: "Chỉ số",
    target: "Chỉ tiêu", save: "Lưu", saved: "Đã lưu", forbidden: "Ngoài phạm vi của bạn",
    farmers_registered: "Nông dân đăng ký", farmers_active: "Nông dân hoạt động", dropoffs: "Lượt giao hàng",
    dropoff_kg: "Kg đã nhận", net_mg: "Kg đã nhận", payouts_vnd: "Chi trả cho nông dân (đ)",
    orders_collected: "Đơn đã nhận", orders_uncollected: "Đơn chờ nhận", orders_returned: "Đơn hoàn trả",
    sales_vnd: "Doanh số (đ)", product: "Sản phẩm", grade: "Loại", kg: "Kg", pieces: "Số quả/chiếc",
    value_vnd: "Giá trị (đ)", name: "Tên", rank: "Hạng", progress: "Tiến độ", targets: "Chỉ tiêu năm",
    green: "Đạt tiến độ", amber: "Chậm nhẹ", red: "Chậm", no_targets: "Chưa có chỉ tiêu",
    role_city: "Hội Nông dân thành phố", role_district: "Hội Nông dân cấp huyện", role_commune: "Hội Nông dân cấp xã",
    role_post_office: "Quản lý bưu cục", role_admin: "Quản trị viên", whole_city: "Toàn thành phố",
    chart_products: "Biểu đồ: kg nhận theo sản phẩm và loại", chart_units: "Biểu đồ: xếp hạng đơn vị theo kg nhận"
  },
  en: {
    title: "Programme dashboard", sign_in: "Sign in", sign_out: "Sign out",
    username: "User name", password: "Password", bad_credentials: "Wrong user name or password",
    throttled: "Too many failed sign-ins; wait and try again", from: "From", to: "To",
    unit: "Unit", all_units: "All units", post_office: "Post office", all_post_offices: "All post offices",
    show: "Show", by_unit: "By unit, with this year's targets", by_product: "Received by product and grade",
    by_post_office: "By post office", by_organisation: "By organisation: association branches and cooperatives",
    organisation: "Organisation", kind: "Kind", org_branch: "Association branch", org_cooperative: "Cooperative",
    org_none: "(none)", yearly_report: "Yearly report",
    prices: "Purchase prices (counters get them at their next sync)", price_per_unit: "Price (VND per kg or piece)", set_target: "Set a target", year: "Year", indicator: "Indicator",
    target: "Target", save: "Save", saved: "Saved", forbidden: "Outside your scope",
    farmers_registered: "Farmers registered", farmers_active: "Active farmers", dropoffs: "Drop-offs",
    dropoff_kg: "Kg received", net_mg: "Kg received", payouts_vnd: "Paid to farmers (VND)",
    orders_collected: "Orders collected", orders_uncollected: "Orders waiting", orders_returned: "Orders returned",
    sales_vnd: "Sales (VND)", product: "Product", grade: "Grade", kg: "Kg", pieces: "Pieces",
    value_vnd: "Value (VND)", name: "Name", rank: "Rank", progress: "Progress", targets: "Yearly targets",
    green: "On track", amber: "Slightly behind", red: "Behind", no_targets: "No targets yet",
    role_city: "City Farmers' Association", role_district: "District association", role_commune: "Commune association",
    role_post_office: "Post office manager", role_admin: "Administrator", whole_city: "Whole city",
    chart_products: "Chart: kg received by product and grade", chart_units: "Chart: units ranked by kg received"
  }
};
// Forecasts (assets/web/forecast.html, docs/forecast.md).
Object.assign(window.HP_STRINGS.vi, {
  forecasts: "Dự báo", fc_title: "Dự báo 4 tuần tới", fc_back: "Bảng điều khiển", fc_sign_in_first: "Vui lòng đăng nhập trước.",
  fc_all_products: "Tất cả sản phẩm", fc_measure: "Chỉ số", fc_kg: "Kg sẽ nhận", fc_orders: "Đơn sẽ nhận",
  fc_at: "Dự báo từ ngày", fc_history: "Thực tế (theo tuần)", fc_forecast: "Dự báo", fc_next_weeks: "4 tuần tới",
  fc_targets: "Bên cạnh chỉ tiêu năm", fc_by_product: "Theo sản phẩm (kg)", fc_by_post_office: "Theo bưu cục",
  fc_method_note: "Phương pháp: mỗi chuỗi chọn giữa lặp lại mùa trước và Holt-Winters theo sai số khi dự báo mùa trước (docs/forecast.md).",
  fc_week: "Tuần", fc_from: "Từ thứ Hai", fc_expected: "Dự kiến", fc_method: "Phương pháp", fc_error: "Sai số mùa trước",
  fc_next4: "Tổng 4 tuần tới", fc_weekly_pace: "Nhịp tuần theo chỉ tiêu", fc_weekly_forecast: "Dự báo trung bình tuần",
  fc_yearly_target: "Chỉ tiêu năm", fc_no_targets: "Chưa có chỉ tiêu năm cho phạm vi này",
  fc_m_seasonal_naive: "Lặp lại mùa trước", fc_m_holt_winters_additive: "Holt-Winters (cộng)",
  fc_m_holt_winters_multiplicative: "Holt-Winters (nhân)", fc_m_recent_mean: "Trung bình 4 tuần gần nhất",
  fc_mape: "MAPE", fc_mase: "MASE", fc_no_error: "chưa đủ dữ liệu", fc_title_kg: "Kg sẽ nhận mỗi tuần",
  fc_title_orders: "Đơn sẽ nhận mỗi tuần", fc_kg_unit: "kg", fc_orders_unit: "đơn"
});
Object.assign(window.HP_STRINGS.en, {
  forecasts: "Forecasts", fc_title: "Forecasts for the coming 4 weeks", fc_back: "Dashboard", fc_sign_in_first: "Please sign in first.",
  fc_all_products: "All products", fc_measure: "Measure", fc_kg: "Kg to be received", fc_orders: "Orders to be collected",
  fc_at: "Forecast from", fc_history: "Actual (weekly)", fc_forecast: "Forecast", fc_next_weeks: "The coming 4 weeks",
  fc_targets: "Beside the yearly targets", fc_by_product: "By product (kg)", fc_by_post_office: "By post office",
  fc_method_note: "Method: each series chooses between last season repeated and Holt-Winters by how far off each was when forecasting last season (docs/forecast.md).",
  fc_week: "Week", fc_from: "Monday", fc_expected: "Expected", fc_method: "Method", fc_error: "Last season's error",
  fc_next4: "Next 4 weeks in all", fc_weekly_pace: "Weekly pace the target asks", fc_weekly_forecast: "Forecast weekly average",
  fc_yearly_target: "Yearly target", fc_no_targets: "No yearly targets for this scope yet",
  fc_m_seasonal_naive: "Last season repeated", fc_m_holt_winters_additive: "Holt-Winters (additive)",
  fc_m_holt_winters_multiplicative: "Holt-Winters (multiplicative)", fc_m_recent_mean: "Mean of the last 4 weeks",
  fc_mape: "MAPE", fc_mase: "MASE", fc_no_error: "not enough data", fc_title_kg: "Kg to be received each week",
  fc_title_orders: "Orders to be collected each week", fc_kg_unit: "kg", fc_orders_unit: "orders"
});
