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
    org_none: "(không có)", yearly_report: "Báo cáo năm", set_target: "Đặt chỉ tiêu", year: "Năm", indicator: "Chỉ số",
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
    org_none: "(none)", yearly_report: "Yearly report", set_target: "Set a target", year: "Year", indicator: "Indicator",
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
