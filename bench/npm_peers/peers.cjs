// The receipt text print_bench prints (print_bench --dump-receipt FILE) through the npm
// receipt encoders people use today, and what an Epson printer would make of their bytes. Each
// row puts the kiosk's figure for the same receipt in this run (from RECEIPT.json) beside the
// peer's, with the ratio kiosk / peer.
//   node bench/npm_peers/peers.cjs RECEIPT.json NODE_MODULES_DIR
// Prints markdown rows `| benchmark | figure | baseline, same run | ratio | target |`.
'use strict';
const fs = require('fs');
const path = require('path');

const [receiptFile, modulesDir] = process.argv.slice(2);
if (!receiptFile || !modulesDir) {
  console.error('usage: node peers.cjs RECEIPT.json NODE_MODULES_DIR');
  process.exit(2);
}
const req = (name) => require(path.resolve(modulesDir, name));
const receipt = JSON.parse(fs.readFileSync(receiptFile, 'utf8'));
const lines = receipt.lines;
const kiosk = receipt.kiosk_text;  // median_ms, p99_ms, bytes, wrong
const expected = lines.map((l) => l.normalize('NFC'));

// Epson ESC t numbers whose tables TextDecoder knows (escpos-printer-db default profile).
const PAGES = {
  16: 'windows-1252', 17: 'ibm866', 45: 'windows-1250', 46: 'windows-1251', 47: 'windows-1253',
  48: 'windows-1254', 49: 'windows-1255', 50: 'windows-1256', 51: 'windows-1257', 52: 'windows-1258',
};

// Reads the text an Epson printer would print: skips the commands these encoders emit and
// decodes text bytes with the code page in force. Characters from pages without a known
// table (CP437, TCVN-3...) are unverified (not counted wrong) unless they are plain ASCII.
function readBack(bytes) {
  const out = [];
  let line = [];
  let page = 0;
  let unverified = 0;
  let i = 0;
  const flushText = (chunk) => {
    if (!chunk.length) return;
    const enc = PAGES[page];
    if (enc) {
      line.push(new TextDecoder(enc).decode(Uint8Array.from(chunk)));
    } else {
      for (const b of chunk) {
        if (b < 0x80) line.push(String.fromCharCode(b));
        else { line.push('\uE000'); unverified++; }
      }
    }
  };
  let chunk = [];
  const argLen = { 0x1b: { 0x40: 0, 0x61: 1, 0x45: 1, 0x47: 1, 0x21: 1, 0x2d: 1, 0x4d: 1, 0x74: 1, 0x64: 1, 0x4a: 1, 0x32: 0, 0x33: 1, 0x52: 1, 0x70: 3, 0x7b: 1, 0x56: 1, 0x20: 1 },
                   0x1d: { 0x21: 1, 0x42: 1, 0x68: 1, 0x77: 1, 0x48: 1, 0x66: 1, 0x4c: 2, 0x57: 2 } };
  while (i < bytes.length) {
    const b = bytes[i];
    if (b === 0x0a) { flushText(chunk); chunk = []; out.push(line.join('')); line = []; i++; continue; }
    if (b === 0x1b || b === 0x1d) {
      flushText(chunk); chunk = [];
      const c = bytes[i + 1];
      if (b === 0x1b && c === 0x74) page = bytes[i + 2];
      if (b === 0x1d && c === 0x56) { i += (bytes[i + 2] === 65 || bytes[i + 2] === 66) ? 4 : 3; continue; }
      const n = argLen[b][c];
      i += 2 + (n === undefined ? 0 : n);
      continue;
    }
    if (b < 0x20) { i++; continue; }
    chunk.push(b);
    i++;
  }
  flushText(chunk);
  if (line.length) out.push(line.join(''));
  return { lines: out, unverified };
}

function wrongChars(printed) {
  const got = printed.filter((l) => l.trim().length).map((l) => l.normalize('NFC'));
  const want = expected.filter((l) => l.trim().length);
  let wrong = 0;
  for (let k = 0; k < want.length; k++) {
    const a = Array.from(want[k].trim());
    const b = Array.from((got[k] || '').trim());
    for (let j = 0; j < Math.max(a.length, b.length); j++) if (a[j] !== b[j] && b[j] !== '\uE000') wrong++;
  }
  return wrong;
}

function bench(name, runs, encode) {
  const times = [];
  let bytes;
  for (let r = 0; r < runs; r++) {
    const t0 = process.hrtime.bigint();
    bytes = encode();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((x, y) => x - y);
  const median = times[Math.floor(times.length / 2)];
  const p99 = times[Math.min(times.length - 1, Math.floor(times.length * 0.99))];
  const back = readBack(Array.from(bytes));
  const questions = back.lines.join('').split('?').length - 1 - expected.join('').split('?').length + 1;
  const wrong = wrongChars(back.lines);
  const switches = (Buffer.from(bytes).toString('latin1').match(/\x1bt/g) || []).length;
  // Two significant digits however small (0.00055×), two decimals otherwise (1.07×).
  const ratio = (a, b) => (b > 0 ? `${a / b < 0.1 ? (a / b).toPrecision(2) : (a / b).toFixed(2)}×` : '-');
  const what = `receipt, 20 items, text: kiosk CP1258 (compose + encode) vs ${name}`;
  console.log(`| ${what}: median / p99 | ${kiosk.median_ms.toFixed(2)} ms / ${kiosk.p99_ms.toFixed(2)} ms | ` +
              `${median.toFixed(2)} ms / ${p99.toFixed(2)} ms | ${ratio(kiosk.median_ms, median)} / ${ratio(kiosk.p99_ms, p99)} | - |`);
  console.log(`| ${what}: bytes | ${kiosk.bytes} B | ${bytes.length} B | ${ratio(kiosk.bytes, bytes.length)} | - |`);
  console.log(`| ${what}: characters printed wrong (peer: '?' printed / wrong${back.unverified ? ', unverified: ' + back.unverified : ''}) | ` +
              `${kiosk.wrong} | ${questions} / ${wrong} (${switches} code-page selections) | - | 0 |`);
}

const ReceiptPrinterEncoder = req('@point-of-sale/receipt-printer-encoder');
const Encoder = ReceiptPrinterEncoder.default || ReceiptPrinterEncoder;
for (const cp of ['auto', 'windows1258', 'tcvn3']) {
  bench(`@point-of-sale/receipt-printer-encoder, ${cp}`, cp === 'auto' ? 30 : 200, () => {
    const e = new Encoder({ language: 'esc-pos', columns: 48, codepageMapping: 'epson' });
    e.initialize().codepage(cp);
    for (const l of lines) e.line(l);
    return e.cut().encode();
  });
}

const ntp = req('node-thermal-printer');
for (const set of ['WPC1258_VIETNAMESE', 'TCVN_VIETNAMESE', 'VISCII']) {
  bench(`node-thermal-printer, ${set}`, 200, () => {
    const p = new ntp.printer({ type: ntp.types.EPSON, width: 48, characterSet: ntp.CharacterSet[set] });
    for (const l of lines) p.println(l);
    p.cut();
    return p.getBuffer();
  });
}
