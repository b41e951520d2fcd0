// The kinds of playback session, in one table: the session manager reads it, and the README
// shows it.

/**
 * The kinds of session: what a new one replaces, where its timeline starts, and how it takes a
 * slot (the pool, transcode or remux, follows the plan's mode). The README shows this table.
 *
 *   kind       replaces (of the same tab)     slot                          holds unread
 *   playback   its playback and prepared      waits briefly for one         8 MB converted,
 *                                                                           32 MB copied
 *   legacy     nothing (a dashboard shows     waits briefly for one         the same
 *              several videos)
 *   prepared   its previous prepared          only a spare one (never the   2 fragments; ended
 *                                             last free), no waiting        if still unread at 10 s
 *   tile       its tile's previous tile       waits briefly; a conversion   as playback
 *              (a sync view's camera)         scaled to the tile takes half
 *   clip       nothing, and nothing           converted: a spare one, at    what the pipe holds
 *              replaces it (a download)       background priority; copied:  (the client reads
 *                                             waits briefly                 at its own pace)
 *
 * Every device (but the desktop) holds at most MAX_SESSIONS_PER_DEVICE sessions in all.
 */
export const SESSION_KINDS = {
  playback: { replaces: ['playback', 'prepared'], timeline: 'source', spare: false },
  legacy: { replaces: [], timeline: 'zero', spare: false },
  prepared: { replaces: ['prepared'], timeline: 'source', spare: true, fragmentsAhead: 2, unreadEndsAfterMs: 10_000 },
  tile: { replaces: ['tile'], timeline: 'source', spare: false },
  clip: { replaces: [], timeline: 'zero', spare: false, spareWhenConverted: true },
} as const satisfies Record<string, {
  replaces: readonly string[];
  timeline: 'source' | 'zero';
  spare: boolean;
  fragmentsAhead?: number;
  unreadEndsAfterMs?: number;
  spareWhenConverted?: boolean;
}>;

export type SessionKind = keyof typeof SESSION_KINDS;
export type KindRules = (typeof SESSION_KINDS)[SessionKind];

export const MAX_SESSIONS_PER_DEVICE = 10;
