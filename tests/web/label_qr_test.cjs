// A buyer scans a label that a real kiosk printed. The kiosk binary, enrolled to a real
// kiosk-server, runs a scripted drop-off under Xvfb; the crate label it spools (ESC/POS, as
// the counter's printer gets it) is drawn by `kioskctl render`, its QR code read by zbar's own
// decoder (zbarimg), and Chromium opens the address the QR code holds.
//
// The kiosk prints the public address of its configuration (trace_base_url, here the shipped
// default host nongsan.haiphong.example): the test server cannot be that host, so an address
// on that host is opened on the test server's origin instead, path and query unchanged. Any
// other host fails the test.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { spawn, spawnSync } = require("node:child_process");
const { Centre } = require("./centre.cjs");
const { launch, shot, PHONE } = require("./browser.cjs");

const KIOSK = process.env.HP_KIOSK_BIN;
const KIOSKCTL = process.env.HP_KIOSKCTL_BIN;
const PUBLIC_HOST = "nongsan.haiphong.example";
const MEMBER = "HPM7K2M9QX4A";  // the demo farmer Nguyễn Văn An (shared/demo), as tests/demo scans him
const GTIN = "08934567890120";   // set on CA-CHUA at the centre: the label's address leads to the Digital Link
const POST_OFFICE = "po-an-duong";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Every QR code zbarimg finds in the picture of a spooled job.
function qrCodes(bin) {
  const png = bin.replace(/\.bin$/, ".png");
  const r = spawnSync(KIOSKCTL, ["render", bin, png, "--printer", "escpos-80"], { encoding: "utf8" });
  assert.equal(r.status, 0, `kioskctl render ${bin}: ${r.stdout}${r.stderr}`);
  const z = spawnSync("zbarimg", ["--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", png], { encoding: "utf8" });
  // zbarimg exits 4 when the picture holds no symbol of the kinds enabled.
  assert.ok(z.status === 0 || z.status === 4, `zbarimg ${png}: ${z.status} ${z.stderr}`);
  return { png, codes: z.stdout.split("\n").filter(Boolean) };
}

