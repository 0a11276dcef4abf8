// Stock pages: overview, movement history and its downloads, outflow forms (one per outflow kind), stock counts.
import type { Request, Response } from 'express';
import { cached } from '../../lib/data-cache.ts';
import { downloadQuery, downloadRoutes } from '../../web/downloads.ts';
import { newFormToken, parseForm, voidSchema } from '../../web/forms.ts';
import { buildRouter, flash, idParam, type Deps } from '../../web/routes.ts';
import { listCommodities } from '../commodities/commodities.service.ts';
import { kindSpec, OUT_WORDS, OUTFLOW_BUTTONS, OUTFLOW_KINDS, type OutflowKind } from '../../lib/movement-kinds.ts';
import { negativeStockReport } from './stock.check.ts';
import { movementsSheet } from './stock.export.ts';
import {
  MOVEMENT_LABELS,
  movementFilterSchema,
  OUTFLOW_LABELS,
  outflowSchema,
  stockCountSchema,
  type MovementFilterQuery,
} from './stock.schema.ts';
import {
  browseMovements,
  canVoidOutflow,
  getOutflow,
  movementDays,
  recordOutflow,
  recordStockCount,
  stockOverview,
  voidOutflow,
} from './stock.service.ts';
import { formatDayShort, formatKg } from '../../lib/format.ts';
import { wibDate } from '../../lib/time.ts';

/** Who records outflows (the form here, and the tablet queue's endpoint in features/sync). */
export const outflowRoles = ['petugas', 'staf'] as const;

function movementFilterOf(q: MovementFilterQuery) {
  return { commodityId: q.commodity ? Number(q.commodity) : null, kind: q.kind || null, from: q.from || null, to: q.to || null };
}

const kindOf = (req: Request) => {
  const k = String(req.query.kind ?? req.body?.kind ?? '');
  // Own keys only: `in` also finds `constructor`, `toString` and the like (`?kind=constructor`).
  return Object.hasOwn(OUTFLOW_LABELS, k) ? (k as OutflowKind) : OUTFLOW_KINDS[0];
};

