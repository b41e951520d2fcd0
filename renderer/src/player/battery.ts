// Whether this computer runs on battery (the Battery Status API, which Electron's Chromium has):
// the desktop app prepares no playback then. A browser on the LAN share does not ask.
import { useEffect, useState } from 'react';

interface BatteryManager extends EventTarget {
  charging: boolean;
}

export function useOnBattery(ask: boolean): boolean {
  const [onBattery, setOnBattery] = useState(false);
  useEffect(() => {
    const nav = navigator as Navigator & { getBattery?: () => Promise<BatteryManager> };
    if (!ask || !nav.getBattery) return;
    let battery: BatteryManager | null = null;
    const update = (): void => setOnBattery(battery ? !battery.charging : false);
    void nav.getBattery().then((b) => { battery = b; update(); b.addEventListener('chargingchange', update); }, () => undefined);
    return () => battery?.removeEventListener('chargingchange', update);
  }, [ask]);
  return onBattery;
}
