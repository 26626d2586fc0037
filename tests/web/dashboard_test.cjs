// The dashboard in real Chromium against a real kiosk-server: sign-in per role and its
// scope, figures equal to those computed here from the events pushed as kiosks push them,
// the access rules through the API, and the public traceability page of a lot.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");
const { spawnSync } = require("node:child_process");
const { Centre, uuid7, onPostgres } = require("./centre.cjs");
const { launch, shot, DESKTOP, PHONE, SHOTS } = require("./browser.cjs");

const PASSWORD = "mật-khẩu-thử-1234";
// Dates in Vietnam's time (UTC+7). The period starts two days back: every event below is
// from the last few hours, so it lies in the period whatever day the suite runs.
const vnDate = (ms) => new Date(ms + 7 * 3600e3).toISOString().slice(0, 10);
const vnMidnight = (date) => Date.parse(`${date}T00:00:00Z`) - 7 * 3600e3;
const TODAY = vnDate(Date.now());
const YEAR = TODAY.slice(0, 4);
const FROM = vnDate(Date.now() - 2 * 86400e3);
const PERIOD = [vnMidnight(FROM), vnMidnight(TODAY) + 86400e3];
const YEAR_START = vnMidnight(`${YEAR}-01-01`);
const TOMATO = "01924f80-0000-7000-8000-100000000001";  // CA-CHUA in the demo catalogue
const CABBAGE = "01924f80-0000-7000-8000-100000000002";
const GTIN = "08934567890120";  // a valid GTIN-14 check digit, set on CA-CHUA for the test

let centre, browser;
const pushed = [];  // {po, kind, payload, at}
let ordersByPo = {};
let anDuong = null;  // the kiosk at po-an-duong and its pull cursor after the setup

function valid(g) {
  let s = 0;
  for (let i = 0; i < 13; i++) s += Number(g[i]) * (i % 2 === 0 ? 3 : 1);
  return (10 - (s % 10)) % 10 === Number(g[13]);
}

// What the overview must show for a set of post offices, computed from what was pushed.
function expected(pos, [from, to] = PERIOD) {
  const inside = (t) => t >= from && t < to;
  const e = { farmers_registered: 0, farmers_active: new Set(), dropoffs: 0, net_mg: 0, payouts_vnd: 0,
              orders_collected: 0, orders_uncollected: 0, orders_returned: 0, sales_vnd: 0 };
  for (const p of pushed) {
    if (!pos.includes(p.po) || !inside(p.at)) continue;
    if (p.kind === "farmer.registered") e.farmers_registered += 1;
    if (p.kind === "dropoff.committed") {
      e.dropoffs += 1;
      e.farmers_active.add(p.payload.farmer_id);
      e.payouts_vnd += p.payload.total;
      for (const it of p.payload.items) e.net_mg += it.net_mg;
    }
  }
  for (const po of pos)
    for (const o of ordersByPo[po] || []) {
      if (o.status === "collected" && inside(o.collected_at)) { e.orders_collected += 1; e.sales_vnd += o.total_vnd; }
      else if (o.status === "returned" && inside(o.returned_at)) e.orders_returned += 1;
      else if (o.status === "ready") e.orders_uncollected += 1;
    }
  e.farmers_active = e.farmers_active.size;
  return e;
}

const FARMERS = [
  { po: "po-an-duong", name: "Nguyễn Thị Hạnh", phone: "0911000001", commune: "An Đồng", district: "An Dương" },
  { po: "po-an-hai", name: "Trần Văn Khoa", phone: "0911000002", commune: "An Hải", district: "" },
  { po: "po-an-phong", name: "Lê Thị Mận", phone: "0911000003", commune: "An Phong", district: "" },
  { po: "po-an-lao", name: "Phạm Văn Bình", phone: "0911000004", commune: "An Lão", district: "" },
];

