// Recipient pages: the searchable list and its downloads, a recipient's page with what they received, add and edit.
import type { NextFunction, Request, Response } from 'express';
import type { Options } from 'express-rate-limit';
import type { Role } from '../../db/database.ts';
import { cleanNik, maskNik } from '../../lib/nik.ts';
import { wibDate } from '../../lib/time.ts';
import { downloadQuery, downloadRoutes } from '../../web/downloads.ts';
import { parseForm } from '../../web/forms.ts';
import { DatabaseRateStore } from '../../web/rate-limit-store.ts';
import { ValidationError } from '../../lib/errors.ts';
import { buildRouter, flash, idParam, type Deps } from '../../web/routes.ts';
import { recipientHistory } from '../distributions/distributions.service.ts';
import { inmateLabel, searchInmates } from '../inmates/inmates.service.ts';
import { recipientsSheet } from './recipients.export.ts';
import { mergeCandidates, mergePair, mergeRecipients } from './recipients.merge.ts';
import {
  RECIPIENT_CATEGORY_LABELS,
  recipientListSchema,
  recipientMergeSchema,
  recipientSchema,
  recipientSearchSchema,
  RELATION_LABELS,
  type RecipientListQuery,
} from './recipients.schema.ts';
import {
  browseRecipients,
  createRecipient,
  getRecipient,
  LookAlikeError,
  NikTakenError,
  recipientAddressLine,
  recipientForViewer,
  recipientMasked,
  recipientsForViewer,
  registeredDays,
  updateRecipient,
  viewerOn,
  type RecipientView,
} from './recipients.service.ts';

/** Searches per session per minute: plenty for an officer, too few to guess a NIK one digit at a time. */
export const SEARCHES_PER_MINUTE = 30;
const SEARCH_LIMITED = 'Terlalu banyak pencarian dalam satu menit. Tunggu sebentar, lalu tekan Cari lagi.';
const NIK_LOOKUPS_LIMITED =
  'Terlalu banyak NIK diperiksa dalam satu menit (pencarian dan isian penerima). Tunggu sebentar, lalu tekan Simpan lagi.';

const editors = ['admin', 'staf'] as const;
const readers = ['admin', 'staf', 'pimpinan'] as const;

function rolesOf(res: Response): Role[] {
  return res.locals.user!.roles;
}

function canEdit(res: Response): boolean {
  return editors.some((r) => rolesOf(res).includes(r));
}

/**
 * The list's filter from the URL and its search term from the session, as one query filter. Only an
 * admin finds a NIK by a part of it; anyone else must type all 16 digits (the masked form shows 8).
 */
function listSearch(req: Request, res: Response) {
  const filter = recipientListSchema.parse(req.query ?? {});
  const term = req.session.recipientSearch ?? '';
  const nikPartial = rolesOf(res).includes('admin');
  return { filter, term, search: { term, nikPartial, category: filter.category || null, activeOnly: filter.status === 'active' } };
}

/** A saved recipient as the form shows it; the NIK and No. KK themselves only to an admin (whole only for an admin). */
function formValues(r: Omit<RecipientView, 'nik' | 'kk_number'> & { nikShown: string; kkShown: string }, isAdmin: boolean) {
  return {
    category: r.category,
    name: r.name,
    nik: isAdmin ? r.nikShown : '',
    kk_number: isAdmin ? r.kkShown : '',
    inmate: r.inmate_reg_number && r.inmate_name ? inmateLabel({ reg_number: r.inmate_reg_number, name: r.inmate_name }) : '',
    relation: r.relation ?? '',
    address: r.address,
    rt_rw: r.rt_rw ?? '',
    village: r.village,
    district: r.district,
    phone: r.phone ?? '',
    household_size: r.household_size ?? '',
    note: r.note ?? '',
    active: r.active,
  };
}

/**
 * Saves, or shows the look-alikes or the record holding the typed NIK instead (masked for everyone).
 * Either answer tells a non-admin that a typed NIK is registered, so it draws on the user's lookup
 * budget, and past it the answer is withheld.
 */
async function saving<T>(res: Response, save: () => Promise<T>, lookupAllowed: () => Promise<boolean>): Promise<T> {
  try {
    return await save();
  } catch (err) {
    if (!(err instanceof LookAlikeError) && !(err instanceof NikTakenError)) throw err;
    if (!rolesOf(res).includes('admin') && !(await lookupAllowed()))
      throw new ValidationError({ nik: NIK_LOOKUPS_LIMITED }, NIK_LOOKUPS_LIMITED);
    if (err instanceof LookAlikeError) res.locals.lookAlikes = err.lookAlikes.map(recipientMasked);
    else res.locals.nikOwner = recipientMasked(err.owner);
    throw err;
  }
}

