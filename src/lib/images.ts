// Photos from a tablet: turned upright, shrunk to a sensible size, stored as JPEG.

// sharp loads its native library on first use, not at the server's start.
const loadSharp = async () => (await import('sharp')).default;

export const PHOTO_MAX_BYTES = 10 * 1024 * 1024;

/** Returns a JPEG at most 1600 px wide or high, or null when the bytes are not a readable image. */
export async function resizePhoto(input: Buffer): Promise<Buffer | null> {
  try {
    const sharp = await loadSharp();
    return await sharp(input, { limitInputPixels: 50_000_000 })
      .rotate()
      .resize({ width: 1600, height: 1600, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 80 })
      .toBuffer();
  } catch {
    return null;
  }
}

/**
 * A letterhead logo decoded and written again in its own type, or null when the bytes are not a
 * readable image: a file with a PNG or JPEG header and anything behind it would break every PDF
 * that draws the letterhead. Read leniently (a small flaw is drawn as it decodes), written cleanly.
 */
export async function cleanLogo(input: Buffer, type: 'png' | 'jpg'): Promise<Buffer | null> {
  try {
    const sharp = await loadSharp();
    const image = sharp(input, { limitInputPixels: 50_000_000, failOn: 'none' }).rotate();
    return await (type === 'png' ? image.png() : image.jpeg({ quality: 90 })).toBuffer();
  } catch {
    return null;
  }
}
