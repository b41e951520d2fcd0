// The folder Electron calls `userData` for this app, so the headless commands and the desktop
// app share one index and one cache by default.
import os from 'node:os';
import path from 'node:path';

export const PRODUCT_NAME = 'Reelvault';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  // A separate profile, for the app and the commands alike.
  if (env.REELVAULT_DATA_DIR) return path.resolve(env.REELVAULT_DATA_DIR);
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), PRODUCT_NAME);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', PRODUCT_NAME);
  return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), PRODUCT_NAME);
}
