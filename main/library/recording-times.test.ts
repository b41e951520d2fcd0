import { tempIndex } from '../test-support/temp-index.js';
import { describe, expect, it } from 'vitest';
import type { LibraryEntry, MediaSummary } from '../../contract/api.js';
import { wallClockInstants, zoneOffsetMs } from '../../contract/zone-time.js';
import { cameraOf, recordingTimes, withNaming } from './recording-times.js';
import { findTimestamp } from './recorded-at.js';
import { spansIn } from './timeline-index.js';

const NY = 'America/New_York';
const media = (durationSec: number | null, createdAt: number | null = null): MediaSummary => ({
  durationSec, videoCodec: 'h264', width: 640, height: 360, audioCodecs: [], createdAt,
});

describe('name times in a zone', () => {
  it('reads a name in UTC, in New York, and across both DST changes of 2026', () => {
    const f = findTimestamp('2026-07-01_12-00-00.mp4')!;
    expect(wallClockInstants(f, 'UTC')).toEqual([Date.UTC(2026, 6, 1, 12)]);
    expect(wallClockInstants(f, NY)).toEqual([Date.UTC(2026, 6, 1, 16)]);
    expect(zoneOffsetMs(NY, Date.UTC(2026, 0, 1))).toBe(-5 * 3600_000);
    // 2026-03-08 02:30 never happened in New York: read as if the clock had not jumped (03:30 EDT).
    expect(wallClockInstants(findTimestamp('2026-03-08_02-30-00.mp4')!, NY)).toEqual([Date.UTC(2026, 2, 8, 7, 30)]);
    // 2026-11-01 01:30 happened twice: 05:30 UTC (EDT) and 06:30 UTC (EST).
    expect(wallClockInstants(findTimestamp('2026-11-01_01-30-00.mp4')!, NY)).toEqual([Date.UTC(2026, 10, 1, 5, 30), Date.UTC(2026, 10, 1, 6, 30)]);
  });

  it('takes the fall-back instant that matches mtime − duration; recordedAt stays the earlier one', () => {
    const late = Date.UTC(2026, 10, 1, 6, 30) + 600_000; // written 10 minutes after the second 01:30
    const t = recordingTimes('2026-11-01_01-30-00.mp4', late, media(600), NY);
    expect(t).toEqual({ recordedAt: Date.UTC(2026, 10, 1, 5, 30), startedAt: Date.UTC(2026, 10, 1, 6, 30), recordedAtFrom: 'name' });
    expect(recordingTimes('2026-11-01_01-30-00.mp4', Date.UTC(2026, 10, 1, 5, 40), media(600), NY).startedAt).toBe(Date.UTC(2026, 10, 1, 5, 30));
  });
});

describe('recording times', () => {
  const mtime = Date.UTC(2026, 10, 20, 15, 0);
  it.each([
    ['a name', 'cam_20261120_143000.mp4', media(60), 'UTC', { recordedAt: Date.UTC(2026, 10, 20, 14, 30), startedAt: Date.UTC(2026, 10, 20, 14, 30), recordedAtFrom: 'name' }],
    ['the container', 'clip.mp4', media(60, Date.UTC(2026, 10, 20, 14, 0)), 'UTC', { recordedAt: mtime, startedAt: Date.UTC(2026, 10, 20, 14, 0), recordedAtFrom: 'container' }],
    ['mtime − duration', 'clip.avi', media(600), 'UTC', { recordedAt: mtime, startedAt: mtime - 600_000, recordedAtFrom: 'mtime-duration' }],
    ['mtime, before the probe', 'clip.avi', undefined, 'UTC', { recordedAt: mtime, startedAt: mtime, recordedAtFrom: 'mtime' }],
    ['mtime − duration past an unset camera clock (1970)', 'clip.mp4', media(600, 0), 'UTC', { recordedAt: mtime, startedAt: mtime - 600_000, recordedAtFrom: 'mtime-duration' }],
    ['mtime − duration past a container time after the file ended', 'clip.mp4', media(600, mtime + 3 * 86400_000), 'UTC', { recordedAt: mtime, startedAt: mtime - 600_000, recordedAtFrom: 'mtime-duration' }],
  ] as const)('from %s', (_what, name, m, zone, want) => {
    expect(recordingTimes(name, mtime, m, zone)).toEqual(want);
  });

  it('names the camera by the folder level', () => {
    expect(cameraOf('cam-1/a.mp4')).toBe('cam-1');
    expect(cameraOf('a.mp4')).toBe('(root)');
    expect(cameraOf('2026-11-20/cam-1/a.mp4', 2)).toBe('cam-1');
    expect(cameraOf('2026-11-20/cam-1/a.mp4', 1)).toBe('2026-11-20');
    expect(cameraOf('cam-1/a.mp4', 2)).toBe('cam-1');
  });
});

