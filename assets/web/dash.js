// The dashboard page: signs in, then shows the overview the API computes for the signed-in
// user's scope (docs/dashboard.md). No framework, no build step.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const S = window.HP_STRINGS;
  let lang = localStorage.getItem("hp.lang") === "en" ? "en" : "vi";
  let csrf = "";
  let user = null;
  let last = null;
  const t = (k) => (S[lang] && S[lang][k]) || S.vi[k] || k;
  const locale = () => (lang === "vi" ? "vi-VN" : "en-GB");
  const int = (n) => new Intl.NumberFormat(locale()).format(n);
  const kg = (mg) => new Intl.NumberFormat(locale(), { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(mg / 1e6);

  function applyLang() {
    document.documentElement.lang = lang;
    document.querySelectorAll("[data-t]").forEach((el) => { el.textContent = t(el.dataset.t); });
    document.querySelectorAll("[data-lang]").forEach((b) => b.setAttribute("aria-pressed", String(b.dataset.lang === lang)));
    document.title = t("title");
    if (user) showUser();
    if (last) render(last);
  }

  async function api(path, opts) {
    const o = Object.assign({ credentials: "same-origin", headers: {} }, opts || {});
    if (o.body !== undefined) {
      o.headers["Content-Type"] = "application/json";
      o.headers["X-CSRF-Token"] = csrf;
      o.body = JSON.stringify(o.body);
    }
    const r = await fetch(path, o);
    let body = null;
    try { body = await r.json(); } catch (e) { body = null; }
    return { status: r.status, body };
  }

  function scopeLabel(u) {
    if (u.role === "post_office") return t("role_post_office") + ": " + (u.post_office_name || u.post_office_id);
    if (u.role === "district" || u.role === "commune") return t("role_" + u.role) + ": " + (u.unit_name || u.unit_id);
    return t("role_" + u.role) + " · " + t("whole_city");
  }

  function showUser() {
    $("who").hidden = false;
    $("who-name").textContent = user.display_name;
    $("who-scope").textContent = scopeLabel(user);
    $("who-scope").dataset.role = user.role;
  }

  function signedIn(body) {
    user = body.user;
    csrf = body.csrf;
    $("login").hidden = true;
    $("overview").hidden = false;
    showUser();
    $("targets-editor").hidden = !(user.role === "city" || user.role === "admin");
    $("prices-editor").hidden = $("targets-editor").hidden;
    if (!$("prices-editor").hidden) loadPrices();
    loadChoices().then(load);
  }

  function option(sel, value, text) {
    const o = document.createElement("option");
    o.value = value;
    o.textContent = text;
    sel.appendChild(o);
  }

  async function loadChoices() {
    const r = await api("/api/v1/dash/units");
    if (r.status !== 200) return;
    const unitSel = $("unit"), poSel = $("post-office"), tu = $("target-unit");
    unitSel.length = 1; poSel.length = 1; tu.length = 0;
    for (const u of r.body.units) {
      const label = u.name + (u.valid_to ? " (≤ " + u.valid_to + ")" : "");
      option(unitSel, u.id, label);
      option(tu, u.id, label);
    }
    for (const p of r.body.post_offices) option(poSel, p.id, p.name);
    const ti = $("target-indicator");
    ti.length = 0;
    for (const k of ["farmers_active", "dropoff_kg", "payouts_vnd", "orders_collected", "sales_vnd"]) option(ti, k, t(k));
  }

  async function loadPrices() {
    const r = await api("/api/v1/dash/products");
    if (r.status !== 200) return;
    const sel = $("price-product"), keep = sel.value;
    sel.length = 0;
    const rows = [];
    for (const p of r.body.products) {
      const name = lang === "en" ? p.name_en : p.name_vi;
      option(sel, p.id, name);
      const by = {};
      for (const g of p.prices) by[g.grade] = g.price_vnd;
      rows.push({ key: p.sku, cells: [{ text: name }].concat(["A", "B", "C"].map((g) => (
        { text: by[g] ? int(by[g]) : "—", cls: "num", value: by[g] || 0 }))) });
    }
    if (keep) sel.value = keep;
    table($("prices-table"), [t("product"), t("grade") + " A", t("grade") + " B", t("grade") + " C"], rows);
  }

  function cell(tr, text, cls, value) {
    const td = document.createElement(tr.parentElement && tr.parentElement.tagName === "THEAD" ? "th" : "td");
    td.textContent = text;
    if (cls) td.className = cls;
    if (value !== undefined) td.dataset.value = String(value);
    tr.appendChild(td);
    return td;
  }

  function table(el, heads, rows) {
    el.textContent = "";
    const thead = el.createTHead();
    const hr = thead.insertRow();
    const first = rows.length ? rows[0].cells : [];
    heads.forEach((h, i) => {
      const th = document.createElement("th");
      th.textContent = h;
      if (first[i] && first[i].cls === "num") th.className = "num";
      hr.appendChild(th);
    });
    const tb = el.createTBody();
    for (const r of rows) {
      const tr = tb.insertRow();
      if (r.key) tr.dataset.key = r.key;
      for (const c of r.cells) cell(tr, c.text, c.cls, c.value);
    }
  }

  function render(o) {
    const k = $("kpis");
    k.textContent = "";
    const tot = o.totals;
    const kpis = [
      ["farmers_registered", int(tot.farmers_registered), tot.farmers_registered],
      ["farmers_active", int(tot.farmers_active), tot.farmers_active],
      ["dropoffs", int(tot.dropoffs), tot.dropoffs],
      ["net_mg", kg(tot.net_mg), tot.net_mg],
      ["payouts_vnd", int(tot.payouts_vnd), tot.payouts_vnd],
      ["orders_collected", int(tot.orders_collected), tot.orders_collected],
      ["orders_uncollected", int(tot.orders_uncollected), tot.orders_uncollected],
      ["orders_returned", int(tot.orders_returned), tot.orders_returned],
      ["sales_vnd", int(tot.sales_vnd), tot.sales_vnd],
    ];
    for (const [key, text, value] of kpis) {
      const d = document.createElement("div");
      d.className = "kpi card";
      d.id = "kpi-" + key;
      d.dataset.value = String(value);
      const v = document.createElement("strong");
      v.textContent = text;
      const l = document.createElement("span");
      l.textContent = t(key);
      d.append(v, l);
      k.appendChild(d);
    }
    table($("products-table"), [t("product"), t("grade"), t("kg"), t("pieces"), t("value_vnd")],
      o.by_product.map((p) => ({ key: p.product_id + ":" + p.grade, cells: [
        { text: p.name }, { text: p.grade }, { text: kg(p.net_mg), cls: "num", value: p.net_mg },
        { text: int(p.pieces), cls: "num", value: p.pieces }, { text: int(p.value_vnd), cls: "num", value: p.value_vnd }] })));
    const rankOf = {};
    for (const r of o.ranking) rankOf[r.unit_id] = r.rank;
    const units = o.by_unit.slice().sort((a, b) => rankOf[a.unit_id] - rankOf[b.unit_id]);
    table($("units-table"), [t("rank"), t("unit"), t("farmers_active"), t("net_mg"), t("payouts_vnd"), t("orders_collected"), t("targets")],
      units.map((u) => ({ key: u.unit_id, cells: [
        { text: String(rankOf[u.unit_id]), cls: "num" }, { text: u.name },
        { text: int(u.farmers_active), cls: "num", value: u.farmers_active },
        { text: kg(u.net_mg), cls: "num", value: u.net_mg },
        { text: int(u.payouts_vnd), cls: "num", value: u.payouts_vnd },
        { text: int(u.orders_collected), cls: "num", value: u.orders_collected },
        { text: u.targets.length ? u.targets.map((g) => t(g.indicator) + ": " + Math.round(g.progress * 100) + "% · " + t(g.rag)).join("; ") : t("no_targets"),
          cls: "rag " + (u.targets.length ? "rag-" + worst(u.targets) : ""), value: u.targets.length ? worst(u.targets) : "" }] })));
    table($("org-table"), [t("kind"), t("organisation"), t("farmers_active"), t("dropoffs"), t("net_mg"), t("payouts_vnd")],
      o.by_organisation.map((g) => ({ key: g.kind + ":" + g.name, cells: [
        { text: t("org_" + g.kind) }, { text: g.name || t("org_none") },
        { text: int(g.farmers_active), cls: "num", value: g.farmers_active },
        { text: int(g.dropoffs), cls: "num", value: g.dropoffs },
        { text: kg(g.net_mg), cls: "num", value: g.net_mg },
        { text: int(g.payouts_vnd), cls: "num", value: g.payouts_vnd }] })));
    table($("po-table"), [t("post_office"), t("unit"), t("dropoffs"), t("net_mg"), t("payouts_vnd"), t("orders_collected"), t("orders_uncollected"), t("sales_vnd")],
      o.by_post_office.map((p) => ({ key: p.id, cells: [
        { text: p.name }, { text: p.unit_name }, { text: int(p.dropoffs), cls: "num", value: p.dropoffs },
        { text: kg(p.net_mg), cls: "num", value: p.net_mg }, { text: int(p.payouts_vnd), cls: "num", value: p.payouts_vnd },
        { text: int(p.orders_collected), cls: "num", value: p.orders_collected },
        { text: int(p.orders_uncollected), cls: "num", value: p.orders_uncollected },
        { text: int(p.sales_vnd), cls: "num", value: p.sales_vnd }] })));
    const q = query();
    const rp = new URLSearchParams({ year: $("to").value.slice(0, 4), lang });
    if ($("unit").value) rp.set("unit", $("unit").value);
    if ($("post-office").value) rp.set("post_office", $("post-office").value);
    $("report-link").href = "/dash/report?" + rp.toString();
    $("chart-products").src = "/api/v1/dash/charts/products.svg?" + q;
    $("chart-products").alt = t("chart_products");
    $("chart-units").src = "/api/v1/dash/charts/units.svg?" + q;
    $("chart-units").alt = t("chart_units");
  }

  function worst(targets) {
    if (targets.some((g) => g.rag === "red")) return "red";
    if (targets.some((g) => g.rag === "amber")) return "amber";
    return "green";
  }

  function query() {
    const p = new URLSearchParams({ from: $("from").value, to: $("to").value, lang });
    if ($("unit").value) p.set("unit", $("unit").value);
    if ($("post-office").value) p.set("post_office", $("post-office").value);
    return p.toString();
  }

  async function load() {
    $("overview-error").textContent = "";
    const r = await api("/api/v1/dash/overview?" + query());
    if (r.status === 401) return showLogin();
    if (r.status !== 200) { $("overview-error").textContent = r.status === 403 ? t("forbidden") : (r.body && r.body.error ? r.body.error.message : String(r.status)); return; }
    last = r.body;
    render(r.body);
    document.body.dataset.loaded = "overview";
    document.body.dataset.loads = String(Number(document.body.dataset.loads || 0) + 1);
  }

  function showLogin() {
    user = null;
    $("who").hidden = true;
    $("overview").hidden = true;
    $("login").hidden = false;
    document.body.dataset.loaded = "login";
  }

  document.addEventListener("DOMContentLoaded", async () => {
    const today = new Date(Date.now() + 7 * 3600 * 1000).toISOString().slice(0, 10);
    $("to").value = today;
    $("from").value = today.slice(0, 4) + "-01-01";
    $("target-year").value = today.slice(0, 4);
    document.querySelectorAll("[data-lang]").forEach((b) => b.addEventListener("click", () => {
      lang = b.dataset.lang;
      localStorage.setItem("hp.lang", lang);
      applyLang();
      if (user) loadChoices();
      if (user && !$("prices-editor").hidden) loadPrices();
    }));
    $("login-form").addEventListener("submit", async (e) => {
      e.preventDefault();
      $("login-error").textContent = "";
      const r = await api("/api/v1/dash/login", { method: "POST", body: { username: $("username").value, password: $("password").value } });
      if (r.status === 200) return signedIn(r.body);
      $("login-error").textContent = r.status === 429 ? t("throttled") : t("bad_credentials");
    });
    $("logout").addEventListener("click", async () => { await api("/api/v1/dash/logout", { method: "POST", body: {} }); showLogin(); });
    $("filters").addEventListener("submit", (e) => { e.preventDefault(); load(); });
    $("price-form").addEventListener("submit", async (e) => {
      e.preventDefault();
      const r = await api("/api/v1/dash/prices", { method: "POST", body: {
        product_id: $("price-product").value, grade: $("price-grade").value, price_vnd: Number($("price-value").value) } });
      $("price-status").textContent = r.status === 200 ? t("saved") : (r.body && r.body.error ? r.body.error.message : String(r.status));
      if (r.status === 200) loadPrices();
    });
    $("target-form").addEventListener("submit", async (e) => {
      e.preventDefault();
      const r = await api("/api/v1/dash/targets", { method: "POST", body: {
        unit_id: $("target-unit").value, year: Number($("target-year").value),
        indicator: $("target-indicator").value, target: Number($("target-value").value) } });
      $("target-status").textContent = r.status === 200 ? t("saved") : (r.body && r.body.error ? r.body.error.message : String(r.status));
      if (r.status === 200) load();
    });
    applyLang();
    const me = await api("/api/v1/dash/me");
    if (me.status === 200) signedIn(me.body); else showLogin();
  });
})();
