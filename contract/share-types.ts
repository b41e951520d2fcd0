// The LAN share and other Reelvaults, as the contract carries them: paired devices, the share's
// state for Settings, and the other Reelvaults this one shows. Types only (re-exported by api.ts).

/** Another Reelvault whose recordings this one shows (paired with its link). */
export interface RemoteSourceInfo {
  /** Its files' ids begin with this and a dot. */
  key: string;
  label: string;
  /** http://host:port it was paired at. */
  origin: string;
  /** refused: it unpaired this computer (pair again with a new link). */
  state: 'connecting' | 'online' | 'offline' | 'refused';
  reason?: string;
}

export interface PairedDeviceInfo {
  id: string;
  /** The browser's name ("Chrome on Android"), or what a program called itself. */
  label: string;
  createdAt: number;
  lastSeenAt: number;
  /** The address it was last seen from. */
  address: string;
  /** Another Reelvault that shows this share's recordings to its own viewers. */
  reshares?: boolean;
  /** The owner: paired by the computer itself, it may do what the desktop does from afar. */
  owner?: boolean;
}

export interface ShareInfo {
  enabled: boolean;
  /** Addresses viewers on this network can open. */
  urls: string[];
  /**
   * Opens once per device to pair it: it carries a pairing code (valid 15 minutes, for any
   * number of devices), never a credential. Null while the share is off or the code expired.
   */
  pairingUrl: string | null;
  /** The pairing link as a QR code (a data: URL of an SVG picture), for phones. */
  pairingQr: string | null;
  /** When the pairing link stops working (epoch ms). */
  pairingExpiresAt: number | null;
  /** Devices paired with this share, each revocable on its own. */
  devices: PairedDeviceInfo[];
  /** Why the share is not running when it should be (port taken…), in words. */
  error?: string;
}
