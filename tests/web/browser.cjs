// Debian's Chromium, driven by playwright-core (tests/web/package-lock.json).
"use strict";
const path = require("node:path");
const fs = require("node:fs");

const { chromium } = require(path.join(process.env.HP_NODE_MODULES, "playwright-core"));
const SHOTS = process.env.HP_WEB_ARTEFACTS;

// The server's certificate comes from its own CA, which Chromium does not know. Rather than
// ignoring every certificate error, Chromium is told the public keys of exactly this server's
// CA and leaf (--ignore-certificate-errors-spki-list): another certificate still fails.
async function launch(spkiList) {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
           "--no-first-run", `--ignore-certificate-errors-spki-list=${spkiList.join(",")}`],
  });
}

async function shot(page, name) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

const DESKTOP = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };

module.exports = { launch, shot, DESKTOP, PHONE, SHOTS };
