// A pairing link as a QR code picture (an SVG data: URL the settings view shows), made with the
// QR encoder that qrcode-terminal already ships for the terminal's code.
import { createRequire } from 'node:module';

interface QRCodeLike {
  addData(s: string): void;
  make(): void;
  getModuleCount(): number;
  isDark(row: number, col: number): boolean;
}

const require = createRequire(import.meta.url);
const QRCode = require('qrcode-terminal/vendor/QRCode') as new (type: number, level: number) => QRCodeLike;
const { L } = require('qrcode-terminal/vendor/QRCode/QRErrorCorrectLevel') as { L: number };

export function qrSvgDataUrl(text: string): string {
  const qr = new QRCode(-1, L);
  qr.addData(text);
  qr.make();
  const n = qr.getModuleCount();
  const quiet = 4;
  let path = '';
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (qr.isDark(r, c)) path += `M${c + quiet} ${r + quiet}h1v1h-1z`;
  const size = n + 2 * quiet;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" shape-rendering="crispEdges"><rect width="100%" height="100%" fill="#fff"/><path d="${path}" fill="#000"/></svg>`;
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}
