// Receipt PDFs: a look (GET, a preview that records nothing), the officer's print button (POST,
// recorded once per form), the download of that print, and the public verification behind the QR code.
import type { Request, Response } from 'express';
import { NotFoundError } from '../../lib/errors.ts';
import { buildRouter, flash, idParam, type Deps } from '../../web/routes.ts';
import { getDistribution, idsOfEvent } from '../distributions/distributions.service.ts';
import { getEvent } from '../events/events.service.ts';
import { publicBaseUrl } from '../settings/public-address.ts';
import { printFormSchema, printLayoutSchema } from './receipts.schema.ts';
import {
  PRINT_DOWNLOAD_MINUTES,
  layoutFor,
  printOf,
  printReceipts,
  receiptFileName,
  receiptsStream,
  verifyReceipt,
} from './receipts.service.ts';

const readers = ['admin', 'staf', 'pimpinan'] as const;
/** Printing the paper to be signed is the distribution staff's work (and the admin's). */
const printers = ['admin', 'staf'] as const;

const messages = {
  noToken: 'Tombol cetak ini tidak lengkap atau sudah kedaluwarsa. Muat ulang halaman, lalu tekan tombol cetak lagi.',
  resent: 'Cetakan ini sudah tercatat; tidak dihitung dua kali.',
  used: 'Tombol cetak pada halaman lama ini sudah pernah dipakai. Tekan tombol cetak di halaman ini bila perlu mencetak lagi (tercatat sebagai SALINAN).',
  noneValid: 'Kegiatan ini belum punya tanda terima yang sah.',
  gone: `Unduhan cetakan ini tidak ada atau sudah lewat ${PRINT_DOWNLOAD_MINUTES} menit. Buka halaman tanda terimanya dan tekan "Cetak ulang (SALINAN)" bila perlu mencetak lagi.`,
};

export function receiptsRoutes({ db, config, files }: Deps) {
  /**
   * Draws the receipts (copy numbers of a print, or null for a preview) and sends them to open in the
   * browser's PDF viewer, from which a tablet prints straight away (a download would only land in
   * Downloads). Opening a print again counts nothing: only the print button records a print.
   */
  const sendPdf = async (req: Request, res: Response, ids: number[], copies: number[] | null, fileName: string) => {
    const layout = await layoutFor(db, printLayoutSchema.parse(req.query ?? {}));
    const user = res.locals.user!;
    const base = await publicBaseUrl(db, config, `${req.protocol}://${req.get('host')}`);
    const receipts = receiptsStream(db, ids, copies, { userId: user.id, userName: user.fullName, files, baseUrl: base.url });
    // The first receipt before anything is sent: one that cannot be read is an error page, not a broken file.
    const first = await receipts.next();
    if (first.done) throw new NotFoundError();
    // The PDF code (pdfkit, fonts) loads on the first print, not at the server's start.
    const { streamReceipts } = await import('./receipts.pdf.ts');
    // Express writes the file name (with its UTF-8 form); only the word in front changes.
    res.type('application/pdf').attachment(fileName);
    res.set('Content-Disposition', res.get('Content-Disposition')!.replace(/^attachment/, 'inline'));
    try {
      // Sent as it is drawn: a 500-receipt print held whole cost ≈ 25 MB at its peak.
      await streamReceipts(first.value, receipts, ids.length, layout, res);
    } catch (err) {
      if (!res.headersSent) throw err;
      const gone = res.destroyed;
      res.destroy();
      // A client that went away is no fault to log.
      if (!gone) throw err;
    }
  };

  /**
   * A press of the print button: records the print (a resend of the same form counts once) and
   * returns to `page`, which offers the download of exactly that print.
   */
  const press = async (req: Request, res: Response, ids: number[], page: string) => {
    const form = printFormSchema.parse(req.body ?? {});
    if (!form.form_token) {
      flash(req, 'error', messages.noToken);
      return res.redirect(303, page);
    }
    const userId = res.locals.user!.id;
    const { duplicate } = await printReceipts(db, ids, userId, form.form_token);
    if (duplicate) {
      const earlier = await printOf(db, form.form_token, userId);
      if (!earlier || earlier.expired) {
        flash(req, 'error', messages.used);
        return res.redirect(303, page);
      }
      flash(req, 'info', messages.resent);
    }
    const query = new URLSearchParams({ cetak: form.form_token, paper: form.paper, per_page: form.per_page });
    // To the print's own place on the page: without JavaScript the download link is what the officer must see.
    res.redirect(303, `${page}?${query.toString()}#cetak`);
  };

  return buildRouter([
    {
      method: 'get',
      path: '/distributions/:id/receipt.pdf',
      access: readers,
      handler: async (req, res) => {
        const d = await getDistribution(db, idParam(req));
        await sendPdf(req, res, [d.id], null, receiptFileName(['Pratinjau', d.receipt_no, d.recipient_name, d.handed_on]));
      },
    },
    {
      method: 'get',
      path: '/events/:id/receipts.pdf',
      access: readers,
      handler: async (req, res) => {
        const event = await getEvent(db, idParam(req));
        const ids = await idsOfEvent(db, event.id, 'active');
        if (!ids.length) throw new NotFoundError(messages.noneValid);
        await sendPdf(req, res, ids, null, receiptFileName(['Pratinjau', 'Tanda-terima', event.name, event.event_date]));
      },
    },
    {
      method: 'post',
      path: '/distributions/:id/print',
      access: printers,
      handler: async (req, res) => {
        const d = await getDistribution(db, idParam(req));
        await press(req, res, [d.id], `/distributions/${d.id}`);
      },
    },
    {
      method: 'post',
      path: '/events/:id/receipts/print',
      access: printers,
      handler: async (req, res) => {
        const event = await getEvent(db, idParam(req));
        const ids = await idsOfEvent(db, event.id, 'active');
        if (!ids.length) {
          flash(req, 'error', messages.noneValid);
          return res.redirect(303, `/events/${event.id}`);
        }
        await press(req, res, ids, `/events/${event.id}`);
      },
    },
    {
      // Exactly what one press of the print button recorded: for the officer who pressed it, for a while.
      method: 'get',
      path: '/receipts/prints/:token.pdf',
      access: printers,
      handler: async (req, res) => {
        const printed = await printOf(db, String(req.params.token), res.locals.user!.id);
        if (!printed || printed.expired) throw new NotFoundError(messages.gone);
        const first = await getDistribution(db, printed.ids[0]!);
        const event = printed.ids.length > 1 && first.event_id ? await getEvent(db, first.event_id) : null;
        const name = event ? ['Tanda-terima', event.name, event.event_date] : [first.receipt_no, first.recipient_name, first.handed_on];
        await sendPdf(req, res, printed.ids, printed.copies, receiptFileName(name));
      },
    },
    {
      // Public: anyone holding the printed QR code; shows nothing that identifies the recipient.
      method: 'get',
      path: '/v/:token',
      access: 'public',
      handler: async (req, res) => {
        const receipt = await verifyReceipt(db, String(req.params.token));
        res.set('X-Robots-Tag', 'noindex').render('receipts/verify', { title: `Verifikasi ${receipt.receiptNo}`, receipt });
      },
    },
  ]);
}
