// Pictures from outside: photos from a tablet (turned upright, shrunk, stored as JPEG) and the
// letterhead logo (shrunk and flattened onto white). Decoding is bounded in pixels and in how many
// pictures are decoded at once, so a few large uploads together cannot take the server's memory.

/** The picture types an upload may be, read from its first bytes. */
export type ImageType = 'png' | 'jpg';

type Sharp = Awaited<typeof import('sharp')>['default'];

export const PHOTO_MAX_BYTES = 10 * 1024 * 1024;

/**
 * 40 megapixels: three times a 12–13 MP tablet or phone photo, and above the 24 MP recent phones
 * save by default; the 48–200 MP "full resolution" camera modes are refused with a message. The
 * bytes say little: decoding a progressive JPEG holds every coefficient of the picture at once
 * (3 to 6 bytes a pixel, up to about 240 MB at 40 MP), however small the file.
 */
export const PHOTO_MAX_PIXELS = 40_000_000;
/** A logo is decoded once, when it is stored; the 7000 × 7000 px logos seen in use are still taken. */
export const LOGO_MAX_PIXELS = 50_000_000;
/** Enough for the 20 mm square the letterhead prints it in (about 760 dpi). */
export const LOGO_MAX_SIDE = 600;
/**
 * Pictures decoded at the same time; the others wait their turn (a 12 MP photo takes about a tenth
 * of a second). One: six 40 MP progressive JPEGs sent together add about 320 MB to the server at
 * the worst moment, against 550 MB two at a time (and 1,4 GB before decoding was bounded), and
 * the box's second core stays free for the pages.
 */
const DECODES_AT_ONCE = 1;

export type ImageResult =
  { ok: true; buffer: Buffer } | { ok: false; reason: 'unreadable' } | { ok: false; reason: 'too_many_pixels'; megapixels: number };

const UNREADABLE = { ok: false, reason: 'unreadable' } as const;

let loaded: Promise<Sharp> | undefined;

/** sharp loads its native library on first use, not at the server's start. */
function loadSharp(): Promise<Sharp> {
  return (loaded ??= import('sharp').then(({ default: sharp }) => {
    // One libvips thread per picture and no cache of decoded pictures: a decode's memory is given back.
    sharp.concurrency(1);
    sharp.cache(false);
    return sharp;
  }));
}

let decoding = 0;
const waiting: Array<() => void> = [];

/** Runs a decode when a place is free (DECODES_AT_ONCE), first come first served. */
async function inTurn<T>(work: () => Promise<T>): Promise<T> {
  if (decoding < DECODES_AT_ONCE) decoding++;
  else await new Promise<void>((resolve) => waiting.push(resolve));
  try {
    return await work();
  } finally {
    // The place passes straight to the next in line, so nobody overtakes it.
    const next = waiting.shift();
    if (next) next();
    else decoding--;
  }
}

/** Width × height from the file's header (nothing decoded), or null when it has none. */
async function pixelsOf(sharp: Sharp, input: Buffer): Promise<number | null> {
  try {
    const { width, height } = await sharp(input).metadata();
    return width && height ? width * height : null;
  } catch {
    return null;
  }
}

async function decodeBounded(input: Buffer, maxPixels: number, work: (sharp: Sharp) => Promise<Buffer>): Promise<ImageResult> {
  const sharp = await loadSharp();
  const pixels = await pixelsOf(sharp, input);
  if (pixels === null) return UNREADABLE;
  // Refused from the header, before any decoding and without waiting for a place.
  if (pixels > maxPixels) return { ok: false, reason: 'too_many_pixels', megapixels: pixels / 1_000_000 };
  try {
    return { ok: true, buffer: await inTurn(() => work(sharp)) };
  } catch {
    return UNREADABLE;
  }
}

/** A JPEG at most 1600 px wide or high, turned upright. */
export function resizePhoto(input: Buffer): Promise<ImageResult> {
  return decodeBounded(input, PHOTO_MAX_PIXELS, (sharp) =>
    sharp(input, { limitInputPixels: PHOTO_MAX_PIXELS })
      .rotate()
      .resize({ width: 1600, height: 1600, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 80 })
      .toBuffer(),
  );
}

/**
 * A letterhead logo as PDFs can draw it at once: at most LOGO_MAX_SIDE px, 8-bit sRGB, its
 * transparency flattened onto white (PDFKit splits an alpha channel out pixel by pixel in
 * JavaScript: a 7000 px transparent logo made every receipt take 10 s), written again cleanly in
 * its own type. Read leniently: a small flaw is drawn as it decodes.
 */
export function normaliseLogo(input: Buffer, type: 'png' | 'jpg'): Promise<ImageResult> {
  return decodeBounded(input, LOGO_MAX_PIXELS, (sharp) => {
    const image = sharp(input, { limitInputPixels: LOGO_MAX_PIXELS, failOn: 'none' })
      .rotate()
      .resize({ width: LOGO_MAX_SIDE, height: LOGO_MAX_SIDE, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb');
    return (type === 'png' ? image.png() : image.jpeg({ quality: 90 })).toBuffer();
  });
}

/** Whether a stored logo still needs `normaliseLogo` (read from its header); null when it is not an image. */
export async function logoNeedsNormalising(input: Buffer): Promise<boolean | null> {
  try {
    const sharp = await loadSharp();
    const m = await sharp(input).metadata();
    if (!m.width || !m.height) return null;
    return Math.max(m.width, m.height) > LOGO_MAX_SIDE || m.hasAlpha || m.depth !== 'uchar';
  } catch {
    return null;
  }
}
