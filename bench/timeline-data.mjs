// The 100,000-file tree's files are placeholders: benches that need recordings with lengths
// (the timeline) give every entry a probe result, as background probing would.

/**
 * @param {any} core a Core from service/core.js
 * @param {number} durationSec
 */
export async function withDurations(core, durationSec) {
  for (const e of [...core.library.index.entries()]) {
    core.library.applyProbe(e.id, e.size, e.mtimeMs, { media: { durationSec, videoCodec: 'h264', width: 1920, height: 1080, audioCodecs: ['aac'] } });
  }
  await core.library.flush();
}
