// Layout items from the tablet trial that show in the markup: the event page's buttons under its
// tab bar, the harvest form's photo inside its "more" section, and the NIK field's required mark.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEvent } from '../../src/features/events/events.service.ts';
import { addLocation, addUser, login, makeTestApp, type Agent, type TestApp } from '../support/app.ts';

let t: TestApp;
let staff: Agent;
let petugas: Agent;
let eventId: number;

beforeAll(async () => {
  t = await makeTestApp();
  const staffId = await addUser(t.db, 'staf', ['staf']);
  await addUser(t.db, 'petugas', ['petugas']);
  await addLocation(t.db, 'Lahan A');
  eventId = await createEvent(
    t.db,
    { name: 'Bakti Sosial', kind: 'bakti_sosial', event_date: '2026-11-30', place: null, note: null },
    staffId,
  );
  staff = await login(t.app, 'staf');
  petugas = await login(t.app, 'petugas');
});
afterAll(async () => t.close());

describe('tablet layout', () => {
  it("puts the event page's buttons under its tab bar", async () => {
    const html = (await staff.get(`/events/${eventId}`)).text;
    const tabs = html.indexOf('class="tabs"');
    expect(tabs).toBeGreaterThan(-1);
    expect(html.indexOf('Catat penerima (massal)')).toBeGreaterThan(tabs);
    expect(html.indexOf(`href="/events/${eventId}/edit"`)).toBeGreaterThan(tabs);
  });

  it('holds the harvest photo inside the form\'s "more" section', async () => {
    const html = (await petugas.get('/harvests/new')).text;
    const more = html.slice(html.indexOf('<details class="more"'), html.indexOf('</details>'));
    expect(more).toContain('<summary');
    expect(more).toContain('name="photo"');
    expect(html.match(/name="photo"/g)).toHaveLength(1);
  });

  it('marks the NIK field as required on the new-recipient form', async () => {
    const html = (await staff.get('/recipients/new')).text;
    expect(html).toMatch(/<label for="f-nik">NIK <span class="req" aria-hidden="true">\*<\/span><\/label>/);
  });
});
