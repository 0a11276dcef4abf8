// Handover pages: one recipient at a time, a batch at an event, the list and its downloads, a receipt's page, void.
import type { Request, Response } from 'express';
import type { RecipientCategory } from '../../db/database.ts';
import { PHOTO_MAX_BYTES } from '../../lib/images.ts';
import { wibDate } from '../../lib/time.ts';
import { downloadQuery, downloadRoutes } from '../../web/downloads.ts';
import { NotFoundError, ValidationError } from '../../lib/errors.ts';
import { keptValues, newFormToken, parseForm } from '../../web/forms.ts';
import { buildRouter, flash, idParam, type Deps } from '../../web/routes.ts';
import { fileUpload, sendUpload, withPhoto } from '../../web/upload.ts';
import { getEvent, recentEvents } from '../events/events.service.ts';
import { printedQuerySchema } from '../receipts/receipts.schema.ts';
import { qrWarning, readyPrint } from '../receipts/receipts.service.ts';
import { itemValues } from '../packages/packages.schema.ts';
import { getPackage, packagesWithItems } from '../packages/packages.service.ts';
import { RECIPIENT_CATEGORY_LABELS } from '../recipients/recipients.schema.ts';
import {
  getRecipient,
  listActiveRecipients,
  recipientAddressLine,
  recipientForViewer,
  viewerOn,
} from '../recipients/recipients.service.ts';
import { PAPER_LABELS, PER_PAGE_LABELS } from '../settings/settings.schema.ts';
import { receiptItemsSheet, receiptsSheet } from './distributions.export.ts';
import { eventMarks } from './distributions.once.ts';
import {
  batchQuerySchema,
  batchSchema,
  distributionFilterSchema,
  distributionVoidSchema,
  handoverSchema,
  receiptTerm,
  type DistributionFilterQuery,
} from './distributions.schema.ts';
import {
  browseDistributions,
  createBatch,
  createHandover,
  getDistribution,
  handoverChoices,
  itemCommodities,
  receiptDays,
  voidDistribution,
} from './distributions.service.ts';

const editors = ['admin', 'staf'] as const;
const readers = ['admin', 'staf', 'pimpinan'] as const;

function filterOf(q: DistributionFilterQuery) {
  return {
    from: q.from || null,
    to: q.to || null,
    eventId: q.event ? Number(q.event) : null,
    status: q.status === 'all' ? null : q.status,
    term: receiptTerm(q.q),
    sort: q.sort,
    dir: q.dir,
  };
}

/** The day a handover defaults to: the event's date, unless that is still ahead. */
function defaultDay(eventDate?: string | null): string {
  return eventDate && eventDate <= wibDate() ? eventDate : wibDate();
}

/** A number from the query string, or null. */
function queryNumber(v: unknown): number | null {
  return typeof v === 'string' && /^\d{1,9}$/.test(v) ? Number(v) : null;
}

/** A field holding a quantity (kg or heads) of one commodity: a package replaces them all. */
const ITEM_QUANTITY = /^(qty|heads)_\d+$/;