test.before(async () => {
  centre = new Centre("dash");
  await centre.start();
  centre.admin(["post-office", "add", "--id", "po-an-hai", "--name", "Bưu cục An Hải", "--unit", "vn-31-11617"]);
  centre.admin(["post-office", "add", "--id", "po-an-phong", "--name", "Bưu cục An Phong", "--unit", "vn-31-11593"]);
  centre.addStaff("city", "city", PASSWORD);
  centre.addStaff("andistrict", "district", PASSWORD, ["--unit", "vn-31-312"]);
  centre.addStaff("anhai", "commune", PASSWORD, ["--unit", "vn-31-11617"]);
  centre.addStaff("anlao.pm", "post_office", PASSWORD, ["--post-office", "po-an-lao"]);
  centre.addStaff("throttled", "city", PASSWORD);
  assert.ok(valid(GTIN));
  centre.admin(["product", "gtin", "--product", "CA-CHUA", "--gtin", GTIN]);

  // Each post office's kiosk registers a farmer and brings in drop-offs over the year.
  const now = Date.now();
  let n = 0;
  for (const f of FARMERS) {
    const k = await centre.enrolKiosk(f.po);
    const regAt = now - 4 * 3600e3;
    const farmerId = uuid7(regAt);
    const reg = { id: farmerId, member_code: "", name: f.name, phone: f.phone, commune: f.commune, district: f.district,
                  branch: `Chi hội Nông dân ${f.commune}`, cooperative: f.po === "po-an-duong" ? "HTX Nông nghiệp An Đồng" : "", created_at: regAt };
    const events = [k.event("farmer.registered", farmerId, reg, regAt)];
    pushed.push({ po: f.po, kind: "farmer.registered", payload: reg, at: regAt });
    for (let d = 0; d < 3; d++) {
      n += 1;
      const at = now - (d + 1) * 3600e3 - n * 1000;
      const id = uuid7(at);
      const items = [
        { id: uuid7(at), product_id: TOMATO, product_name: "Cà chua", grade: d % 2 ? "B" : "A", unit: "kg",
          gross_mg: 10500000 + n * 1000, tare_mg: 500000, net_mg: 10000000 + n * 1000, pieces: 0, unit_price: 22000,
          value: 220000 + n * 22, lot_id: uuid7(at), lot_code: `HPL${String(n).padStart(10, "0")}` },
        { id: uuid7(at), product_id: CABBAGE, product_name: "Bắp cải", grade: "A", unit: "kg",
          gross_mg: 5200000, tare_mg: 200000, net_mg: 5000000 + n, pieces: 0, unit_price: 12000,
          value: 60000, lot_id: uuid7(at), lot_code: `HPM${String(n).padStart(10, "0")}` },
      ];
      const payload = { id, farmer_id: farmerId, farmer_name: f.name, clerk: "Thử", kiosk_id: "k", created_at: at,
                        total: items.reduce((s, i) => s + i.value, 0), items };
      events.push(k.event("dropoff.committed", id, payload, at));
      pushed.push({ po: f.po, kind: "dropoff.committed", payload, at });
    }
    await k.push(events);
    if (f.po === "po-an-duong") {
      // Collect two demo orders and return one, as the counter would; then read every order.
      const pull = await centre.request("POST", "/api/v1/pull", { body: { cursor: null, limit: 1000 }, headers: { Authorization: `Bearer ${k.credential}` } });
      const orders = pull.json.changes.filter((c) => c.entity === "order").map((c) => c.data).filter((o) => o.status === "ready");
      const done = [];
      for (const o of orders.slice(0, 2)) {
        const pid = uuid7();
        done.push(k.event("pickup.recorded", pid, { id: pid, order_id: o.id, pickup_code: o.pickup_code, buyer_name: o.buyer_name,
          method: "cash", amount_paid: o.amount_due_vnd, clerk: "Thử", kiosk_id: "k", collected_at: now - 3600e3 }, now - 3600e3));
      }
      done.push(k.event("order.returned", orders[2].id, { order_id: orders[2].id, returned_at: now - 1800e3, clerk: "Thử" }, now - 1800e3));
      await k.push(done);
      const after = await centre.request("POST", "/api/v1/pull", { body: { cursor: null, limit: 1000 }, headers: { Authorization: `Bearer ${k.credential}` } });
      ordersByPo["po-an-duong"] = after.json.changes.filter((c) => c.entity === "order").map((c) => c.data);
      assert.equal(after.json.more, false);
      anDuong = { kiosk: k, cursor: after.json.cursor };
    }
  }
  browser = await launch(centre.spkiList());
});

test.after(async () => {
  if (browser) await browser.close();
  if (centre) assert.equal(await centre.stop(), 0, "kiosk-server did not stop cleanly");
});

