// Which filters this ffmpeg has (a build without libfreetype has no drawtext), asked once.
import { runMedia } from './ffmpeg.js';

let filters: Promise<Set<string>> | null = null;

export function hasFilter(name: string): Promise<boolean> {
  filters ??= runMedia('ffmpeg', ['-hide_banner', '-filters'], { timeoutMs: 10_000 })
    .then((r) => new Set(r.stdout.toString().split('\n').map((l) => l.trim().split(/\s+/)[1] ?? '').filter(Boolean)))
    .catch(() => new Set<string>());
  return filters.then((s) => s.has(name));
}