export function distributionsRoutes({ db, config, files }: Deps) {
  /** Active packages, each with the form values it fills in (for the buttons and package-fill.js). */
  const packageChoices = async () => (await packagesWithItems(db, { activeOnly: true })).map((p) => ({ ...p, fill: itemValues(p.items) }));

  /**
   * A package tapped without JavaScript: its button submitted the whole form, which comes back with
   * every choice kept (the ticked recipients, the event, date and officer, the receipt being
   * replaced, the form token) and the package's quantities. Nothing is saved.
   */
  const renderWithPackage = async (req: Request, res: Response, view: string, locals: Record<string, unknown>) => {
    const id = queryNumber(req.body?.package);
    const pkg = id ? await getPackage(db, id).catch(() => null) : null;
    if (!pkg) throw new ValidationError({ _form: 'Paket tidak ditemukan.' }, 'Paket tidak ditemukan.');
    const kept = Object.fromEntries(Object.entries(keptValues(req.body)).filter(([k]) => k !== 'package' && !ITEM_QUANTITY.test(k)));
    res.render(view, { ...locals, values: { ...kept, ...itemValues(pkg.items) } });
  };

  const handoverLocals = async (req: Request, res: Response) => {
    const replacesId = queryNumber(req.query.replaces) ?? queryNumber(req.body?.replaces_id);
    const replaces = replacesId ? await getDistribution(db, replacesId) : null;
    // A correction goes to the same recipient unless another one was chosen.
    const recipientId = queryNumber(req.query.recipient) ?? queryNumber(req.body?.recipient_id) ?? replaces?.recipient_id;
    if (!recipientId) throw new NotFoundError('Pilih penerima lebih dahulu.');
    const recipient = await recipientForViewer(db, await getRecipient(db, recipientId), viewerOn(req, res.locals.user!, 'handover_form'));
    return {
      title: 'Serahkan bantuan',
      recipient,
      address: recipientAddressLine(recipient),
      categories: RECIPIENT_CATEGORY_LABELS,
      replaces,
      events: await recentEvents(db, 50),
      packages: await packageChoices(),
      ...(await handoverChoices(db)),
    };
  };
  const showLocals = async (req: Request, res: Response) => {
    const d = await getDistribution(db, idParam(req));
    const recipient = await recipientForViewer(db, await getRecipient(db, d.recipient_id), viewerOn(req, res.locals.user!, 'receipt_page'));
    return {
      title: `Tanda terima ${d.receipt_no}`,
      d,
      recipient,
      address: recipientAddressLine(recipient),
      categories: RECIPIENT_CATEGORY_LABELS,
      paperLabels: PAPER_LABELS,
      perPageLabels: PER_PAGE_LABELS,
      tab: 'distributions',
      printToken: newFormToken(),
      printed: await readyPrint(db, printedQuerySchema.parse(req.query ?? {}), res.locals.user!.id),
      qrWarning: await qrWarning(db, config, `${req.protocol}://${req.get('host')}`),
    };
  };
  const batchLocals = async (req: Request) => {
    const event = await getEvent(db, idParam(req));
    const q = batchQuerySchema.parse(req.query ?? {});
    const listed = await listActiveRecipients(db, { category: (q.category || null) as RecipientCategory | null, q: q.q });
    // Served, or of a household served: shown with why, and not tickable (the save refuses them too).
    const marks = await eventMarks(db, event.id, listed);
    const recipients = listed.map(({ nik: _nik, kk_number: _kk, ...r }) => ({
      ...r,
      served: marks.has(r.id),
      mark: marks.get(r.id) ?? null,
    }));
    return {
      title: `Penyaluran massal: ${event.name}`,
      event,
      filter: q,
      recipients,
      categories: RECIPIENT_CATEGORY_LABELS,
      packages: await packageChoices(),
      query: new URLSearchParams({ category: q.category, q: q.q }).toString(),
      ...(await handoverChoices(db)),
    };
  };

  return buildRouter([
    {
      method: 'get',
      path: '/distributions',
      access: readers,
      handler: async (req, res) => {
        const q = distributionFilterSchema.parse(req.query ?? {});
        res.render('distributions/index', {
          title: 'Tanda terima penyaluran',
          tab: 'distributions',
          filter: q,
          events: await recentEvents(db, 100),
          ...(await browseDistributions(db, filterOf(q), q.page)),
          exportQuery: downloadQuery({ from: q.from, to: q.to, event: q.event, status: q.status === 'all' ? '' : q.status, q: q.q }),
        });
      },
    },
    ...downloadRoutes('/distributions/export', readers, async (req) => {
      const q = distributionFilterSchema.parse(req.query ?? {});
      const f = filterOf(q);
      const [sheet, held] = await Promise.all([receiptsSheet(db, f), receiptDays(db, f)]);
      return { name: 'tanda-terima', from: q.from, to: q.to, held, title: 'Tanda terima penyaluran', sheets: [sheet] };
    }),
    ...downloadRoutes('/distributions/items', readers, async (req) => {
      const q = distributionFilterSchema.parse(req.query ?? {});
      const f = filterOf(q);
      const held = await receiptDays(db, f);
      return { name: 'rincian-penyaluran', from: q.from, to: q.to, held, title: 'Rincian penyaluran', sheets: [receiptItemsSheet(db, f)] };
    }),
    {
      method: 'get',
      path: '/distributions/new',
      access: editors,
      handler: async (req, res) => {
        if (!queryNumber(req.query.recipient) && !queryNumber(req.query.replaces)) {
          flash(req, 'info', 'Cari dan pilih penerimanya dahulu, lalu tekan "Serahkan bantuan".');
          return res.redirect(303, '/recipients');
        }
        const locals = await handoverLocals(req, res);
        const replaced = locals.replaces;
        const eventId = queryNumber(req.query.event) ?? replaced?.event_id ?? null;
        const event = eventId ? await getEvent(db, eventId).catch(() => null) : null;
        const pkgId = queryNumber(req.query.package);
        const items = replaced ? replaced.items : pkgId ? (await getPackage(db, pkgId)).items : [];
        res.render('distributions/new', {
          ...locals,
          values: {
            recipient_id: locals.recipient.id,
            event_id: event?.id ?? '',
            handed_on: defaultDay(replaced?.handed_on ?? event?.event_date),
            officer_id: res.locals.user!.id,
            replaces_id: replaced?.id ?? '',
            form_token: newFormToken(),
            ...itemValues(items),
          },
        });
      },
    },
    {
      method: 'post',
      path: '/distributions',
      access: editors,
      upload: fileUpload('photo', PHOTO_MAX_BYTES),
      form: { view: 'distributions/new', locals: handoverLocals },
      handler: async (req, res) => {
        if (req.body?.package !== undefined) return renderWithPackage(req, res, 'distributions/new', await handoverLocals(req, res));
        const input = parseForm(handoverSchema(await itemCommodities(db)), req.body);
        const result = await withPhoto(files, 'distributions', input.form_token, req.file?.buffer, (photo) =>
          createHandover(db, input, res.locals.user!.id, photo),
        );
        if (result.duplicate) flash(req, 'info', 'Penyaluran ini sudah tersimpan sebelumnya; tidak dicatat dua kali.');
        res.redirect(303, `/distributions/${result.id}?saved=1`);
      },
    },
    {
      method: 'get',
      path: '/distributions/:id',
      access: readers,
      handler: async (req, res) => res.render('distributions/show', { ...(await showLocals(req, res)), saved: req.query.saved === '1' }),
    },
    {
      method: 'get',
      path: '/distributions/:id/photo',
      access: readers,
      handler: async (req, res) => {
        const d = await getDistribution(db, idParam(req));
        if (!d.photo_file) throw new NotFoundError('Penyaluran ini tidak punya foto.');
        await sendUpload(res, files, d.photo_file, 7);
      },
    },
    {
      method: 'post',
      path: '/distributions/:id/void',
      access: editors,
      form: { view: 'distributions/show', locals: showLocals },
      handler: async (req, res) => {
        const { reason, correct } = parseForm(distributionVoidSchema, req.body);
        const id = idParam(req);
        await voidDistribution(db, id, reason, res.locals.user!.id);
        flash(req, 'success', 'Tanda terima dibatalkan; barangnya dikembalikan ke stok. Nomornya tetap tercatat sebagai BATAL.');
        res.redirect(303, correct ? `/distributions/new?replaces=${id}` : `/distributions/${id}`);
      },
    },
    {
      method: 'get',
      path: '/events/:id/batch',
      access: editors,
      handler: async (req, res) => {
        const locals = await batchLocals(req);
        const pkgId = queryNumber(req.query.package);
        const items = pkgId ? (await getPackage(db, pkgId)).items : [];
        res.render('distributions/batch', {
          ...locals,
          values: {
            handed_on: defaultDay(locals.event.event_date),
            officer_id: res.locals.user!.id,
            form_token: newFormToken(),
            recipient_ids: [],
            ...itemValues(items),
          },
        });
      },
    },
    {
      method: 'post',
      path: '/events/:id/batch',
      access: editors,
      form: { view: 'distributions/batch', locals: batchLocals },
      handler: async (req, res) => {
        if (req.body?.package !== undefined) return renderWithPackage(req, res, 'distributions/batch', await batchLocals(req));
        const event = await getEvent(db, idParam(req));
        const input = parseForm(batchSchema(await itemCommodities(db)), req.body);
        const { ids, duplicate } = await createBatch(db, event.id, input, res.locals.user!.id);
        if (duplicate) flash(req, 'info', 'Penyaluran ini sudah tersimpan sebelumnya; tidak dicatat dua kali.');
        else flash(req, 'success', `${ids.length} tanda terima tersimpan. Unduh PDF-nya di bawah untuk dicetak dan ditandatangani.`);
        res.redirect(303, `/events/${event.id}`);
      },
    },
  ]);
}
