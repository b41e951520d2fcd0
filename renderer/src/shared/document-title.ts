// The tab's (and the window's) title: the view, or the recording playing, then the app's name,
// so a row of browser tabs or a task switcher tells them apart.
import { useEffect } from 'react';

export const APP_NAME = 'Reelvault';

export type TitledView = 'grid' | 'timeline' | 'sync' | 'settings' | 'play';

const VIEW_NAMES: Record<TitledView, string> = {
  grid: 'Recordings', timeline: 'Timeline', sync: 'Cameras together', settings: 'Settings', play: 'Player',
};

/** "Timeline — Reelvault". */
export function viewTitle(view: TitledView): string {
  return `${VIEW_NAMES[view]} — ${APP_NAME}`;
}

/** "cam-a Nov 20, 2026, 2:30:00 PM — Reelvault": the camera and when it recorded. */
export function recordingTitle(camera: string, when: string): string {
  return `${camera} ${when} — ${APP_NAME}`;
}

/** Sets the title while mounted (null: not known yet, left as it is). */
export function useDocumentTitle(title: string | null): void {
  useEffect(() => {
    if (title !== null) document.title = title;
  }, [title]);
}
