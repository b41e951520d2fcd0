// The export dialog's evidence options (issue 35), on the desktop: the overlay (burned into an
// exact clip; a timecode subtitle track in a fast one) and its corner, "Evidence" (a signed
// manifest beside the clips; the overlay on by default) with the operator's note, and a timelapse.
import type { ClipRequest, OverlayCorner } from '../../../contract/api.js';

export interface EvidenceChoice {
  overlay: OverlayCorner | null;
  evidence: boolean;
  note: string;
  timelapse: number | null;
}

export const NO_EVIDENCE: EvidenceChoice = { overlay: null, evidence: false, note: '', timelapse: null };

const CORNERS: Array<[OverlayCorner, string]> = [['top-left', 'top left'], ['top-right', 'top right'], ['bottom-left', 'bottom left'], ['bottom-right', 'bottom right']];
const SPEEDS = [10, 60, 120, 360, 720, 1440];

/** The request's fields for this choice. */
export function evidenceFields(c: EvidenceChoice): Pick<ClipRequest, 'overlay' | 'evidence' | 'timelapse'> {
  return {
    ...(c.overlay ? { overlay: c.overlay } : {}),
    ...(c.evidence ? { evidence: { note: c.note.trim() } } : {}),
    ...(c.timelapse ? { timelapse: c.timelapse } : {}),
  };
}

export function EvidenceOptions({ value: c, exact, onChange }: { value: EvidenceChoice; exact: boolean; onChange(c: EvidenceChoice): void }) {
  const set = (patch: Partial<EvidenceChoice>) => onChange({ ...c, ...patch });
  return (
    <fieldset className="evidence-options">
      <legend>Time and proof</legend>
      <label>
        <input type="checkbox" name="overlay" checked={c.overlay !== null} onChange={(e) => set({ overlay: e.target.checked ? 'bottom-left' : null })} />
        {' '}{exact || c.timelapse ? 'Show the camera, date, time and frame number in the picture' : 'Add the date and time as a subtitle track'}
      </label>
      {c.overlay && (exact || c.timelapse) && (
        <label> in the{' '}
          <select name="overlay-corner" value={c.overlay} onChange={(e) => set({ overlay: e.target.value as OverlayCorner })}>
            {CORNERS.map(([v, label]) => <option key={v} value={v}>{label}</option>)}
          </select> corner
        </label>
      )}
      <label>
        <input type="checkbox" name="evidence" checked={c.evidence} onChange={(e) => set({ evidence: e.target.checked, ...(e.target.checked && !c.overlay ? { overlay: 'bottom-left' as const } : {}) })} />
        {' '}Evidence: a signed manifest and checksums beside the clips, in a folder of its own
      </label>
      {c.evidence && (
        <label className="evidence-note">Note for the manifest{' '}
          <textarea name="evidence-note" rows={2} maxLength={4000} value={c.note} onChange={(e) => set({ note: e.target.value })} />
        </label>
      )}
      <label>
        <input type="checkbox" name="timelapse" checked={c.timelapse !== null} onChange={(e) => set({ timelapse: e.target.checked ? 60 : null })} />
        {' '}Timelapse
      </label>
      {c.timelapse !== null && (
        <label> at{' '}
          <select name="timelapse-speed" value={c.timelapse} onChange={(e) => set({ timelapse: Number(e.target.value) })}>
            {SPEEDS.map((s) => <option key={s} value={s}>{s}×</option>)}
          </select>
          <span className="note"> (re-encoded; no sound)</span>
        </label>
      )}
      {c.evidence && <p className="note">A recording still being written cannot be in evidence: wait until it is finished.</p>}
    </fieldset>
  );
}
