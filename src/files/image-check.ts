/**
 * An image is checked by its header only (image-size reads the sizes, nothing is decoded): a
 * header that cannot be read, or one claiming more pixels than a photo of a page needs (a
 * decompression bomb: 100,000 × 100,000 in a few KB), is refused.
 */
import { imageSize } from 'image-size';

/** Most pixels of an accepted image (60 megapixels: a phone photo is 12 to 50). */
export const MAX_IMAGE_PIXELS = 60_000_000;
/** Longest side of an accepted image, in pixels. */
export const MAX_IMAGE_SIDE = 20_000;

/** The image type whose signature the bytes start with (PNG, JPEG, WebP), if any. */
export function imageSignature(bytes: Buffer): string | undefined {
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (bytes.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))) return 'jpg';
  if (bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') return 'webp';
  return undefined;
}

/** Why an image is refused (its header unreadable, or too many pixels), naming it; undefined when fine. */
export function checkImage(name: string, bytes: Buffer): string | undefined {
  let sizes: { width: number; height: number }[] = [];
  try {
    // A copy: image-size reads through the view's ArrayBuffer and may run past a Buffer that is a
    // slice of a larger one (Node's pool), reading another buffer's bytes as the header.
    const size = imageSize(Uint8Array.prototype.slice.call(bytes));
    sizes = [size, ...(size.images ?? [])];
  } catch {
    // Refused below: no size read.
  }
  // A header cut short reads as 0 × 0.
  if (!sizes.length || sizes.some((s) => !(s.width > 0 && s.height > 0))) {
    return `Tệp “${name}” nhận là ảnh nhưng không đọc được phần đầu ảnh (ảnh hỏng hoặc không đầy đủ): chụp hoặc lưu lại ảnh rồi gửi lại.`;
  }
  const big = sizes.find((s) => s.width * s.height > MAX_IMAGE_PIXELS || s.width > MAX_IMAGE_SIDE || s.height > MAX_IMAGE_SIDE);
  if (!big) return undefined;
  return `Tệp “${name}” là ảnh quá lớn (${big.width.toLocaleString('vi-VN')} × ${big.height.toLocaleString('vi-VN')} điểm ảnh; tối đa ${MAX_IMAGE_PIXELS / 1_000_000} triệu điểm ảnh, mỗi cạnh tối đa ${MAX_IMAGE_SIDE.toLocaleString('vi-VN')}): thu nhỏ ảnh rồi gửi lại.`;
}
