// Letterhead versions and signatories in office: what a paper dated D prints is what was in force on D.
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Db, DbOrTrx } from '../../db/connect.ts';
import type { FileStore } from '../../db/file-store.ts';
import type { Signatory, SiteSettings } from '../../db/database.ts';
import { formatDate } from '../../lib/format.ts';
import { logoNeedsNormalising, normaliseLogo } from '../../lib/images.ts';
import { nowIso, previousDay, wibDate } from '../../lib/time.ts';
import { NotFoundError, ValidationError } from '../../lib/errors.ts';
import type { ImageType } from '../../lib/images.ts';
import { recordAudit } from '../audit/audit.service.ts';
import {
  earliestSettings,
  findSettingsByLogo,
  findSignatory,
  insertSettings,
  insertSignatory,
  listLogoFiles,
  listSettingsVersions,
  listSignatories,
  settingsInForceOn,
  signatoriesOfPosition,
  signatoryInOffice,
  updateSignatoryRow,
} from './settings.queries.ts';
import { SIGNATORY_POSITIONS, type SettingsInput, type SignatoryInput } from './settings.schema.ts';

/**
 * The letterhead in force on a day. A paper dated before the first saved version prints the
 * first version: there was nothing else.
 */
export async function settingsOn(db: DbOrTrx, isoDate: string = wibDate()): Promise<SiteSettings | null> {
  return (await settingsInForceOn(db, isoDate)) ?? (await earliestSettings(db)) ?? null;
}

/** The kop surat of a settings version as papers print it; the logo by its stored file name. */
export function letterheadOf(s: SiteSettings | null) {
  return {
    ministryLine: s?.ministry_line ?? '',
    kanwilLine: s?.kanwil_line ?? '',
    unitName: s?.unit_name ?? '',
    address: s?.address ?? '',
    contactLine: [s?.phone ? `Telp. ${s.phone}` : '', s?.email ?? ''].filter(Boolean).join(' · '),
    logoFile: s?.logo_file ?? null,
  };
}

/** A file on disk with a letterhead's logo (for PDFKit), or null when it has none (or the file is gone). */
export async function logoFilePath(files: FileStore, logoFile: string | null): Promise<string | null> {
  return logoFile ? files.localPath(path.basename(logoFile)) : null;
}

/** The letterhead and city in force on a day. */
export async function letterheadOn(db: DbOrTrx, isoDate: string) {
  const s = await settingsOn(db, isoDate);
  return { letterhead: letterheadOf(s), city: s?.city ?? '', paper: s?.paper_size ?? 'a4' };
}

export async function settingsHistory(db: DbOrTrx) {
  return listSettingsVersions(db);
}

export interface Logo {
  buffer: Buffer;
  type: ImageType;
}

/**
 * Stores a logo (already normalised: `normaliseLogo`) under its content hash, so a file is written
 * once. Returns its name, and whether this call wrote it (a refused save then removes it again).
 */
async function storeLogo(files: FileStore, logo: Logo): Promise<{ name: string; written: boolean }> {
  const name = `logo-${createHash('sha256').update(logo.buffer).digest('hex').slice(0, 24)}.${logo.type}`;
  if (await files.exists(name)) return { name, written: false };
  await files.write(name, logo.buffer);
  return { name, written: true };
}

/**
 * Logos stored before logos were normalised (thousands of pixels, transparent) are normalised in
 * place, once: this runs at start, and a logo already normal is only read from its header. The name
 * (the hash of the old bytes) is kept: settings versions and backups refer to it, and the picture
 * prints the same. A file missing, unreadable or not writable is only reported (`unreadable`):
 * the letterhead prints without it, or with it as it was.
 */
export async function normaliseStoredLogos(db: DbOrTrx, files: FileStore): Promise<{ normalised: string[]; unreadable: string[] }> {
  const normalised: string[] = [];
  const unreadable: string[] = [];
  for (const name of await listLogoFiles(db)) {
    const bytes = await files.read(path.basename(name)).catch(() => null);
    if (!bytes) {
      unreadable.push(name);
      continue;
    }
    const needed = await logoNeedsNormalising(bytes);
    if (needed === false) continue;
    const result = needed ? await normaliseLogo(bytes, name.endsWith('.png') ? 'png' : 'jpg') : null;
    try {
      if (!result?.ok) throw new Error('not an image');
      await files.write(path.basename(name), result.buffer);
      normalised.push(name);
    } catch {
      // Not an image, or not writable (a full disk): left as it is, tried again at the next start.
      unreadable.push(name);
    }
  }
  return { normalised, unreadable };
}

/** The stored name of a logo, only if a settings version refers to it and its file is there. */
export async function logoName(db: DbOrTrx, files: FileStore, name: string): Promise<string> {
  if (!/^logo-[0-9a-f]{24}\.(png|jpg)$/.test(name) || !(await findSettingsByLogo(db, name))) throw new NotFoundError();
  if (!(await files.exists(name))) throw new NotFoundError('Berkas logo tidak ditemukan di folder data.');
  return name;
}