export function stockRoutes({ db }: Deps) {
  const outflowLocals = async (req: Request) => ({
    title: OUTFLOW_LABELS[kindOf(req)],
    kind: kindOf(req),
    kinds: OUTFLOW_LABELS,
    // The fields this kind asks for (rupiah, buyer or institution, the note's label).
    needs: kindSpec(kindOf(req)).needs,
    // Kept on the tablet while offline and sent later (public/js/offline-queue.js).
    offline: Boolean(kindSpec(kindOf(req)).offline),
    stock: await stockOverview(db),
  });
  const countLocals = async () => ({ title: 'Stok Opname', stock: await stockOverview(db) });
  const outflowPage = async (req: Request, res: Response) => {
    const o = await getOutflow(db, idParam(req));
    return {
      title: `${OUTFLOW_LABELS[o.kind]} #${o.id}`,
      outflow: o,
      kinds: OUTFLOW_LABELS,
      needs: kindSpec(o.kind).needs,
      canVoid: canVoidOutflow(o, res.locals.user!),
    };
  };

  return buildRouter([
    {
      method: 'get',
      path: '/stock',
      access: 'user',
      handler: async (_req, res) =>
        res.render('stock/index', {
          title: 'Stok',
          outflowButtons: OUTFLOW_BUTTONS,
          outWords: OUT_WORDS,
          stock: await cached('stock-overview', () => stockOverview(db)),
          // Older records that left a day below zero: the admin is the one who corrects them.
          negative: res.locals.user!.roles.includes('admin') ? (await cached('stock-negative', () => negativeStockReport(db))).summary : [],
        }),
    },
    {
      method: 'get',
      path: '/stock/movements',
      access: 'user',
      handler: async (req, res) => {
        const q = movementFilterSchema.parse(req.query ?? {});
        const result = await browseMovements(db, movementFilterOf(q), q.page);
        res.render('stock/movements', {
          title: 'Riwayat Pergerakan Stok',
          ...result,
          filter: q,
          commodities: await listCommodities(db),
          kinds: MOVEMENT_LABELS,
          exportQuery: downloadQuery({ commodity: q.commodity, kind: q.kind, from: q.from, to: q.to }),
        });
      },
    },
    ...downloadRoutes('/stock/movements/export', 'user', async (req) => {
      const q = movementFilterSchema.parse(req.query ?? {});
      const f = movementFilterOf(q);
      const held = await movementDays(db, f);
      return { name: 'pergerakan-stok', from: q.from, to: q.to, held, title: 'Riwayat Pergerakan Stok', sheets: [movementsSheet(db, f)] };
    }),
    {
      method: 'get',
      path: '/stock/outflows/new',
      access: outflowRoles,
      handler: async (req, res) => {
        const locals = await outflowLocals(req);
        res.render('stock/outflow-form', {
          ...locals,
          values: { kind: locals.kind, out_date: wibDate(), form_token: newFormToken(), commodity_id: req.query.commodity },
        });
      },
    },
    {
      method: 'post',
      path: '/stock/outflows',
      access: outflowRoles,
      form: { view: 'stock/outflow-form', locals: outflowLocals },
      handler: async (req, res) => {
        const input = parseForm(outflowSchema, req.body);
        const result = await recordOutflow(db, input, res.locals.user!.id);
        flash(
          req,
          result.duplicate ? 'info' : 'success',
          result.duplicate
            ? 'Catatan ini sudah tersimpan sebelumnya; tidak dicatat dua kali.'
            : `${OUTFLOW_LABELS[input.kind]} ${formatKg(input.qty_g)} tercatat.`,
        );
        res.redirect(303, `/stock/outflows/${result.id}`);
      },
    },
    {
      method: 'get',
      path: '/stock/outflows/:id',
      access: 'user',
      handler: async (req, res) => res.render('stock/outflow', await outflowPage(req, res)),
    },
    {
      method: 'post',
      path: '/stock/outflows/:id/void',
      access: ['admin', 'petugas', 'staf'],
      form: { view: 'stock/outflow', locals: outflowPage },
      handler: async (req, res) => {
        const { reason } = parseForm(voidSchema, req.body);
        await voidOutflow(db, idParam(req), reason, res.locals.user!);
        flash(req, 'success', 'Catatan dibatalkan; stoknya dikembalikan.');
        res.redirect(303, `/stock/outflows/${idParam(req)}`);
      },
    },
    {
      method: 'get',
      path: '/stock/counts/new',
      access: ['admin'],
      handler: async (req, res) =>
        res.render('stock/count-form', {
          ...(await countLocals()),
          values: { count_date: wibDate(), form_token: newFormToken(), commodity_id: req.query.commodity },
        }),
    },
    {
      method: 'post',
      path: '/stock/counts',
      access: ['admin'],
      form: { view: 'stock/count-form', locals: countLocals },
      handler: async (req, res) => {
        const input = parseForm(stockCountSchema, req.body);
        const r = await recordStockCount(db, input, res.locals.user!.id);
        flash(
          req,
          r.duplicate ? 'info' : 'success',
          r.duplicate
            ? 'Stok opname ini sudah tersimpan sebelumnya.'
            : r.diffG === 0 && r.diffHeads === 0
              ? `Stok opname ${formatDayShort(input.count_date)} tercatat: hasil hitung sama dengan buku pada tanggal itu (${formatKg(r.bookG)}).`
              : `Stok opname ${formatDayShort(input.count_date)} tercatat: buku pada tanggal itu ${formatKg(r.bookG)}; selisih ${formatKg(r.diffG)}${r.diffHeads ? `, ${r.diffHeads} ekor` : ''} dibukukan.`,
        );
        res.redirect(303, '/stock');
      },
    },
  ]);
}
