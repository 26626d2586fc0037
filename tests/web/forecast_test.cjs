// Forecasts (docs/forecast.md) against a real `kiosk-server --demo` with its seasonal history:
// the API's lychee forecast is high for June and low for December, scope holds (403) and bad
// parameters are refused (400); then Chromium opens the page as the city officer from the
// dashboard's link and finds the chart and last season's error.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { Centre } = require("./centre.cjs");
const { launch, shot, DESKTOP, PHONE } = require("./browser.cjs");

const PASSWORD = "mật-khẩu-thử-1234";
const LYCHEE = "01924f80-0000-7000-8000-1000000000f1";  // server/dash/demo_history.hpp
const vnDate = (ms) => new Date(ms + 7 * 3600e3).toISOString().slice(0, 10);
const TODAY = vnDate(Date.now());

// The latest MM-DD on or before today: a forecast as of then uses the history before it.
function latest(mmdd) {
  const y = Number(TODAY.slice(0, 4));
  const d = `${y}-${mmdd}`;
  return d <= TODAY ? d : `${y - 1}-${mmdd}`;
}

let centre, browser, city, anhai;
const get = (session, q) => centre.request("GET", `/api/v1/dash/forecast${q}`, { headers: { Cookie: session.cookie } });
const total = (s) => s.forecast.reduce((a, p) => a + p.value, 0);

test.before(async () => {
  centre = new Centre("forecast", { history: true });
  await centre.start();
  centre.admin(["post-office", "add", "--id", "po-an-hai", "--name", "Bưu cục An Hải", "--unit", "vn-31-11617"]);
  centre.addStaff("city", "city", PASSWORD);
  centre.addStaff("anhai", "commune", PASSWORD, ["--unit", "vn-31-11617"]);
  city = await centre.signIn("city", PASSWORD);
  anhai = await centre.signIn("anhai", PASSWORD);
  browser = await launch(centre.spkiList());
});

test.after(async () => {
  if (browser) await browser.close();
  if (centre) assert.equal(await centre.stop(), 0, "kiosk-server did not stop cleanly");
});

test("lychee: forecast as of late May is high for June, as of late November low for December", async () => {
  const june = await get(city, `?product=${LYCHEE}&at=${latest("05-25")}`);
  assert.equal(june.status, 200, june.text);
  const j = june.json.dropoffs_kg;
  assert.equal(j.by_product.length, 1);
  assert.equal(j.by_product[0].name_vi, "Vải thiều");
  assert.equal(j.forecast.length, 4);
  // Weeks of the year 21 to 25 around the peak: thousands of kg across the city's post offices.
  assert.ok(total(j) > 4000, `June lychee forecast ${total(j)} kg`);
  assert.ok(["seasonal_naive", "holt_winters_additive"].includes(j.method), j.method);
  assert.equal(j.accuracy.metric, "mase");  // lychee has empty weeks: no MAPE
  assert.ok(j.accuracy.points >= 4 && j.accuracy.value !== null);
  assert.ok(june.json.history_weeks >= 60, `history ${june.json.history_weeks} weeks`);

  const dec = await get(city, `?product=${LYCHEE}&at=${latest("11-25")}`);
  assert.equal(dec.status, 200, dec.text);
  assert.ok(total(dec.json.dropoffs_kg) < 0.02 * total(j), `December lychee ${total(dec.json.dropoffs_kg)} kg`);
  assert.match(dec.json.origin.week, /^\d{4}-W\d\d$/);

  // Vegetables all year with a winter peak: cabbage forecast for December above June's.
  const cabbage = "01924f80-0000-7000-8000-100000000002";
  const cj = await get(city, `?product=${cabbage}&at=${latest("05-25")}`);
  const cd = await get(city, `?product=${cabbage}&at=${latest("11-25")}`);
  assert.ok(total(cd.json.dropoffs_kg) > 2 * total(cj.json.dropoffs_kg) && total(cj.json.dropoffs_kg) > 0);
  assert.equal(cd.json.dropoffs_kg.accuracy.metric, "mape");  // never an empty week
  // Orders have a forecast of their own, by post office too.
  assert.ok(total(dec.json.orders) > 0);
  assert.equal(dec.json.orders.by_post_office.length, dec.json.dropoffs_kg.by_post_office.length);
});

test("forecasts keep the overview's scope: a commune account reads only its own", async () => {
  const own = await get(anhai, "");
  assert.equal(own.status, 200, own.text);
  assert.deepEqual(own.json.dropoffs_kg.by_post_office.map((p) => p.post_office_id), ["po-an-hai"]);
  for (const q of ["?unit=vn-31-313", "?post_office=po-an-lao", "?unit=vn-31-11593", "?unit=no-such-unit"]) {
    const r = await get(anhai, q);
    assert.equal(r.status, 403, `${q}: ${r.text}`);
    assert.equal(r.json.error.code, "scope.forbidden");
  }
  const narrowed = await get(city, "?post_office=po-an-lao");
  assert.equal(narrowed.status, 200);
  assert.deepEqual(narrowed.json.dropoffs_kg.by_post_office.map((p) => p.post_office_id), ["po-an-lao"]);
  const none = await centre.request("GET", "/api/v1/dash/forecast");
  assert.equal(none.status, 401);
});

