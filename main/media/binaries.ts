// Finds ffmpeg and ffprobe as a pair from one source, so their versions and codec builds match:
// FFMPEG_PATH + FFPROBE_PATH; else the packaged binaries (ffmpeg-static, @ffprobe-installer);
// else both from PATH. Checked once; failure names what to install.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export interface Binaries {
  ffmpeg: string;
  ffprobe: string;
  source: 'env' | 'packaged' | 'path';
}

export class MissingFfmpegError extends Error {
  readonly code = 'FFMPEG_MISSING';
}

const INSTALL_HINT =
  'Install ffmpeg (it includes ffprobe): Debian/Ubuntu "sudo apt install ffmpeg", macOS "brew install ffmpeg", '
  + 'Windows "winget install ffmpeg"; or set FFMPEG_PATH and FFPROBE_PATH to the two programs.';

const require = createRequire(import.meta.url);

function packagedPath(pkg: string): string | null {
  try {
    const m = require(pkg) as string | { path?: string } | null;
    const p = typeof m === 'string' ? m : m?.path;
    // Inside a packaged Electron app the binaries live beside the asar, not in it.
    return p ? p.replace(`app.asar${path.sep}`, `app.asar.unpacked${path.sep}`) : null;
  } catch {
    return null;
  }
}

function executable(p: string | null): p is string {
  if (!p) return false;
  try {
    fs.accessSync(p, fs.constants.X_OK);
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

function onPath(name: string, env: NodeJS.ProcessEnv): string | null {
  const exts = process.platform === 'win32' ? (env.PATHEXT ?? '.EXE').split(';') : [''];
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      const p = path.join(dir, name + ext.toLowerCase());
      if (executable(p)) return p;
    }
  }
  return null;
}

/** Where the pair comes from; throws MissingFfmpegError with the fix when there is none. */
export function locateBinaries(
  env: NodeJS.ProcessEnv = process.env,
  packaged: () => { ffmpeg: string | null; ffprobe: string | null } = () => ({ ffmpeg: packagedPath('ffmpeg-static'), ffprobe: packagedPath('@ffprobe-installer/ffprobe') }),
): Binaries {
  if (env.FFMPEG_PATH || env.FFPROBE_PATH) {
    const missing = [['FFMPEG_PATH', env.FFMPEG_PATH], ['FFPROBE_PATH', env.FFPROBE_PATH]]
      .filter(([, p]) => !executable(p ?? null))
      .map(([k, p]) => (p ? `${k} (${p}) is not an executable file` : `${k} is not set`));
    if (missing.length) throw new MissingFfmpegError(`ffmpeg is configured through the environment, but ${missing.join(' and ')}. Set both to the programs' full paths.`);
    return { ffmpeg: env.FFMPEG_PATH!, ffprobe: env.FFPROBE_PATH!, source: 'env' };
  }
  const pkg = packaged();
  if (executable(pkg.ffmpeg) && executable(pkg.ffprobe)) return { ffmpeg: pkg.ffmpeg, ffprobe: pkg.ffprobe, source: 'packaged' };
  const ffmpeg = onPath('ffmpeg', env);
  const ffprobe = onPath('ffprobe', env);
  if (ffmpeg && ffprobe) return { ffmpeg, ffprobe, source: 'path' };
  const which = !ffmpeg && !ffprobe ? 'ffmpeg and ffprobe were' : `${ffmpeg ? 'ffprobe' : 'ffmpeg'} was`;
  throw new MissingFfmpegError(`${which} not found. ${INSTALL_HINT}`);
}

let checked: Promise<Binaries> | null = null;

/** Locate and run each once (`-version`); later calls share the answer. */
export function binaries(): Promise<Binaries> {
  checked ??= (async () => {
    const b = locateBinaries();
    await Promise.all([b.ffmpeg, b.ffprobe].map((bin) => new Promise<void>((resolve, reject) => {
      execFile(bin, ['-hide_banner', '-version'], { timeout: 10_000 }, (err) => {
        if (err) reject(new MissingFfmpegError(`${bin} does not run (${err.message.split('\n')[0]}). ${INSTALL_HINT}`));
        else resolve();
      });
    })));
    return b;
  })();
  checked.catch(() => { checked = null; });
  return checked;
}
