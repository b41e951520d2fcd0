// The bookmarks list as a file: CSV (a spreadsheet opens it) or JSON (a script reads it). Pure.
import type { Bookmark } from '../../../contract/api.js';
import { parseLaneKey } from '../../../contract/lane-key.js';

/** A lane's camera name, for people (the key itself stays in the file for programs). */
export function cameraOf(lane: string): string {
  return parseLaneKey(lane)?.camera ?? lane;
}

function csvCell(s: string): string {
  // A cell a spreadsheet would run as a formula is quoted as text.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) || safe !== s ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function bookmarksCsv(list: readonly Bookmark[]): string {
  const rows = [['time', 'camera', 'note', 'device', 'created', 'lane', 'at', 'id']];
  for (const b of list) {
    rows.push([new Date(b.at).toISOString(), cameraOf(b.lane), b.note, b.deviceLabel, new Date(b.createdAt).toISOString(), b.lane, String(b.at), b.id]);
  }
  return rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

export function bookmarksJson(list: readonly Bookmark[]): string {
  return JSON.stringify(list.map((b) => ({
    id: b.id, lane: b.lane, camera: cameraOf(b.lane), at: b.at, time: new Date(b.at).toISOString(), note: b.note, createdAt: b.createdAt, device: b.deviceLabel,
  })), null, 2);
}

/** Where bookmarks fall on a recording's seek bar, as fractions of it. */
export function ticksOn(
  list: readonly Bookmark[], lane: string, startedAt: number, durationSec: number,
): Array<{ id: string; x: number; note: string; at: number }> {
  if (!(durationSec > 0)) return [];
  const out = [];
  for (const b of list) {
    const x = (b.at - startedAt) / 1000 / durationSec;
    if (b.lane === lane && x >= 0 && x <= 1) out.push({ id: b.id, x, note: b.note, at: b.at });
  }
  return out;
}
