// Multipart uploads: size-limited in memory, CSRF checked once the body is parsed, and the
// file's real type read from its first bytes (the name and the browser's word are not trusted).
import type { RequestHandler, Response } from 'express';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import multer from 'multer';
import { sha256, type FileStore } from '../db/file-store.ts';
import { currentWriteUnit } from '../db/unit-scope.ts';
import { PHOTO_MAX_PIXELS, resizePhoto, type ImageType } from '../lib/images.ts';
import { csrfCheck } from './csrf.ts';
import { HttpError, NotFoundError, ValidationError } from '../lib/errors.ts';

/** One file in memory (a photo, a logo, a signed report), size-limited; CSRF checked once parsed. */
export function fileUpload(field: string, maxBytes: number): RequestHandler[] {
  const parse = multer({ storage: multer.memoryStorage(), limits: { fileSize: maxBytes, files: 1, fields: 50 } }).single(field);
  const mb = (maxBytes / 1024 / 1024).toLocaleString('id-ID', { maximumFractionDigits: 1 });
  const parseWithMessage: RequestHandler = (req, res, next) =>
    parse(req, res, (err: unknown) => {
      if (err instanceof multer.MulterError) {
        // Check CSRF first: a forged request gets 403, not a form message.
        return csrfCheck(req, res, (csrfErr) => {
          if (csrfErr) return next(csrfErr);
          const message = err.code === 'LIMIT_FILE_SIZE' ? `Berkas terlalu besar: paling besar ${mb} MB.` : 'Berkas tidak dapat diterima.';
          next(new ValidationError({ [field]: message }));
        });
      }
      // A body the parser cannot read (a broken part header, no boundary, cut short) is a bad request.
      next(err ? new HttpError(400, 'Permintaan tidak dapat dibaca. Muat ulang halaman dan coba lagi.') : undefined);
    });
  return [parseWithMessage, csrfCheck];
}

/** A multipart form without files (a script sends `FormData`): parsed, then CSRF checked. */
export function fieldsUpload(): RequestHandler[] {
  const parse = multer({ limits: { files: 0, fields: 50, fieldSize: 64 * 1024 } }).none();
  const parseWithMessage: RequestHandler = (req, res, next) =>
    parse(req, res, (err: unknown) =>
      next(err ? new HttpError(400, 'Permintaan tidak dapat dibaca. Muat ulang halaman dan coba lagi.') : undefined),
    );
  return [parseWithMessage, csrfCheck];
}

/** PNG or JPEG by magic number, else null. */
export function sniffImage(buf: Buffer): ImageType | null {
  if (buf.length > 8 && buf.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (buf.length > 3 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return 'jpg';
  return null;
}

/** 49 or 40,2: a picture's size as a message gives it. */
export const megapixels = (n: number) => n.toLocaleString('id-ID', { maximumFractionDigits: 1 });

/** The photo shrunk to a JPEG, or a ValidationError on `field` saying why it cannot be taken. */
async function shrunkPhoto(file: Buffer, field: string): Promise<Buffer> {
  const result = sniffImage(file) ? await resizePhoto(file) : null;
  if (result?.ok) return result.buffer;
  throw new ValidationError({
    [field]:
      result?.reason === 'too_many_pixels'
        ? `Foto terlalu besar: ${megapixels(result.megapixels)} megapiksel; paling besar ${megapixels(PHOTO_MAX_PIXELS / 1_000_000)} megapiksel. ` +
          'Pilih ukuran foto yang lebih kecil di pengaturan kamera (mis. 12 MP), atau kecilkan fotonya dahulu.'
        : 'Foto harus berupa gambar JPEG atau PNG yang dapat dibuka.',
  });
}

/**
 * Saves a record with its photo, named after the form's one-time token: the photo is checked and
 * stored aside first, and takes its name only when the record is saved. A refused save leaves no
 * file, and a resend (the same token) never replaces the photo of the record saved the first time.
 * The name is in the folder of the unit the record is written to: a token is unique only within its
 * unit, and the store is the installation's, so another unit's record saved with the same token
 * would otherwise replace this unit's photo (and show its own in this unit's record).
 */
export async function withPhoto<T extends { duplicate: boolean }>(
  files: FileStore,
  folder: string,
  name: string,
  file: Buffer | undefined,
  save: (photo: string | null) => Promise<T>,
): Promise<T> {
  if (!file || file.length === 0) return save(null);
  const jpeg = await shrunkPhoto(file, 'photo');
  const photo = `${folder}/unit-${currentWriteUnit()}/${name}.jpg`;
  const aside = `${photo}.${randomBytes(6).toString('hex')}.tmp`;
  // A failed write (a full disk) leaves no empty or cut-off file behind.
  await files.write(aside, jpeg);
  try {
    const result = await save(photo);
    if (result.duplicate) await files.remove(aside);
    else await files.rename(aside, photo);
    return result;
  } catch (err) {
    await files.remove(aside).catch(() => {});
    throw err;
  }
}

/**
 * Sends a stored file (a photo, the logo) that the browser may keep for `days`, but only for this
 * user: `private`, never in a shared proxy. Everything else is no-store (app.ts).
 */
export async function sendUpload(res: Response, files: FileStore, name: string, days: number): Promise<void> {
  const found = await files.sendable(name);
  if (!found) throw new NotFoundError('Berkas tidak ditemukan.');
  res.set('Cache-Control', `private, max-age=${days * 24 * 60 * 60}`);
  // The app makes no ETag (every page is no-store): a kept photo gets its own, so the browser asks
  // again with it when its days are over and is answered 304 for a photo that did not change.
  if ('path' in found) {
    const stat = await fs.promises.stat(found.path).catch(() => null);
    if (stat) res.set('ETag', `W/"${stat.size.toString(16)}-${stat.mtimeMs.toString(16)}"`);
    res.sendFile(found.path, { cacheControl: false });
  } else {
    res.set('ETag', `W/"${sha256(found.bytes)}"`);
    res.type(path.extname(name)).send(found.bytes);
  }
}