let n = 0;
function entry(over: Partial<LibraryEntry> & { relPath: string }): LibraryEntry {
  const filename = over.relPath.split('/').pop()!;
  const base: LibraryEntry = {
    id: `id${String(n++).padStart(20, '0')}`, root: '/r', camera: 'x', filename, size: 10, mtimeMs: 0,
    recordedAt: 0, startedAt: 0, recordedAtFrom: 'mtime', status: 'ok', probe: 'unprobed', ...over,
  };
  return withNaming(base, { timeZone: 'UTC', cameraLevel: 1 });
}

describe('timeline lanes', () => {
  const day = Date.UTC(2026, 10, 20);
  const probed = (relPath: string, sec: number, over: Partial<LibraryEntry> = {}) => entry({ relPath, probe: 'probed', media: media(sec), ...over });
  const lanesOf = (es: LibraryEntry[]) => new Map([...tempIndex(es).timelineLanes()].map(([k, l]) => [k.replace('\0', '/'), l]));

  it('gives spans with gaps, a recording in progress that grows, and a failed probe as a marker', () => {
    const es = [
      probed('cam-1/20261120_100000.mp4', 600),
      probed('cam-1/20261120_101000.mp4', 600),
      probed('cam-1/20261120_120000.mp4', 600),
      entry({ relPath: 'cam-1/20261120_130000.mp4', status: 'recording', mtimeMs: day + 13.5 * 3600_000 }),
      entry({ relPath: 'cam-1/20261120_140000.avi', probe: 'failed', probeError: 'not a playable video' }),
      entry({ relPath: 'cam-1/empty_20261120_150000.mp4', status: 'empty', size: 0 }),
    ];
    const lane = lanesOf(es).get('/r/cam-1')!;
    const spans = spansIn(lane, day, day + 86400_000, 0);
    expect(spans).toEqual([
      { id: es[0]!.id, start: day + 10 * 3600_000, end: day + 10 * 3600_000 + 600_000, inProgress: false, height: 360 },
      { id: es[1]!.id, start: day + 10 * 3600_000 + 600_000, end: day + 10 * 3600_000 + 1200_000, inProgress: false, height: 360 },
      { id: es[2]!.id, start: day + 12 * 3600_000, end: day + 12 * 3600_000 + 600_000, inProgress: false, height: 360 },
      { id: es[3]!.id, start: day + 13 * 3600_000, end: day + 13.5 * 3600_000, inProgress: true },
      { id: es[4]!.id, start: day + 14 * 3600_000, end: day + 14 * 3600_000, inProgress: false, unknownLength: true },
    ]);
    // A window inside the first recording still finds it (it started before the window).
    expect(spansIn(lane, day + 10 * 3600_000 + 60_000, day + 10 * 3600_000 + 120_000, 0).map((s) => 'id' in s && s.id)).toEqual([es[0]!.id]);
  });

  it('merges spans closer than minSpanMs: at month zoom a lane holds at most (to − from) / minSpanMs', () => {
    const es: LibraryEntry[] = [];
    for (let d = 1; d <= 30; d++) for (let h = 0; h < 24; h++) {
      const name = `2026-11-${String(d).padStart(2, '0')}_${String(h).padStart(2, '0')}-00-00.mp4`;
      es.push(probed(`cam/${name}`, 3590));
    }
    const lane = lanesOf(es).get('/r/cam')!;
    const from = Date.UTC(2026, 10, 1), to = Date.UTC(2026, 11, 1);
    const minSpanMs = (to - from) / 1000;
    const merged = spansIn(lane, from, to, minSpanMs);
    expect(merged).toEqual([{ start: from, end: to - 10_000, count: 720, firstId: es[0]!.id, inProgress: false }]);
    expect(spansIn(lane, from, to, 5_000)).toHaveLength(720);
  });

  it('keeps overlapping recordings (a main and a sub stream) apart when asked for no merging', () => {
    const main = probed('cam/main_20261120_100000.mp4', 600, { media: { ...media(600), height: 1080 } });
    const sub = probed('cam/sub_20261120_100000.mp4', 600);
    const spans = spansIn(lanesOf([main, sub]).get('/r/cam')!, day, day + 86400_000, 0);
    expect(spans.map((s) => 'id' in s && s.height)).toEqual([1080, 360]);
  });

  it('marks a camera whose mtime-derived spans overlap (copied files) as unreliable', () => {
    const copiedAt = Date.UTC(2026, 10, 20, 9);
    const copied = [probed('cam-9/a.avi', 600, { mtimeMs: copiedAt }), probed('cam-9/b.avi', 600, { mtimeMs: copiedAt + 2000 })];
    const honest = [probed('cam-8/a.avi', 600, { mtimeMs: copiedAt }), probed('cam-8/b.avi', 600, { mtimeMs: copiedAt + 600_000 })];
    const lanes = lanesOf([...copied, ...honest]);
    expect(lanes.get('/r/cam-9')!.unreliable).toBe(true);
    expect(lanes.get('/r/cam-8')!.unreliable).toBe(false);
  });
});
