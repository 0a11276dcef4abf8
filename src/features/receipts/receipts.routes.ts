// Receipt PDFs (one, or all of an event) and the public verification page behind the QR code.
import type { Request, Response } from 'express';
import { NotFoundError } from '../../web/errors.ts';
import { buildRouter, idParam, type Deps } from '../../web/routes.ts';
import { getDistribution, idsOfEvent } from '../distributions/distributions.service.ts';
import { printQuerySchema } from '../distributions/distributions.schema.ts';
import { getEvent } from '../events/events.service.ts';
import { layoutFor, logPrints, receiptFileName, receiptsData, verifyReceipt } from './receipts.service.ts';

const readers = ['admin', 'staf', 'pimpinan'] as const;

export function receiptsRoutes({ db, config }: Deps) {
  /** Logs the prints, draws the PDF and sends it as a download. */
  const sendPdf = async (req: Request, res: Response, ids: number[], fileName: string) => {
    const layout = await layoutFor(db, printQuerySchema.parse(req.query ?? {}));
    const user = res.locals.user!;
    const copies = await logPrints(db, ids, user.id);
    const data = await receiptsData(db, ids, copies, {
      userId: user.id, userName: user.fullName, uploadsDir: config.uploadsDir,
      baseUrl: config.publicUrl ?? `${req.protocol}://${req.get('host')}`,
    });
    // The PDF code (pdfkit, fonts) loads on the first print, not at the server's start.
    const { renderReceipts } = await import('./receipts.pdf.ts');
    const pdf = await renderReceipts(data, layout);
    res.type('application/pdf').attachment(fileName).set('Cache-Control', 'no-store').send(pdf);
  };

  return buildRouter([
    {
      method: 'get', path: '/distributions/:id/receipt.pdf', access: readers,
      handler: async (req, res) => {
        const d = await getDistribution(db, idParam(req));
        await sendPdf(req, res, [d.id], receiptFileName([d.receipt_no, d.recipient_name, d.handed_on]));
      },
    },
    {
      method: 'get', path: '/events/:id/receipts.pdf', access: readers,
      handler: async (req, res) => {
        const event = await getEvent(db, idParam(req));
        const ids = await idsOfEvent(db, event.id, 'active');
        if (!ids.length) throw new NotFoundError('Kegiatan ini belum punya tanda terima yang sah.');
        await sendPdf(req, res, ids, receiptFileName(['Tanda-terima', event.name, event.event_date]));
      },
    },
    {
      // Public: anyone holding the printed QR code; shows nothing that identifies the recipient.
      method: 'get', path: '/v/:token', access: 'public',
      handler: async (req, res) => {
        const receipt = await verifyReceipt(db, String(req.params.token));
        res.set('X-Robots-Tag', 'noindex').render('receipts/verify', { title: `Verifikasi ${receipt.receiptNo}`, receipt });
      },
    },
  ]);
}
