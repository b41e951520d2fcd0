// The owner's exports over HTTP, as the app's window hears them: asked again each second while
// one is waiting or running, every 5 s otherwise; a device that may not see them is not asked again.
import type { ExportsInfo, Result } from '../../../contract/api.js';

export function followExports(ask: () => Promise<Result<ExportsInfo>>, cb: (info: ExportsInfo) => void): () => void {
  let live = true;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let last = '';
  const tick = async (): Promise<void> => {
    const r = await ask();
    if (!live) return;
    if (!r.ok) { if (r.code === 'forbidden' || r.code === 'unavailable' || r.code === 'unauthorized') return; }
    else {
      const text = JSON.stringify(r.value);
      if (text !== last) { last = text; cb(r.value); }
    }
    const busy = r.ok && r.value.jobs.some((j) => j.state === 'running' || j.state === 'queued');
    timer = setTimeout(() => void tick(), busy ? 1000 : 5000);
  };
  void tick();
  return () => { live = false; clearTimeout(timer); };
}