test("the traceability page of a lot printed at a kiosk, read from the QR code of the spooled label", async () => {
  const centre = new Centre("label");
  await centre.start();
  const work = fs.mkdtempSync(path.join(centre.dir, "kiosk-"));
  let kiosk = null;
  let browser = null;
  try {
    centre.admin(["product", "gtin", "--product", "CA-CHUA", "--gtin", GTIN]);
    const data = path.join(work, "data");
    const code = centre.admin(["enrol-code", "--post-office", POST_OFFICE]).pop();
    const enrol = spawnSync(KIOSK, ["--data", data, "--enrol", centre.origin, code, "--ca", path.join(centre.dir, "tls", "ca.pem")],
      { encoding: "utf8", timeout: 30000 });
    assert.equal(enrol.status, 0, `kiosk --enrol: ${enrol.stdout}${enrol.stderr}`);

    fs.writeFileSync(path.join(work, "kiosk.toml"), `trace_base_url = "https://${PUBLIC_HOST}/t/"\nprinter_dots = 576\nsound = false\n`);
    const go = path.join(work, "lot-at-centre");
    // 5 kg of tomatoes for the demo farmer; then push now, and stay until the test has seen the
    // lot at the centre.
    fs.writeFileSync(path.join(work, "clerk.script"), [
      "sign_in NV-0003 3333", `scan ${MEMBER}`, "tap product_CA-CHUA", "weigh 5000 stable", "tap add_item", "tap confirm",
      "tap tab_devices", "tap sync_now", `await ${go}`, "quit", ""].join("\n"));
    let output = "";
    kiosk = spawn("xvfb-run", ["-a", "-s", "-screen 0 1280x800x24 -nolisten tcp", KIOSK, "--data", data, "--demo",
      "--config", path.join(work, "kiosk.toml"), "--script", path.join(work, "clerk.script")], {
      detached: true, stdio: ["ignore", "pipe", "pipe"],
      env: Object.assign({}, process.env, { SDL_AUDIODRIVER: "dummy", LIBGL_ALWAYS_SOFTWARE: "1",
        ASAN_OPTIONS: "verify_asan_link_order=0:detect_leaks=0" }),
    });
    kiosk.stdout.on("data", (d) => { output += d; });
    kiosk.stderr.on("data", (d) => { output += d; });
    const exited = new Promise((r) => kiosk.on("exit", (c, sig) => r(sig || c)));

    // The label: the spooled job whose QR code holds a lot's address (the receipt's holds /d/).
    const spool = path.join(data, "spool");
    const seen = new Set();
    let label = null;
    for (const until = Date.now() + 90000; !label && Date.now() < until;) {
      if (kiosk.exitCode !== null) assert.fail(`the kiosk exited ${kiosk.exitCode} before printing a label:\n${output}`);
      for (const f of fs.existsSync(spool) ? fs.readdirSync(spool).filter((n) => n.endsWith(".bin")).sort() : []) {
        if (seen.has(f)) continue;
        seen.add(f);
        const q = qrCodes(path.join(spool, f));
        const url = q.codes.find((c) => /\/(t|01\/\d{14}\/10)\/[A-Za-z0-9]+$/.test(new URL(c, "https://x").pathname));
        if (url) label = { url, png: q.png };
      }
      if (!label) await sleep(200);
    }
    assert.ok(label, `no spooled label with a lot's address in its QR code after 90 s:\n${output}`);
    fs.mkdirSync(process.env.HP_WEB_ARTEFACTS, { recursive: true });
    fs.copyFileSync(label.png, path.join(process.env.HP_WEB_ARTEFACTS, "kiosk-label.png"));

    const printed = new URL(label.url);
    assert.equal(printed.protocol, "https:");
    assert.equal(printed.host, PUBLIC_HOST, `the label's address is on ${printed.host}, not the configured public host`);
    const lot = printed.pathname.split("/").pop();
    const opened = centre.origin + printed.pathname + printed.search;

    // The kiosk pushed at sync_now; the lot is at the centre once its address answers.
    for (const until = Date.now() + 30000; ;) {
      const r = await centre.request("GET", printed.pathname);
      if (r.status === 200 || r.status === 301) break;
      assert.ok(Date.now() < until, `lot ${lot} not at the centre 30 s after the drop-off (${r.status}):\n${output}`);
      await sleep(200);
    }
    fs.writeFileSync(go, "");
    assert.equal(await exited, 0, `the kiosk's session failed:\n${output}`);
    kiosk = null;

    browser = await launch(centre.spkiList());
    const ctx = await browser.newContext({ viewport: PHONE, javaScriptEnabled: false });
    const page = await ctx.newPage();
    const res = await page.goto(opened);
    assert.equal(res.status(), 200);
    assert.equal(new URL(page.url()).pathname, `/01/${GTIN}/10/${lot}`);
    assert.ok((await page.textContent("h1")).includes("Cà chua"));
    const facts = await page.$$eval("dl dt", (dts) => Object.fromEntries(dts.map((dt) => [dt.textContent, dt.nextElementSibling.textContent])));
    assert.equal(facts["Người trồng"], "An");               // the first name only
    assert.equal(facts["Tại bưu cục"], "Bưu cục An Dương");  // the kiosk's post office
    assert.equal(facts["Lô"], lot);
    assert.ok(!(await page.content()).includes("Nguyễn Văn An"));
    await shot(page, "trace-from-kiosk-label-phone");
    await ctx.close();
  } finally {
    if (browser) await browser.close();
    if (kiosk && kiosk.exitCode === null) process.kill(-kiosk.pid, "SIGKILL");
    assert.equal(await centre.stop(), 0);
  }
});
