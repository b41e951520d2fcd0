// Player icons as inline SVG: emoji and symbol glyphs depend on the fonts a machine has (a bare
// Linux box shows empty boxes for 🔊 or ⛶).
const box = { width: 18, height: 18, viewBox: '0 0 24 24', fill: 'currentColor', 'aria-hidden': true } as const;

export const PlayIcon = () => <svg {...box}><path d="M7 4.5v15l13-7.5z" /></svg>;
export const PauseIcon = () => <svg {...box}><path d="M6 4h4v16H6zM14 4h4v16h-4z" /></svg>;
export const VolumeIcon = () => <svg {...box}><path d="M3 9v6h4l5 5V4L7 9zm13.5 3A4.5 4.5 0 0 0 14 8v8a4.5 4.5 0 0 0 2.5-4zM14 3.2v2.1a7 7 0 0 1 0 13.4v2.1a9 9 0 0 0 0-17.6z" /></svg>;
export const MutedIcon = () => <svg {...box}><path d="M3 9v6h4l5 5V4L7 9zm13.6 3 2.9-2.9-1.4-1.4-2.9 2.9-2.9-2.9-1.4 1.4 2.9 2.9-2.9 2.9 1.4 1.4 2.9-2.9 2.9 2.9 1.4-1.4z" /></svg>;
export const FullscreenIcon = () => <svg {...box}><path d="M4 4h6v2H6v4H4zm10 0h6v6h-2V6h-4zM4 14h2v4h4v2H4zm14 0h2v6h-6v-2h4z" /></svg>;