async function signInPage(username, viewport, loginShot) {
  const ctx = await browser.newContext({ viewport, locale: "vi-VN" });
  const page = await ctx.newPage();
  await page.goto(`${centre.origin}/dash/`);
  await page.waitForSelector("body[data-loaded=login]");
  if (loginShot) await shot(page, loginShot);
  await page.fill("#username", username);
  await page.fill("#password", PASSWORD);
  await page.click("#login-form button[type=submit]");
  await page.waitForSelector("body[data-loaded=overview]");
  // The period under test, set as a user would.
  const loads = await page.getAttribute("body", "data-loads");
  await page.fill("#from", FROM);
  await page.fill("#to", TODAY);
  await page.click("#filters button[type=submit]");
  await page.waitForFunction((n) => document.body.dataset.loads !== n, loads);
  return { ctx, page };
}

async function kpis(page) {
  const out = {};
  for (const el of await page.$$(".kpi")) {
    const id = (await el.getAttribute("id")).slice(4);
    out[id] = Number(await el.getAttribute("data-value"));
  }
  return out;
}

const ROLES = [
  { user: "city", pos: ["po-an-duong", "po-an-hai", "po-an-lao", "po-an-phong", "po-kien-thuy", "po-thuy-nguyen", "po-tien-lang", "po-vinh-bao"] },
  { user: "andistrict", pos: ["po-an-duong", "po-an-hai", "po-an-phong"] },
  { user: "anhai", pos: ["po-an-hai"] },
  { user: "anlao.pm", pos: ["po-an-lao"] },
];

for (const role of ROLES) {
  test(`${role.user} signs in and sees only their scope, with figures equal to the pushed events`, async () => {
    const { ctx, page } = await signInPage(role.user, DESKTOP);
    const rows = await page.$$eval("#po-table tbody tr", (trs) => trs.map((tr) => tr.dataset.key));
    assert.deepEqual(rows.sort(), role.pos);
    const want = expected(role.pos);
    const got = await kpis(page);
    for (const [k, v] of Object.entries(want)) assert.equal(got[k], v, `${role.user}: ${k}`);
    // The product table adds up to the same kg.
    const kg = await page.$$eval("#products-table tbody tr td:nth-child(3)", (tds) => tds.reduce((s, td) => s + Number(td.dataset.value), 0));
    assert.equal(kg, want.net_mg);
    // By organisation: each drop-off counts once under a branch and once under a cooperative.
    for (const kind of ["branch", "cooperative"]) {
      const kgs = await page.$$eval(`#org-table tbody tr[data-key^="${kind}:"] td:nth-child(5)`, (tds) => tds.map((td) => Number(td.dataset.value)));
      assert.equal(kgs.reduce((a, b) => a + b, 0), want.net_mg, `${role.user}: ${kind}`);
    }
    if (role.pos.includes("po-an-duong")) {
      const coop = await page.$eval('#org-table tbody tr[data-key="cooperative:HTX Nông nghiệp An Đồng"] td:nth-child(5)', (td) => Number(td.dataset.value));
      assert.equal(coop, expected(["po-an-duong"]).net_mg);
    }
    // Charts are server-rendered SVG images that loaded.
    const charts = await page.$$eval(".charts img", (imgs) => imgs.map((i) => i.complete && i.naturalWidth > 0));
    assert.deepEqual(charts, [true, true]);
    assert.ok((await page.textContent("#who-scope")).length > 0);
    if (!onPostgres) await shot(page, `overview-${role.user}-1366x768`);
    await ctx.close();
  });
}

