// The desk's print button and the stock to hand out, for the receipt, paper and storage tests.
import { expect } from 'vitest';
import { createHarvest } from '../../src/features/harvests/harvests.service.ts';
import { wibDate } from '../../src/lib/time.ts';
import { addLocation, csrfFrom, LELE, token, type Agent, type TestApp } from './app.ts';
import { binary, pdfPages } from './pdf.ts';

/** Harvests dated 1 December of last year (a plot, or a pond for fish): stock that any handover this year can take. */
export async function stockUp(t: TestApp, adminId: number, lines: ReadonlyArray<readonly [number, number, number | null]>): Promise<void> {
  const day = `${Number(wibDate().slice(0, 4)) - 1}-12-01`;
  for (const [commodity, grams, heads] of lines) {
    const loc = await addLocation(t.db, `Lokasi ${commodity}`, commodity === LELE ? 'kolam' : 'lahan');
    await createHarvest(
      t.db,
      {
        commodity_id: commodity,
        location_id: loc,
        weight_g: grams,
        heads,
        grade: null,
        harvest_date: day,
        harvest_time: '07:00',
        workers: [],
        note: null,
        form_token: token(),
      },
      adminId,
    );
  }
}

/** The print form on a page: its CSRF and one-time token (`form_token` of the form posting to `action`). */
export function printForm(html: string, action: string) {
  const form = new RegExp(`<form method="post" action="${action}"[\\s\\S]*?</form>`).exec(html)?.[0];
  if (!form) throw new Error(`no print form for ${action}`);
  return { csrf: csrfFrom(form), formToken: /name="form_token" value="([0-9a-f]{32})"/.exec(form)![1]! };
}

/** Presses the print button of `page` (or sends a form read before): the POST's answer. */
export async function pressPrint(agent: Agent, page: string, action: string, reuse?: { csrf: string; formToken: string }) {
  const form = reuse ?? printForm((await agent.get(page)).text, action);
  const res = await agent.post(action).type('form').send({ _csrf: form.csrf, form_token: form.formToken, paper: 'a4', per_page: '1' });
  return { form, res };
}

/** The download link of the print that the page after a press offers. */
export function printLink(html: string): string | undefined {
  return /href="(\/receipts\/prints\/[0-9a-f]{32}\.pdf[^"]*)"/.exec(html)?.[1]?.replace(/&amp;/g, '&');
}

/** A PDF fetched as the agent, and its text. */
export async function fetchPdf(agent: Agent, url: string) {
  const res = await agent.get(url).buffer(true).parse(binary);
  expect(res.status, url).toBe(200);
  return { res, text: (await pdfPages(res.body as Buffer)).map((p) => p.text).join(' ') };
}
