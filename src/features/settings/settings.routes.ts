// Admin pages for the letterhead (kop surat), logo and signatories.
import type { Request } from 'express';
import { LOGO_MAX_PIXELS, normaliseLogo, type ImageResult } from '../../lib/images.ts';
import { ValidationError } from '../../lib/errors.ts';
import { checkbox, parseForm } from '../../web/forms.ts';
import { buildRouter, flash, idParam, installationAdminOnly, type Deps } from '../../web/routes.ts';
import { fileUpload, megapixels, sendUpload, sniffImage } from '../../web/upload.ts';
import { publicAddressSchema, savePublicUrl, storedPublicUrl } from './public-address.ts';
import { PAPER_LABELS, PER_PAGE_LABELS, SIGNATORY_POSITIONS, settingsSchema, signatorySchema } from './settings.schema.ts';
import {
  addSignatory,
  getSignatory,
  logoName,
  saveSettings,
  settingsHistory,
  settingsOn,
  signatories,
  updateSignatory,
} from './settings.service.ts';

const admin = ['admin'] as const;
const LOGO_MAX_BYTES = 1024 * 1024;

function logoRefused(result: ImageResult | null): ValidationError {
  return new ValidationError({
    logo:
      result && !result.ok && result.reason === 'too_many_pixels'
        ? `Logo terlalu besar: ${megapixels(result.megapixels)} megapiksel; paling besar ${megapixels(LOGO_MAX_PIXELS / 1_000_000)} megapiksel. ` +
          'Kecilkan gambarnya dahulu (600 piksel sudah cukup).'
        : 'Logo harus berupa gambar PNG atau JPEG.',
  });
}

export function settingsRoutes({ db, config, files }: Deps) {
  const pageLocals = async () => ({
    title: 'Pengaturan',
    publicUrl: await storedPublicUrl(db),
    publicUrlFromEnv: config.publicUrl,
    current: await settingsOn(db),
    history: await settingsHistory(db),
    signatories: await signatories(db),
    positions: SIGNATORY_POSITIONS,
    paperLabels: PAPER_LABELS,
    perPageLabels: PER_PAGE_LABELS,
  });
  const signatoryLocals = async (req: Request) => {
    const editing = req.params.id ? await getSignatory(db, idParam(req)) : null;
    return { title: editing ? 'Ubah Penanda Tangan' : 'Tambah Penanda Tangan', editing, positions: SIGNATORY_POSITIONS };
  };

  return buildRouter([
    {
      method: 'get',
      path: '/settings',
      access: admin,
      handler: async (_req, res) => {
        const locals = await pageLocals();
        res.render('settings/index', { ...locals, values: locals.current ?? {}, addressValues: { public_url: locals.publicUrl ?? '' } });
      },
    },
    {
      method: 'post',
      path: '/settings',
      access: admin,
      upload: fileUpload('logo', LOGO_MAX_BYTES),
      form: { view: 'settings/index', locals: pageLocals },
      handler: async (req, res) => {
        const input = parseForm(settingsSchema, req.body);
        let logo = null;
        if (req.file && req.file.size > 0) {
          const type = sniffImage(req.file.buffer);
          const result = type ? await normaliseLogo(req.file.buffer, type) : null;
          if (!type || !result?.ok) throw logoRefused(result);
          logo = { buffer: result.buffer, type };
        }
        const removeLogo = checkbox.parse(req.body?.remove_logo) === 1;
        await saveSettings(db, files, input, { logo, removeLogo }, res.locals.user!.id);
        flash(req, 'success', 'Pengaturan kop surat telah disimpan dan berlaku mulai hari ini.');
        res.redirect(303, '/settings');
      },
    },
    {
      // The address printed in the receipts' QR codes: its own small form, not a letterhead version.
      method: 'post',
      path: '/settings/public-address',
      access: admin,
      // One address for the whole installation's QR codes.
      before: [installationAdminOnly],
      form: {
        view: 'settings/index',
        locals: async (req) => ({
          ...(await pageLocals()),
          values: (await settingsOn(db)) ?? {},
          addressValues: req.body ?? {},
          addressForm: true,
        }),
      },
      handler: async (req, res) => {
        const { public_url } = parseForm(publicAddressSchema, req.body);
        await savePublicUrl(db, public_url!, res.locals.user!.id);
        flash(req, 'success', `Alamat publik disimpan: kode QR tanda terima yang dicetak mulai sekarang membuka ${public_url}.`);
        res.redirect(303, '/settings');
      },
    },
    {
      method: 'get',
      path: '/settings/logo/:name',
      access: 'user',
      handler: async (req, res) => {
        await sendUpload(res, files, await logoName(db, files, String(req.params.name)), 30);
      },
    },
    {
      method: 'get',
      path: '/settings/signatories/new',
      access: admin,
      handler: async (req, res) =>
        res.render('settings/signatory', { ...(await signatoryLocals(req)), values: { position: 'kepala_rutan' } }),
    },
    {
      method: 'post',
      path: '/settings/signatories',
      access: admin,
      form: { view: 'settings/signatory', locals: signatoryLocals },
      handler: async (req, res) => {
        const input = parseForm(signatorySchema, req.body);
        await addSignatory(db, input, res.locals.user!.id);
        flash(req, 'success', `Penanda tangan ${input.name} telah ditambahkan.`);
        res.redirect(303, '/settings');
      },
    },
    {
      method: 'get',
      path: '/settings/signatories/:id/edit',
      access: admin,
      handler: async (req, res) => {
        const locals = await signatoryLocals(req);
        res.render('settings/signatory', { ...locals, values: locals.editing });
      },
    },
    {
      method: 'post',
      path: '/settings/signatories/:id',
      access: admin,
      form: { view: 'settings/signatory', locals: signatoryLocals },
      handler: async (req, res) => {
        const input = parseForm(signatorySchema, req.body);
        await updateSignatory(db, idParam(req), input, res.locals.user!.id);
        flash(req, 'success', `Data penanda tangan ${input.name} telah disimpan.`);
        res.redirect(303, '/settings');
      },
    },
  ]);
}
