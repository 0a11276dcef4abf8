// Package templates: a named set of items that fills a handover in one tap.
import type { Db, DbOrTrx } from '../../db/connect.ts';
import { formatKg, formatNumber } from '../../lib/format.ts';
import { nowIso } from '../../lib/time.ts';
import { NotFoundError, ValidationError } from '../../lib/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import {
  findPackage,
  findPackageByName,
  insertPackage,
  itemsOfPackages,
  listPackages,
  replacePackageItems,
  updatePackageRow,
} from './packages.queries.ts';
import type { PackageInput } from './packages.schema.ts';

export type PackageItem = Awaited<ReturnType<typeof itemsOfPackages>>[number];

/** "Terong 1 kg, Cabai 0,5 kg, Lele 1 kg (6 ekor)" */
export function itemsLine(items: Array<{ commodity_name: string; qty_g: number; heads: number | null }>): string {
  return items.map((i) => `${i.commodity_name} ${formatKg(i.qty_g)}${i.heads ? ` (${formatNumber(i.heads)} ekor)` : ''}`).join(', ');
}

export async function packagesWithItems(db: DbOrTrx, opts: { activeOnly?: boolean } = {}) {
  const packages = await listPackages(db, opts);
  const items = await itemsOfPackages(
    db,
    packages.map((p) => p.id),
  );
  return packages.map((p) => {
    const own = items.filter((i) => i.package_id === p.id);
    return { ...p, items: own, itemsLine: itemsLine(own) };
  });
}

export async function getPackage(db: DbOrTrx, id: number) {
  const p = await findPackage(db, id);
  if (!p) throw new NotFoundError('Paket tidak ditemukan.');
  return { ...p, items: await itemsOfPackages(db, [id]) };
}

async function assertNameFree(db: DbOrTrx, name: string, exceptId?: number) {
  const other = await findPackageByName(db, name);
  if (other && other.id !== exceptId) throw new ValidationError({ name: `Paket bernama "${other.name}" sudah ada.` });
}

export async function createPackage(db: Db, input: PackageInput, actorId: number): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await assertNameFree(trx, input.name);
    const now = nowIso();
    const id = await insertPackage(trx, { name: input.name, active: input.active, created_at: now, updated_at: now });
    await replacePackageItems(
      trx,
      id,
      input.items.map(({ commodity_id, qty_g, heads }) => ({ commodity_id, qty_g, heads })),
    );
    await recordAudit(trx, {
      userId: actorId,
      action: 'create',
      entity: 'package',
      entityId: id,
      after: { name: input.name, items: input.items },
    });
    return id;
  });
}

export async function updatePackage(db: Db, id: number, input: PackageInput, actorId: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await getPackage(trx, id);
    await assertNameFree(trx, input.name, id);
    await updatePackageRow(trx, id, { name: input.name, active: input.active, updated_at: nowIso() });
    await replacePackageItems(
      trx,
      id,
      input.items.map(({ commodity_id, qty_g, heads }) => ({ commodity_id, qty_g, heads })),
    );
    await recordAudit(trx, {
      userId: actorId,
      action: 'update',
      entity: 'package',
      entityId: id,
      before: {
        name: before.name,
        active: before.active,
        items: before.items.map(({ commodity_id, qty_g, heads }) => ({ commodity_id, qty_g, heads })),
      },
      after: { name: input.name, active: input.active, items: input.items },
    });
  });
}
