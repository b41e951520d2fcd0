// What a scan reports: per folder, what it listed and skipped and why (the CLI prints it).
import type { LibraryEntry } from '../../contract/api.js';
import type { RootScan } from './scanner.js';

export interface RootReport extends RootScan {
  files: number;
  ok: number;
  empty: number;
  unreadable: number;
  recording: number;
}

export interface SkippedItem {
  root: string;
  path: string;
  reason: string;
}

export interface ScanReport {
  roots: RootReport[];
  files: number;
  folders: number;
  /** Files that are not videos (by extension); counted, not listed. */
  otherFiles: number;
  skipped: SkippedItem[];
  /** Listed files that are empty or unreadable, with the reason. */
  problems: Array<SkippedItem & { status: LibraryEntry['status'] }>;
  changes: { added: number; changed: number; removed: number };
  elapsedMs: number;
}