test("on a phone the overview fits the width, and English is one click away", async () => {
  const { ctx, page } = await signInPage("anhai", PHONE, "login-phone");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px wider than the phone`);
  await shot(page, "overview-anhai-phone-vi");
  await page.click("button[data-lang=en]");
  assert.equal(await page.textContent("header h1"), "Programme dashboard");
  assert.equal(await page.textContent("#kpi-dropoffs span"), "Drop-offs");
  await shot(page, "overview-anhai-phone-en");
  await ctx.close();
});

test("the city officer sets a yearly target on the page; the unit gets its red/amber/green mark", async () => {
  const { ctx, page } = await signInPage("city", DESKTOP, "login-1366x768");
  await page.selectOption("#target-unit", "vn-31-11617");
  await page.selectOption("#target-indicator", "dropoff_kg");
  await page.fill("#target-value", "1000000");
  await page.click("#target-form button[type=submit]");
  await page.waitForFunction(() => document.querySelector("#units-table tr[data-key='vn-31-11617'] td.rag-red"));
  await shot(page, "targets-city-1366x768");
  await ctx.close();
  const s = await centre.signIn("city", PASSWORD);
  const t = await centre.request("GET", `/api/v1/dash/targets?year=${YEAR}`, { headers: { Cookie: s.cookie } });
  assert.deepEqual(t.json.targets.map((x) => [x.unit_id, x.indicator, x.target]), [["vn-31-11617", "dropoff_kg", 1000000]]);
  // A commune officer may read the target of their unit, but not set one.
  const c = await centre.signIn("anhai", PASSWORD);
  const o = await centre.request("GET", `/api/v1/dash/overview?from=${FROM}&to=${TODAY}`, { headers: { Cookie: c.cookie } });
  const mine = o.json.by_unit.find((u) => u.unit_id === "vn-31-11617");
  // Targets count the year so far, whatever period is shown.
  assert.equal(mine.targets[0].actual, Math.floor(expected(["po-an-hai"], [YEAR_START, PERIOD[1]]).net_mg / 1e6));
  assert.equal(mine.targets[0].rag, "red");
  const set = await centre.request("POST", "/api/v1/dash/targets", {
    body: { unit_id: "vn-31-11617", year: Number(YEAR), indicator: "dropoff_kg", target: 1 },
    headers: { Cookie: c.cookie, "X-CSRF-Token": c.csrf, Origin: centre.origin } });
  assert.equal(set.status, 403);
});

test("API: a commune user cannot read another commune's data, a post office manager another post office's", async () => {
  const c = await centre.signIn("anhai", PASSWORD);
  const get = (s, q) => centre.request("GET", `/api/v1/dash/overview?from=${FROM}&to=${TODAY}${q}`, { headers: { Cookie: s.cookie } });
  assert.equal((await get(c, "&unit=vn-31-11593")).status, 403);
  assert.equal((await get(c, "&post_office=po-an-phong")).status, 403);
  assert.equal((await get(c, "&unit=vn-31-312")).status, 403);
  const own = await get(c, "&unit=vn-31-11617");
  assert.equal(own.status, 200);
  assert.deepEqual(own.json.by_post_office.map((p) => p.id), ["po-an-hai"]);
  const chart = await centre.request("GET", `/api/v1/dash/charts/units.svg?post_office=po-an-phong`, { headers: { Cookie: c.cookie } });
  assert.equal(chart.status, 403);

  const pm = await centre.signIn("anlao.pm", PASSWORD);
  assert.equal((await get(pm, "&post_office=po-an-duong")).status, 403);
  assert.equal((await get(pm, "&unit=vn-31-312")).status, 403);
  const mine = await get(pm, "");
  assert.deepEqual(mine.json.by_post_office.map((p) => p.id), ["po-an-lao"]);
  assert.equal(mine.json.totals.dropoffs, expected(["po-an-lao"]).dropoffs);

  const anon = await centre.request("GET", `/api/v1/dash/overview`);
  assert.equal(anon.status, 401);
});

test("sessions: cookie flags, CSRF and Origin checks, logout, only a hash stored", async () => {
  const s = await centre.signIn("city", PASSWORD);
  assert.match(s.setCookie, /^__Host-hp_session=hps_[^;]+; Path=\/; Secure; HttpOnly; SameSite=Strict; Max-Age=\d+$/);
  const body = { unit_id: "vn-31-312", year: Number(YEAR), indicator: "sales_vnd", target: 5 };
  const post = (headers) => centre.request("POST", "/api/v1/dash/targets", { body, headers: Object.assign({ Cookie: s.cookie }, headers) });
  assert.equal((await post({ Origin: centre.origin })).status, 403);                                  // no token
  assert.equal((await post({ Origin: centre.origin, "X-CSRF-Token": (s.csrf[0] === "x" ? "y" : "x") + s.csrf.slice(1) })).status, 403);
  assert.equal((await post({ Origin: "https://evil.example", "X-CSRF-Token": s.csrf })).status, 403);
  assert.equal((await post({ "X-CSRF-Token": s.csrf })).status, 403);                                 // no Origin
  assert.equal((await post({ Origin: centre.origin, "X-CSRF-Token": s.csrf })).status, 200);
  const noOrigin = await centre.request("POST", "/api/v1/dash/login", { body: { username: "city", password: PASSWORD } });
  assert.equal(noOrigin.status, 403);

  const token = s.cookie.split("=")[1];
  const stored = centre.storedText();
  // What is there instead: the token's SHA-256 (so the search did look at the sessions).
  assert.ok(stored.includes(crypto.createHash("sha256").update(token).digest("hex")), "no session hash found");
  assert.ok(!stored.includes(token), "the session token is stored in the clear");
  assert.ok(!stored.includes(PASSWORD), "the password is stored in the clear");
  assert.ok(stored.includes("$argon2id$"));

  assert.equal((await centre.request("POST", "/api/v1/dash/logout", { body: {}, headers: { Cookie: s.cookie, Origin: centre.origin, "X-CSRF-Token": s.csrf } })).status, 200);
  assert.equal((await centre.request("GET", "/api/v1/dash/me", { headers: { Cookie: s.cookie } })).status, 401);
});

test("sign-in is throttled after five failures for a user name", async () => {
  const login = (password) => centre.request("POST", "/api/v1/dash/login", { body: { username: "throttled", password }, headers: { Origin: centre.origin } });
  for (let i = 0; i < 5; i++) assert.equal((await login("wrong-password-" + i)).status, 401);
  const r = await login(PASSWORD);
  assert.equal(r.status, 429);
  assert.ok(Number(r.headers["retry-after"]) > 0);
});

test("the traceability page of a lot: from the label's /t/ address to its GS1 Digital Link, no script, nothing private", async () => {
  const lot = pushed.find((p) => p.kind === "dropoff.committed" && p.po === "po-an-duong").payload.items[0];
  const ctx = await browser.newContext({ viewport: PHONE, javaScriptEnabled: false });
  const page = await ctx.newPage();
  const requests = [];
  page.on("request", (r) => requests.push(r.url()));
  const res = await page.goto(`${centre.origin}/t/${lot.lot_code}`);
  assert.equal(res.status(), 200);
  assert.equal(new URL(page.url()).pathname, `/01/${GTIN}/10/${lot.lot_code}`);
  const text = await page.textContent("main");
  for (const want of ["Cà chua", `loại ${lot.grade}`, "Hạnh", "An Đồng", "HTX Nông nghiệp An Đồng", "Bưu cục An Dương", lot.lot_code]) assert.ok(text.includes(want), `page lacks ${want}`);
  for (const secret of ["Nguyễn Thị Hạnh", "0911000001"]) assert.ok(!text.includes(secret) && !(await page.content()).includes(secret), `page shows ${secret}`);
  // One document (the redirect, then the page): no script, style sheet or image fetched.
  assert.deepEqual(requests.map((u) => new URL(u).pathname), [`/t/${lot.lot_code}`, `/01/${GTIN}/10/${lot.lot_code}`]);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0);
  await shot(page, "trace-phone");
  await page.setViewportSize(DESKTOP);
  await shot(page, "trace-1366x768");
  await ctx.close();
  const wrong = await centre.request("GET", `/01/08934567890113/10/${lot.lot_code}`);
  assert.equal(wrong.status, 404);
  const unknown = await centre.request("GET", "/t/HPL9999999999");
  assert.equal(unknown.status, 404);
});

test("the yearly report in one click: figures for the year, amounts in words, A4 PDF with every Vietnamese word intact, CSV", async () => {
  const { ctx, page } = await signInPage("city", DESKTOP);
  const [report] = await Promise.all([ctx.waitForEvent("page"), page.click("#report-link")]);
  await report.waitForLoadState();
  assert.equal(new URL(report.url()).pathname, "/dash/report");
  const all = ROLES[0].pos;
  const year = expected(all, [YEAR_START, vnMidnight(`${Number(YEAR) + 1}-01-01`)]);
  const summary = await report.$$eval("main table:first-of-type tr", (trs) => trs.map((tr) => tr.innerText));
  const vnInt = (n) => new Intl.NumberFormat("vi-VN").format(n);
  assert.ok(summary.some((l) => l.includes("Chi trả cho nông dân") && l.includes(vnInt(year.payouts_vnd))), summary.join("|"));
  assert.ok(summary.some((l) => l.includes("Doanh số") && l.includes(vnInt(year.sales_vnd))));
  const words = await report.$$eval("tr.words td", (tds) => tds.map((td) => td.textContent));
  assert.equal(words.length, 2);
  for (const w of words) assert.match(w, /^Bằng chữ: [A-ZĐ][a-zàáảãạăắằẳẵặâấầẩẫậèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵđ ]+ đồng$/u);

  // Printed by Chromium to A4, then read back by an independent tool (poppler's pdftotext).
  fs.mkdirSync(SHOTS, { recursive: true });
  const pdf = path.join(SHOTS, "report.pdf");
  await report.pdf({ path: pdf, format: "A4", printBackground: true });
  const text = spawnSync("pdftotext", ["-enc", "UTF-8", pdf, "-"], { encoding: "utf8" });
  assert.equal(text.status, 0, text.stderr);
  const flat = (s) => s.normalize("NFC").replace(/\s+/g, " ").trim();
  const printed = flat(text.stdout);
  const lines = await report.$$eval("h1, h2, .meta, tr.words td, main td:nth-child(2), main th", (els) => els.map((e) => e.textContent));
  for (const l of lines.map(flat).filter((l) => /[^\x00-\x7f]/.test(l))) assert.ok(printed.includes(l), `the PDF lacks "${l}"`);
  await shot(report, "report-1366x768");
  await ctx.close();

  // The CSV of a table holds the same figures, as UTF-8 with a BOM.
  const s = await centre.signIn("city", PASSWORD);
  const csv = await centre.request("GET", `/api/v1/dash/report.csv?year=${YEAR}&table=post_offices`, { headers: { Cookie: s.cookie } });
  assert.equal(csv.status, 200);
  assert.match(csv.headers["content-type"], /^text\/csv/);
  assert.ok(csv.text.startsWith("\ufeff"));
  const rows = csv.text.slice(1).trim().split("\r\n").map((r) => r.split(","));
  const col = rows[0].indexOf("net_mg");
  assert.equal(rows.slice(1).reduce((a, r) => a + Number(r[col]), 0), year.net_mg);
  assert.ok(rows.some((r) => r[1] === "Bưu cục An Dương"));
  const c = await centre.signIn("anhai", PASSWORD);
  const other = await centre.request("GET", `/api/v1/dash/report.csv?year=${YEAR}&table=units&unit=vn-31-11593`, { headers: { Cookie: c.cookie } });
  assert.equal(other.status, 403);
  const page403 = await centre.request("GET", `/dash/report?year=${YEAR}&post_office=po-an-phong`, { headers: { Cookie: c.cookie } });
  assert.equal(page403.status, 403);
});

test("a price changed on the page reaches a kiosk with its next pull; a post office manager cannot change one", async () => {
  const { ctx, page } = await signInPage("city", DESKTOP);
  await page.waitForSelector("#prices-table tbody tr[data-key='CA-CHUA']");
  await page.selectOption("#price-product", TOMATO);
  await page.selectOption("#price-grade", "B");
  await page.fill("#price-value", "17500");
  await page.click("#price-form button[type=submit]");
  await page.waitForFunction(() => document.querySelector("#price-status").textContent === "Đã lưu");
  await page.waitForFunction(() => document.querySelector("#prices-table tr[data-key='CA-CHUA'] td:nth-child(3)").dataset.value === "17500");
  await shot(page, "prices-city-1366x768");
  await ctx.close();
  // The kiosk pulls from where it stopped, as its sync client does.
  const r = await centre.request("POST", "/api/v1/pull", { body: { cursor: anDuong.cursor, limit: 1000 }, headers: { Authorization: `Bearer ${anDuong.kiosk.credential}` } });
  assert.equal(r.status, 200);
  assert.equal(r.json.reset, false);
  const tomato = r.json.changes.filter((c) => c.entity === "product" && c.id === TOMATO).pop();
  assert.ok(tomato, "the kiosk did not get the product change");
  assert.deepEqual(tomato.data.prices.map((g) => [g.grade, g.price_vnd]), [["A", 22000], ["B", 17500], ["C", 12000]]);
  assert.equal(tomato.data.gtin, GTIN);
  const pm = await centre.signIn("anlao.pm", PASSWORD);
  const denied = await centre.request("POST", "/api/v1/dash/prices", { body: { product_id: TOMATO, grade: "A", price_vnd: 1 },
    headers: { Cookie: pm.cookie, "X-CSRF-Token": pm.csrf, Origin: centre.origin } });
  assert.equal(denied.status, 403);
});
