// An event's receipts are read a batch at a time while the PDF is drawn (three queries for twenty
// receipts instead of three each, issue 19): each receipt must still be its own, in the print's order.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createBatch, createHandover, voidDistribution } from '../../src/features/distributions/distributions.service.ts';
import { createEvent } from '../../src/features/events/events.service.ts';
import { receiptsData, type PrintContext } from '../../src/features/receipts/receipts.service.ts';
import { wibDate } from '../../src/lib/time.ts';
import { setUpLetterhead } from '../support/fuzz-world.ts';
import { stockUp } from '../support/receipt-print.ts';
import { addRecipient, addUser, CABAI, LELE, makeTestApp, TERONG, token, type TestApp } from '../support/app.ts';

let t: TestApp;
let ctx: PrintContext;
let ids: number[];

beforeAll(async () => {
  t = await makeTestApp();
  const admin = await addUser(t.db, 'admin', ['admin']);
  await setUpLetterhead(t, admin);
  ctx = { userId: admin, userName: 'Admin', files: t.files, baseUrl: 'http://lumbung.local' };
  await stockUp(t, admin, [
    [TERONG, 100_000, null],
    [CABAI, 100_000, null],
    [LELE, 100_000, 1_000],
  ]);
  const today = wibDate();
  const event = await createEvent(
    t.db,
    { name: 'Bakti Sosial', kind: 'bakti_sosial', event_date: today, place: 'Aula', note: null },
    admin,
  );
  const recipients: number[] = [];
  for (let i = 0; i < 45; i++) recipients.push(await addRecipient(t.db, { name: `Penerima ${i}`, address: `Jalan ${i}` }));
  // Two batches with other items, and a handover of its own in between: ids not in one run.
  const first = await createBatch(
    t.db,
    event,
    {
      handed_on: today,
      officer_id: admin,
      form_token: token(),
      recipient_ids: recipients.slice(0, 20),
      items: [{ commodity_id: TERONG, qty_g: 1_000, heads: null, note: null }],
    },
    admin,
  );
  const single = await createHandover(
    t.db,
    {
      recipient_id: recipients[44]!,
      event_id: null,
      handed_on: today,
      officer_id: admin,
      note: null,
      replaces_id: null,
      form_token: token(),
      items: [{ commodity_id: LELE, qty_g: 2_000, heads: 9, note: 'segar' }],
    },
    admin,
  );
  const second = await createBatch(
    t.db,
    event,
    {
      handed_on: today,
      officer_id: admin,
      form_token: token(),
      recipient_ids: recipients.slice(20, 44),
      items: [
        { commodity_id: CABAI, qty_g: 500, heads: null, note: null },
        { commodity_id: TERONG, qty_g: 250, heads: null, note: null },
      ],
    },
    admin,
  );
  await voidDistribution(t.db, second.ids[3]!, 'salah orang', admin);
  // A print's order is its own: not the ids' order.
  ids = [...second.ids.reverse(), single.id, ...first.ids];
});
afterAll(() => t.close());

it('reads a print of many receipts together, each as it reads alone, in the print’s order', async () => {
  const together = await receiptsData(t.db, ids, null, ctx);
  expect(together).toHaveLength(45);
  for (const [n, id] of ids.entries()) {
    const [alone] = await receiptsData(t.db, [id], null, ctx);
    // The print line carries the minute of the print: the rest must be the same.
    expect({ ...together[n]!, footerLine: '' }).toEqual({ ...alone!, footerLine: '' });
  }
  expect(together[24]!.second.name).toBe('Penerima 44');
  expect(together[24]!.items).toEqual([{ no: 1, commodity: 'Lele', quantity: '2', unit: 'kg', note: '9 ekor; segar' }]);
  expect(together.filter((r) => r.status === 'batal')).toHaveLength(1);
});

it('fails on a receipt that cannot be read, as reading it alone does', async () => {
  await expect(receiptsData(t.db, [ids[0]!, 999_999, ids[1]!], null, ctx)).rejects.toThrow('Penyaluran tidak ditemukan.');
});
