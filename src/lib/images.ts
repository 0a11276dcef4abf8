// Photos from a tablet: turned upright, shrunk to a sensible size, stored as JPEG.
import sharp from 'sharp';

export const PHOTO_MAX_BYTES = 10 * 1024 * 1024;

/** Returns a JPEG at most 1600 px wide or high, or null when the bytes are not a readable image. */
export async function resizePhoto(input: Buffer): Promise<Buffer | null> {
  try {
    return await sharp(input, { limitInputPixels: 50_000_000 })
      .rotate()
      .resize({ width: 1600, height: 1600, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 80 })
      .toBuffer();
  } catch {
    return null;
  }
}