/**
 * Saves a new version in force from today (WIB), or from `effectiveFrom` (demo data); the old
 * versions stay for old papers.
 */
export async function saveSettings(
  db: Db,
  files: FileStore,
  input: Omit<SettingsInput, 'report_number_format'> & { report_number_format?: string | null },
  opts: { logo: Logo | null; removeLogo: boolean; effectiveFrom?: string },
  actorId: number,
): Promise<void> {
  const stored = opts.logo ? await storeLogo(files, opts.logo) : null;
  const logoFile = stored?.name ?? null;
  try {
    await saveVersion(db, input, opts, logoFile, actorId);
  } catch (err) {
    if (stored?.written) await files.remove(stored.name).catch(() => {});
    throw err;
  }
}

async function saveVersion(
  db: Db,
  input: Omit<SettingsInput, 'report_number_format'> & { report_number_format?: string | null },
  opts: { removeLogo: boolean; effectiveFrom?: string },
  logoFile: string | null,
  actorId: number,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const from = opts.effectiveFrom ?? wibDate();
    const before = await settingsInForceOn(trx, from);
    const row = {
      ...input,
      // Callers that do not know the field (the demo, scripts) keep the format in force.
      report_number_format: input.report_number_format === undefined ? (before?.report_number_format ?? null) : input.report_number_format,
      effective_from: from,
      logo_file: logoFile ?? (opts.removeLogo ? null : (before?.logo_file ?? null)),
      created_at: nowIso(),
      created_by: actorId,
    };
    const id = await insertSettings(trx, row);
    await recordAudit(trx, { userId: actorId, action: 'update', entity: 'settings', entityId: id, before: before ?? null, after: row });
  });
}

export async function signatories(db: DbOrTrx) {
  return listSignatories(db);
}

export async function getSignatory(db: DbOrTrx, id: number): Promise<Signatory> {
  const s = await findSignatory(db, id);
  if (!s) throw new NotFoundError('Penanda tangan tidak ditemukan.');
  return s;
}

/** The signatory in office for a position on a day, or null when nobody was recorded. */
export async function signatoryOn(db: DbOrTrx, position: keyof typeof SIGNATORY_POSITIONS, isoDate: string) {
  return (await signatoryInOffice(db, position, isoDate)) ?? null;
}

function overlaps(a: { valid_from: string; valid_to: string | null }, b: { valid_from: string; valid_to: string | null }) {
  const aEnd = a.valid_to ?? '9999-12-31';
  const bEnd = b.valid_to ?? '9999-12-31';
  return a.valid_from <= bEnd && b.valid_from <= aEnd;
}

function period(s: { valid_from: string; valid_to: string | null }): string {
  return `${formatDate(s.valid_from)} – ${s.valid_to ? formatDate(s.valid_to) : 'sekarang'}`;
}

/**
 * Adds a signatory. When the predecessor is still open-ended and started earlier, their period is
 * closed the day before (a new head replaces the old one); any other overlap is refused.
 */
export async function addSignatory(db: Db, input: SignatoryInput, actorId: number): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const others = await signatoriesOfPosition(trx, input.position);
    for (const o of others) {
      if (o.valid_to === null && o.valid_from < input.valid_from) {
        const closed = { ...o, valid_to: previousDay(input.valid_from) };
        if (others.every((x) => x.id === o.id || !overlaps(x, closed))) {
          await updateSignatoryRow(trx, o.id, { valid_to: closed.valid_to, updated_at: nowIso() });
          await recordAudit(trx, {
            userId: actorId,
            action: 'close_period',
            entity: 'signatory',
            entityId: o.id,
            before: { valid_to: null },
            after: { valid_to: closed.valid_to },
            reason: `Digantikan oleh ${input.name}`,
          });
          o.valid_to = closed.valid_to;
        }
      }
    }
    const clash = others.find((o) => overlaps(o, input));
    if (clash) throw overlapError(clash);
    const now = nowIso();
    const id = await insertSignatory(trx, { ...input, created_at: now, updated_at: now });
    await recordAudit(trx, { userId: actorId, action: 'create', entity: 'signatory', entityId: id, after: input });
    return id;
  });
}

function overlapError(clash: Signatory): ValidationError {
  const msg = `Masa jabatan bertumpang tindih dengan ${clash.name} (${period(clash)}). Ubah tanggalnya lebih dahulu.`;
  return new ValidationError({ valid_from: msg }, msg);
}

export async function updateSignatory(db: Db, id: number, input: SignatoryInput, actorId: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await getSignatory(trx, id);
    const clash = (await signatoriesOfPosition(trx, input.position)).find((o) => o.id !== id && overlaps(o, input));
    if (clash) throw overlapError(clash);
    await updateSignatoryRow(trx, id, { ...input, updated_at: nowIso() });
    await recordAudit(trx, { userId: actorId, action: 'update', entity: 'signatory', entityId: id, before, after: input });
  });
}