export function recipientsRoutes({ db }: Deps) {
  const choices = async () => ({
    categories: RECIPIENT_CATEGORY_LABELS,
    relations: RELATION_LABELS,
    inmateOptions: (await searchInmates(db, '', { activeOnly: true, limit: 1000 })).map(inmateLabel),
  });
  const newLocals = async () => ({ title: 'Tambah Penerima', editing: null, ...(await choices()) });
  // The stored NIK is shown masked above a non-admin's empty field; an admin gets it in the field (GET only).
  const editLocalsOf = async (r: RecipientView, res: Response) => ({
    title: `Ubah Penerima: ${r.name}`,
    editing: recipientMasked(r),
    isAdmin: rolesOf(res).includes('admin'),
    ...(await choices()),
  });
  const editLocals = async (req: Request, res: Response) => editLocalsOf(await getRecipient(db, idParam(req)), res);
  /**
   * The search term as the page shows it again: a whole NIK searched by anyone but an admin comes
   * back masked (the term stays in the session for the next visit and must not sit on the screen).
   */
  const shownTerm = (term: string, roles: string[]) =>
    !roles.includes('admin') && /^\d{16}$/.test(cleanNik(term)) ? { term: maskNik(cleanNik(term)), masked: true } : { term, masked: false };
  const actor = (res: Response) => ({ id: res.locals.user!.id, roles: rolesOf(res) });
  /** The list; `limited`: a search refused by the rate limit, shown with what was typed and no results. */
  const listPage = async (req: Request, res: Response, limited?: { term: string; filter: RecipientListQuery }) => {
    const own = listSearch(req, res);
    const filter = limited?.filter ?? own.filter;
    const result = limited ? { rows: [], total: 0, page: 1, pages: 1 } : await browseRecipients(db, own.search, filter.page);
    res.render('recipients/index', {
      title: 'Daftar Penerima',
      ...result,
      rows: await recipientsForViewer(db, result.rows, viewerOn(req, res.locals.user!, 'recipient_list')),
      // What was just typed comes back as typed; the term kept in the session is shown masked when it is a whole NIK.
      filter,
      ...(limited ? { term: limited.term, masked: false } : shownTerm(own.term, rolesOf(res))),
      categories: RECIPIENT_CATEGORY_LABELS,
      relations: RELATION_LABELS,
      canEdit: canEdit(res),
      nikPartial: own.search.nikPartial,
      limited: Boolean(limited),
      formError: limited ? SEARCH_LIMITED : null,
      exportQuery: downloadQuery({ category: filter.category, status: filter.status === 'all' ? '' : filter.status }),
    });
  };
  // Every way a typed NIK is looked up (the search, and a look-alike answer on a new or changed
  // recipient) draws on one budget per user — not per session, which a new login would renew, and
  // not per address, which the officers of a unit share behind the office router.
  const lookups = new DatabaseRateStore(db, 'nik-lookup');
  lookups.init({ windowMs: 60_000 } as Options);
  const lookupAllowed = async (res: Response) => (await lookups.increment(`user:${res.locals.user!.id}`)).totalHits <= SEARCHES_PER_MINUTE;
  const searchLimiter = async (req: Request, res: Response, next: NextFunction) => {
    if (await lookupAllowed(res)) return next();
    // The list again with what was typed in the box and chosen in the filters; the search kept in the session stays as it was.
    const s = recipientSearchSchema.parse(req.body ?? {});
    res.status(429);
    await listPage(req, res, { term: s.q, filter: { category: s.category, status: s.status, page: 1 } });
  };
  /**
   * The merge page: without a chosen record, the candidates (look-alikes, same NIK, a name typed);
   * with one, both side by side to confirm. Their NIK and KK whole for the admin, recorded.
   */
  const mergeLocals = async (req: Request, res: Response) => {
    const r = await getRecipient(db, idParam(req));
    const q = typeof req.query.q === 'string' ? req.query.q.trim().slice(0, 60) : '';
    const asked = Number(req.body?.other_id ?? req.query.other) || 0;
    // An other record that does not exist (a stale link, a hand-made post) is the list to pick from again.
    const otherId =
      asked &&
      (await getRecipient(db, asked).then(
        () => true,
        () => false,
      ))
        ? asked
        : 0;
    const viewer = viewerOn(req, res.locals.user!, 'recipient_merge');
    const base = { title: `Gabungkan data: ${r.name}`, categories: RECIPIENT_CATEGORY_LABELS, q };
    if (!otherId) {
      const candidates = await recipientsForViewer(db, await mergeCandidates(db, r, q), viewer);
      return { ...base, recipient: await recipientForViewer(db, r, viewer), candidates, other: null };
    }
    const [, other] = await mergePair(db, r.id, otherId).catch(async (err) => {
      if (!(err instanceof ValidationError)) throw err;
      return [r, await getRecipient(db, otherId)] as const; // shown, with the refusal, on the post
    });
    const [shown, otherShown] = await recipientsForViewer(db, [r, other], viewer);
    return {
      ...base,
      recipient: shown!,
      other: otherShown!,
      candidates: [],
      history: { [r.id]: (await recipientHistory(db, r.id)).rows.length, [other.id]: (await recipientHistory(db, other.id)).rows.length },
    };
  };

  return buildRouter([
    {
      method: 'get',
      path: '/recipients',
      access: readers,
      handler: (req, res) => listPage(req, res),
    },
    // The search term comes from the session here too, so a NIK typed in the box stays out of the URL.
    ...downloadRoutes('/recipients/export', readers, async (req, res) => {
      const f = listSearch(req, res).search;
      const held = await registeredDays(db, f);
      const sheet = await recipientsSheet(db, f, viewerOn(req, res.locals.user!, 'recipient_export'));
      return { name: 'penerima', held, title: 'Daftar Penerima', sheets: [sheet] };
    }),
    {
      // A POST, so that a NIK typed here never lands in a URL, a browser history or a server log.
      method: 'post',
      path: '/recipients/search',
      access: readers,
      before: [searchLimiter],
      handler: async (req, res) => {
        const s = recipientSearchSchema.parse(req.body ?? {});
        if (s.q) req.session.recipientSearch = s.q;
        else delete req.session.recipientSearch;
        const params = new URLSearchParams();
        if (s.category) params.set('category', s.category);
        if (s.status !== 'all') params.set('status', s.status);
        res.redirect(303, params.size ? `/recipients?${params}` : '/recipients');
      },
    },
    {
      method: 'get',
      path: '/recipients/new',
      access: editors,
      handler: async (_req, res) => res.render('recipients/form', { ...(await newLocals()), values: { active: 1 } }),
    },
    {
      method: 'post',
      path: '/recipients',
      access: editors,
      form: { view: 'recipients/form', locals: newLocals },
      handler: async (req, res) => {
        const input = parseForm(recipientSchema(), req.body);
        const id = await saving(
          res,
          () => createRecipient(db, input, actor(res)),
          () => lookupAllowed(res),
        );
        flash(req, 'success', `Penerima ${input.name} telah ditambahkan.`);
        res.redirect(303, `/recipients/${id}`);
      },
    },
    {
      method: 'get',
      path: '/recipients/:id',
      access: readers,
      handler: async (req, res) => {
        const r = await getRecipient(db, idParam(req));
        res.render('recipients/show', {
          title: r.name,
          recipient: await recipientForViewer(db, r, viewerOn(req, res.locals.user!, 'recipient_page')),
          addressLine: recipientAddressLine(r),
          history: await recipientHistory(db, r.id),
          year: wibDate().slice(0, 4),
          categories: RECIPIENT_CATEGORY_LABELS,
          relations: RELATION_LABELS,
          canEdit: canEdit(res),
          canMerge: rolesOf(res).includes('admin'),
        });
      },
    },
    {
      method: 'get',
      path: '/recipients/:id/merge',
      access: ['admin'],
      handler: async (req, res) => {
        const locals = await mergeLocals(req, res);
        res.render('recipients/merge', {
          ...locals,
          values: { other_id: locals.other?.id ?? '', keep_id: Math.min(locals.recipient.id, locals.other?.id ?? Infinity), reason: '' },
        });
      },
    },
    {
      method: 'post',
      path: '/recipients/:id/merge',
      access: ['admin'],
      form: { view: 'recipients/merge', locals: mergeLocals },
      handler: async (req, res) => {
        const input = parseForm(recipientMergeSchema, req.body);
        const keptId = await mergeRecipients(db, idParam(req), input, actor(res));
        flash(req, 'success', 'Kedua data telah digabungkan; riwayat bantuannya kini ada di data ini.');
        res.redirect(303, `/recipients/${keptId}`);
      },
    },
    {
      method: 'get',
      path: '/recipients/:id/edit',
      access: editors,
      handler: async (req, res) => {
        const r = await getRecipient(db, idParam(req));
        const seen = await recipientForViewer(db, r, viewerOn(req, res.locals.user!, 'recipient_form'));
        res.render('recipients/form', { ...(await editLocalsOf(r, res)), values: formValues(seen, rolesOf(res).includes('admin')) });
      },
    },
    {
      method: 'post',
      path: '/recipients/:id',
      access: editors,
      form: { view: 'recipients/form', locals: editLocals },
      handler: async (req, res) => {
        const id = idParam(req);
        const isAdmin = rolesOf(res).includes('admin');
        const input = parseForm(recipientSchema({ nikMayStayEmpty: !isAdmin }), req.body);
        await saving(
          res,
          () => updateRecipient(db, id, input, actor(res)),
          () => lookupAllowed(res),
        );
        flash(req, 'success', `Data penerima ${input.name} telah disimpan.`);
        res.redirect(303, `/recipients/${id}`);
      },
    },
  ]);
}
