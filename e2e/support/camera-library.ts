// A library of cameras recording at the same time, for the timeline and the sync view: H.264 MP4
// files the browser plays as they are (no conversion slot), named by their start in UTC (serve
// with --name-tz UTC).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';

export const stamp = (ms: number): string => new Date(ms).toISOString().replace(/\.\d+Z$/, '').replace(/:/g, '-').replace('T', '_');

/** An H.264 + AAC MP4, `sec` long. */
export function h264Clip(library: string, rel: string, sec: number): void {
  const out = path.join(library, rel);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const r = spawnSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', `testsrc2=size=320x180:rate=25:duration=${sec}`,
    '-f', 'lavfi', '-i', `sine=frequency=440:duration=${sec}`, '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '25', '-pix_fmt', 'yuv420p',
    '-c:a', 'aac', '-b:a', '48k', '-movflags', '+faststart', out]);
  if (r.status !== 0) throw new Error(r.stderr.toString());
}

/** The timeline's lanes around t (key and camera), asked from inside a paired page. */
export function lanesAround(page: Page, t: number): Promise<Array<{ key: string; camera: string }>> {
  return page.evaluate(async ([from, to]) => {
    const r = await fetch('/api/timeline', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify([{ from, to }]) });
    return ((await r.json()) as { value: { lanes: Array<{ key: string; camera: string }> } }).value.lanes;
  }, [t - 3600_000, t + 3600_000]);
}

/** Every file probed now (so the timeline knows each one's length). */
export async function probeAll(page: Page, ids: Iterable<string>): Promise<void> {
  await page.evaluate(async (list) => {
    for (const id of list) await fetch('/api/item', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify([id]) });
  }, [...ids]);
}
