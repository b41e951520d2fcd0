// Words and numbers for terminal output.
import type { ScanReport } from '../library/library.js';

const nf = new Intl.NumberFormat('en-US');

export function count(n: number, one: string, many = `${one}s`): string {
  return `${nf.format(n)} ${n === 1 ? one : many}`;
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

/** At most this many problem lines in the human report; --json has them all. */
const LIST_MAX = 20;

export function formatScanReport(r: ScanReport, dataDir: string): string {
  const lines: string[] = [];
  lines.push(`Scanned ${count(r.roots.length, 'library folder')}: ${count(r.files, 'video file')} in ${count(r.folders, 'folder')} (${seconds(r.elapsedMs)})`);
  for (const root of r.roots) {
    if (root.status === 'ok') {
      const parts = [`${nf.format(root.ok)} ok`];
      if (root.empty) parts.push(`${nf.format(root.empty)} empty`);
      if (root.unreadable) parts.push(`${nf.format(root.unreadable)} unreadable`);
      if (root.recording) parts.push(`${nf.format(root.recording)} recording`);
      lines.push(`  ${root.root}: ${count(root.files, 'file')} (${parts.join(', ')})`);
    } else {
      lines.push(`  ${root.root}: ${root.status === 'offline' ? 'OFFLINE' : 'NOT SCANNED'}, ${root.reason ?? root.status}`);
    }
  }
  if (r.problems.length) {
    lines.push(`Listed with a problem: ${count(r.problems.length, 'file')}`);
    for (const s of r.problems.slice(0, LIST_MAX)) lines.push(`  ${s.root}/${s.path}: ${s.reason}`);
    if (r.problems.length > LIST_MAX) lines.push(`  … and ${nf.format(r.problems.length - LIST_MAX)} more (--json lists all)`);
  }
  if (r.skipped.length) {
    lines.push(`Skipped ${count(r.skipped.length, 'item')}:`);
    for (const s of r.skipped.slice(0, LIST_MAX)) lines.push(`  ${s.root}/${s.path}: ${s.reason}`);
    if (r.skipped.length > LIST_MAX) lines.push(`  … and ${nf.format(r.skipped.length - LIST_MAX)} more (--json lists all)`);
  }
  const c = r.changes;
  lines.push(`Index: ${nf.format(c.added)} added, ${nf.format(c.changed)} changed, ${nf.format(c.removed)} removed; kept in ${dataDir}`);
  return lines.join('\n');
}
