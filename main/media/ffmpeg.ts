// Every ffmpeg and ffprobe child starts here: one place that adds the safe defaults, lowers the
// priority (the machine's real job is recording), logs the command line, keeps a registry of
// running children, and stops them on abort (SIGTERM, then SIGKILL after a second).
//
// fluent-ffmpeg is not used: it is unmaintained, and it hides what we need from a child (a
// per-job abort, a timeout that kills, raw stdout/stderr for streaming). Spawning directly
// behind this module keeps every call site as small as it would be with it.
import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import { logger } from '../util/log.js';
import { binaries } from './binaries.js';
import type { ContainedFile } from './contained-file.js';

const log = logger('ffmpeg');
const KILL_AFTER_MS = 1000;
const STDERR_KEEP = 64 * 1024;

export type Tool = 'ffmpeg' | 'ffprobe';

export interface MediaProcess {
  readonly child: ChildProcess;
  readonly commandLine: string;
  /** Resolves when the child has exited (never rejects). */
  readonly exited: Promise<ExitInfo>;
  /** The tail of stderr so far. */
  stderr(): string;
  /** SIGTERM now, SIGKILL after a second if it is still there. */
  stop(): void;
}

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface SpawnOptions {
  signal?: AbortSignal;
  /** Background work runs at the lowest priority; playback a little above it. */
  priority?: 'background' | 'interactive';
  stdout?: 'pipe' | 'ignore';
  /** Checked library files the child reads, by the URLs `inputUrls` gave for them. */
  inputs?: readonly ContainedFile[];
}

const running = new Set<MediaProcess>();
const spawned: Record<Tool, number> = { ffmpeg: 0, ffprobe: 0 };

/** How many children each tool has started in this process (tests count spawns with it). */
export function spawnCounts(): Readonly<Record<Tool, number>> {
  return { ...spawned };
}

const spawnListeners = new Set<(commandLine: string) => void>();

/** Be told every command line started (tests check that no command names a file outside). */
export function onSpawn(listener: (commandLine: string) => void): () => void {
  spawnListeners.add(listener);
  return () => spawnListeners.delete(listener);
}

/** Children alive right now (tests assert this is empty after each test). */
export function runningProcesses(): ReadonlySet<MediaProcess> {
  return running;
}

/** Stop every child (quit, server shutdown) and wait until they have all exited. */
export async function stopAll(): Promise<void> {
  const all = [...running];
  for (const p of all) p.stop();
  await Promise.all(all.map((p) => p.exited));
}

export function quoteArg(a: string): string {
  return /^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`;
}

export async function spawnMedia(tool: Tool, args: readonly string[], opts: SpawnOptions = {}): Promise<MediaProcess> {
  const bin = await binaries();
  const full = [...(tool === 'ffmpeg' ? ['-nostdin'] : []), '-hide_banner', ...args];
  const commandLine = [tool, ...full].map(quoteArg).join(' ');
  opts.signal?.throwIfAborted();
  const inherited = process.platform === 'win32' ? [] : (opts.inputs ?? []).map((f) => f.handle.fd);
  const child = spawn(tool === 'ffmpeg' ? bin.ffmpeg : bin.ffprobe, full, {
    stdio: ['ignore', opts.stdout ?? 'pipe', 'pipe', ...inherited],
    windowsHide: true,
  });
  spawned[tool]++;
  for (const l of spawnListeners) l(commandLine);
  log.debug(`start pid ${child.pid ?? '?'}: ${commandLine}`);
  if (child.pid !== undefined) {
    try {
      os.setPriority(child.pid, opts.priority === 'interactive' ? 5 : 19);
    } catch {
      /* not permitted on this platform: run at normal priority */
    }
  }

  let tail = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (s: string) => {
    tail += s;
    if (tail.length > STDERR_KEEP) tail = tail.slice(-STDERR_KEEP / 2);
  });

  let killTimer: NodeJS.Timeout | undefined;
  const stop = (): void => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    killTimer ??= setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
    killTimer.unref();
  };
  const onAbort = (): void => stop();
  opts.signal?.addEventListener('abort', onAbort, { once: true });

  const proc: MediaProcess = {
    child,
    commandLine,
    // Resolves when the process is gone and its stderr read to the end (for the error text).
    // Not on 'close': that also waits for stdout to be read, and a consumer that stopped
    // reading would keep a dead child "running" forever.
    exited: new Promise<ExitInfo>((resolve) => {
      let exit: ExitInfo | null = null;
      let stderrDone = !child.stderr;
      const finish = (): void => {
        if (!exit || !stderrDone) return;
        if (killTimer) clearTimeout(killTimer);
        opts.signal?.removeEventListener('abort', onAbort);
        if (!running.delete(proc)) return;
        log.debug(`exit pid ${child.pid ?? '?'}: code ${exit.code} signal ${exit.signal}`);
        resolve(exit);
      };
      child.stderr?.once('close', () => { stderrDone = true; finish(); });
      child.once('error', (err) => {
        tail += `\n${err.message}`;
        exit ??= { code: null, signal: null };
        stderrDone = true;
        finish();
      });
      child.once('exit', (code, signal) => {
        exit = { code, signal };
        finish();
      });
    }),
    stderr: () => tail,
    stop,
  };
  running.add(proc);
  return proc;
}

export interface RunResult extends ExitInfo {
  stdout: Buffer;
  stderr: string;
  timedOut: boolean;
}

/** Run to completion, collecting stdout, with a timeout that kills the child. */
export async function runMedia(tool: Tool, args: readonly string[], opts: SpawnOptions & { timeoutMs: number }): Promise<RunResult> {
  const ac = new AbortController();
  const onOuter = (): void => ac.abort(opts.signal?.reason);
  opts.signal?.addEventListener('abort', onOuter, { once: true });
  let timedOut = false;
  const timer = setTimeout(() => { timedOut = true; ac.abort(new Error('timeout')); }, opts.timeoutMs);
  try {
    const p = await spawnMedia(tool, args, { ...opts, signal: ac.signal, stdout: 'pipe' });
    const chunks: Buffer[] = [];
    const stdout = p.child.stdout!;
    stdout.on('data', (b: Buffer) => chunks.push(b));
    const drained = new Promise<void>((resolve) => { stdout.once('close', resolve); });
    const [exit] = await Promise.all([p.exited, drained]);
    return { ...exit, stdout: Buffer.concat(chunks), stderr: p.stderr(), timedOut };
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onOuter);
  }
}

/**
 * The first stderr line that says what went wrong, for an error message a user reads.
 * ffmpeg prefixes many lines with "[demuxer @ 0x…]" or the input path; those are trimmed.
 */
export function firstMeaningfulLine(stderr: string): string {
  const lines = stderr.split(/\r?\n/).filter((l) => l.trim());
  // Banner, stream listings and indented metadata ("    encoder : Lavf…") say nothing of errors.
  const noise = /^(ffmpeg version|ffprobe version|\s*built with|\s*configuration:|\s*lib\w+\s+\d|Input #|Output #|\s*Stream #|Stream mapping|\s*Metadata:|\s*Duration:|Press \[q\]|frame=|size=|video:|\s{2,}\S[^:]*:)|deprecated/;
  const errorish = /error|invalid|failed|no such|not found|cannot|could not|unsupported|matches no streams|does not contain|permission denied|no space/i;
  const line = (lines.find((l) => !noise.test(l) && errorish.test(l)) ?? lines.find((l) => !noise.test(l)) ?? lines.at(-1) ?? '').trim();
  return line.replace(/^\[[^\]]+ @ 0x[0-9a-f]+\]\s*/, '').replace(/^file:.*?:\s+/, '');
}
