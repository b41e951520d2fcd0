// The text of a QR code in a picture (a photo, a screenshot of another Reelvault's pairing
// link), read in the page: the picture never leaves it.
import jsQR from 'jsqr';

export async function readQrCode(image: Blob): Promise<string | null> {
  const bitmap = await createImageBitmap(image);
  // Large screenshots are scaled down: QR codes stay readable and the scan stays quick.
  const scale = Math.min(1, 1600 / Math.max(bitmap.width, bitmap.height));
  const w = Math.max(1, Math.round(bitmap.width * scale)), h = Math.max(1, Math.round(bitmap.height * scale));
  const canvas = document.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) return null;
  ctx.drawImage(bitmap, 0, 0, w, h);
  bitmap.close();
  return jsQR(ctx.getImageData(0, 0, w, h).data, w, h)?.data ?? null;
}
