// 100,000 dummy recordings (a few bytes each, named like camera files) in 100 camera folders,
// made once per machine and reused: scrolling tests need the count, not the pictures.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function bigLibrary(count = 100_000): string {
  const dir = path.join(os.tmpdir(), `reelvault-e2e-${count}`);
  if (fs.existsSync(path.join(dir, '.complete'))) return dir;
  fs.rmSync(dir, { recursive: true, force: true });
  const perCam = Math.ceil(count / 100);
  const t0 = Date.UTC(2026, 0, 1);
  for (let c = 0; c < 100; c++) {
    const cam = path.join(dir, `cam-${String(c).padStart(3, '0')}`);
    fs.mkdirSync(cam, { recursive: true });
    for (let i = 0; i < perCam && c * perCam + i < count; i++) {
      const d = new Date(t0 + (c * perCam + i) * 60_000);
      const name = `${d.toISOString().slice(0, 19).replace('T', '_').replace(/:/g, '-')}.mp4`;
      fs.writeFileSync(path.join(cam, name), 'x');
    }
  }
  fs.writeFileSync(path.join(dir, '.complete'), '');
  return dir;
}