test("each forecast stands beside the year's target of its unit, with the weekly pace it asks", async () => {
  const before = await get(city, "?unit=vn-31-312");
  assert.equal(before.status, 200);
  assert.deepEqual(before.json.targets, []);
  // The forecast weeks' year: that of the origin week's Thursday (ISO 8601).
  const year = Number(vnDate(Date.parse(`${before.json.origin.monday}T00:00:00Z`) + 3 * 86400e3 - 7 * 3600e3).slice(0, 4));
  const set = await centre.request("POST", "/api/v1/dash/targets", {
    body: { unit_id: "vn-31-312", year, indicator: "dropoff_kg", target: 52000 },
    headers: { Cookie: city.cookie, Origin: centre.origin, "X-CSRF-Token": city.csrf } });
  assert.equal(set.status, 200, set.text);
  const after = await get(city, "?unit=vn-31-312");
  assert.deepEqual(after.json.targets.map((x) => [x.unit_id, x.indicator, x.target, x.weekly_pace]),
    [["vn-31-312", "dropoff_kg", 52000, 1000]]);
  // A commune elsewhere does not see An Dương's target.
  assert.deepEqual((await get(anhai, "")).json.targets, []);
});

test("bad parameters get 400 and a message", async () => {
  for (const [q, code] of [["?at=2026-13-01", "forecast.at"], ["?at=yesterday", "forecast.at"], ["?at=2999-01-01", "forecast.at"],
                           ["?at=1999-12-31", "forecast.at"], ["?product=no-such-product", "forecast.product"],
                           ["?product=%27%3B--", "forecast.product"]]) {
    const r = await get(city, q);
    assert.equal(r.status, 400, `${q}: ${r.text}`);
    assert.equal(r.json.error.code, code);
    assert.ok(r.json.error.message.length > 0);
  }
});

test("the city officer opens the forecast page from the dashboard and sees the chart and last season's error", async () => {
  for (const [viewport, name] of [[DESKTOP, "forecast-1366x768"], [PHONE, "forecast-phone"]]) {
    const ctx = await browser.newContext({ viewport, locale: "vi-VN" });
    const page = await ctx.newPage();
    await page.goto(`${centre.origin}/dash/`);
    await page.waitForSelector("body[data-loaded=login]");
    await page.fill("#username", "city");
    await page.fill("#password", PASSWORD);
    await page.click("#login-form button[type=submit]");
    await page.waitForSelector("body[data-loaded=overview]");
    await page.click("#nav-forecast");
    await page.waitForSelector("body[data-loaded='1']");
    assert.equal(await page.textContent("h1"), "Dự báo 4 tuần tới");
    assert.equal(await page.locator("#fc-chart svg path.hist").count(), 1);
    assert.equal(await page.locator("#fc-chart svg path.fc").count(), 1);
    assert.equal(await page.locator("#fc-chart svg circle.fcdot").count(), 4);
    assert.match(await page.textContent("#fc-accuracy"), /^(MAPE \d+(,\d)? %|MASE \d+,\d\d)$/);
    assert.equal(await page.locator("#fc-weeks tbody tr").count(), 4);
    // Every product with history is listed with its own error; lychee's is a MASE.
    const lychee = page.locator(`#fc-products tr[data-key="${LYCHEE}"]`);
    assert.match(await lychee.textContent(), /Vải thiều.*MASE/);
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), "no sideways scroll");
    if (viewport === DESKTOP) {
      // An Dương's target beside its forecast, and its weekly pace drawn on the chart.
      await page.selectOption("#fc-unit", "vn-31-312");
      await page.click("#fc-filters button[type=submit]");
      await page.waitForSelector("#fc-chart svg line.pace", { state: "attached" });
      assert.match(await page.textContent("#fc-targets tbody"), /An Dương.*52\.000.*1\.000,0/);
      assert.match(await page.textContent("#fc-pace"), /^1\.000,0 kg$/);
      await shot(page, "forecast-1366x768-an-duong");
      await page.selectOption("#fc-unit", "");
      await page.click("#fc-filters button[type=submit]");
      await page.waitForFunction(() => !document.querySelector("#fc-chart svg line.pace"));
      // Choosing lychee from its row redraws the chart for it; English switches the labels.
      await lychee.click();
      await page.waitForFunction(() => document.getElementById("fc-chart-title").textContent.includes("Vải thiều"));
      await page.click("[data-lang=en]");
      assert.equal(await page.textContent("h1"), "Forecasts for the coming 4 weeks");
      assert.match(await page.textContent("#fc-accuracy"), /^(MASE \d+\.\d\d|not enough data)$/);
      await page.click("[data-lang=vi]");
    }
    await shot(page, name);
    await ctx.close();
  }
});
