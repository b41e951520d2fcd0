// A timeline lane's key: one camera of one library folder, in a form a URL hash can carry
// (`#/sync?lanes=<key>,<key>`). Both ends make and read it, so it is plain and reversible:
// the root's opaque id, then the camera's name in base64url (names carry any character).
const ROOT_ID_LENGTH = 12;

function toBase64Url(s: string): string {
  let bin = '';
  for (const b of new TextEncoder().encode(s)) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(s: string): string | null {
  try {
    const bin = atob(s.replace(/-/g, '+').replace(/_/g, '/'));
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
  } catch {
    return null;
  }
}

export function laneKey(rootId: string, camera: string): string {
  return rootId + toBase64Url(camera);
}

/** The root id and camera a key names, or null when it is not a key. */
export function parseLaneKey(key: string): { rootId: string; camera: string } | null {
  if (key.length <= ROOT_ID_LENGTH || !/^[A-Za-z0-9_-]+$/.test(key)) return null;
  const camera = fromBase64Url(key.slice(ROOT_ID_LENGTH));
  return camera ? { rootId: key.slice(0, ROOT_ID_LENGTH), camera } : null;
}
