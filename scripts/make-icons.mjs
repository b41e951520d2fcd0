// Renders build/icon.svg into the sizes the installers need, with Debian's Chromium: PNGs for
// Linux (build/icons/NxN.png) and the 512 px build/icon.png, an ICO for Windows and an ICNS for
// macOS (both hold PNGs, written here without other tools). Run after changing the SVG:
//   node scripts/make-icons.mjs
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const BUILD = path.resolve('build');
const SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox'] });
const svg = fs.readFileSync(path.join(BUILD, 'icon.svg'), 'utf8');
/** @type {Map<number, Buffer>} */
const png = new Map();
for (const size of SIZES) {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`);
  png.set(size, await page.screenshot({ omitBackground: true, type: 'png' }));
  await page.close();
}
await browser.close();
/** @param {number} size */
const pngOf = (size) => {
  const b = png.get(size);
  if (!b) throw new Error(`no ${size} px rendering`);
  return b;
};

fs.mkdirSync(path.join(BUILD, 'icons'), { recursive: true });
for (const size of SIZES.filter((s) => s <= 512)) fs.writeFileSync(path.join(BUILD, 'icons', `${size}x${size}.png`), pngOf(size));
fs.writeFileSync(path.join(BUILD, 'icon.png'), pngOf(512));

// ICO: a directory of PNG images (Windows Vista and later read PNG entries).
const ico = [16, 24, 32, 48, 64, 128, 256];
const header = Buffer.alloc(6 + 16 * ico.length);
header.writeUInt16LE(0, 0);
header.writeUInt16LE(1, 2);
header.writeUInt16LE(ico.length, 4);
let offset = header.length;
ico.forEach((size, i) => {
  const data = pngOf(size);
  const e = 6 + 16 * i;
  header.writeUInt8(size >= 256 ? 0 : size, e);
  header.writeUInt8(size >= 256 ? 0 : size, e + 1);
  header.writeUInt16LE(1, e + 4);
  header.writeUInt16LE(32, e + 6);
  header.writeUInt32LE(data.length, e + 8);
  header.writeUInt32LE(offset, e + 12);
  offset += data.length;
});
fs.writeFileSync(path.join(BUILD, 'icon.ico'), Buffer.concat([header, ...ico.map(pngOf)]));

// ICNS: typed chunks of PNG data (ic07 128, ic08 256, ic09 512, ic10 1024 = 512@2x).
const chunks = [['ic07', 128], ['ic08', 256], ['ic09', 512], ['ic10', 1024]].map(([type, size]) => {
  const data = pngOf(/** @type {number} */ (size));
  const head = Buffer.alloc(8);
  head.write(/** @type {string} */ (type), 0, 'ascii');
  head.writeUInt32BE(data.length + 8, 4);
  return Buffer.concat([head, data]);
});
const total = 8 + chunks.reduce((n, c) => n + c.length, 0);
const icnsHead = Buffer.alloc(8);
icnsHead.write('icns', 0, 'ascii');
icnsHead.writeUInt32BE(total, 4);
fs.writeFileSync(path.join(BUILD, 'icon.icns'), Buffer.concat([icnsHead, ...chunks]));
process.stdout.write(`icons written to ${BUILD}\n`);
