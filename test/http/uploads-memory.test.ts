// Six large photos sent at the same moment (tablets coming back on the Wi-Fi): the server decodes
// them one at a time and refuses a picture with too many pixels before decoding it, so its memory
// stays bounded and every upload gets an answer. In a file of its own: it measures the process.
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { previousDay, wibDate } from '../../src/lib/time.ts';
import { TERONG, addLocation, addUser, formPage, login, makeTestApp, type Agent, type TestApp } from '../support/app.ts';

let t: TestApp;
let petugas: Agent;
let lahan: number;
beforeAll(async () => {
  t = await makeTestApp();
  await addUser(t.db, 'petugas', ['petugas']);
  lahan = await addLocation(t.db, 'Lahan A');
  petugas = await login(t.app, 'petugas');
});
afterAll(() => t.close());

/**
 * A progressive JPEG of `side` × `side` px: small on the wire (a few hundred KB), but decoding one
 * holds every coefficient of the picture at once (about 3 bytes a pixel), like a photo from a
 * phone's 48–50 MP mode.
 */
const progressive = (side: number) =>
  sharp({ create: { width: side, height: side, channels: 3, background: '#4a7c3f' } })
    .jpeg({ quality: 90, progressive: true })
    .toBuffer();

async function postHarvest(photo: Buffer) {
  const f = await formPage(petugas, '/harvests/new');
  const fields = {
    _csrf: f.csrf,
    form_token: f.formToken,
    commodity_id: String(TERONG),
    location_id: String(lahan),
    weight_g: '1,5',
    harvest_date: previousDay(wibDate()),
    harvest_time: '07:00',
  };
  let req = petugas.post('/harvests');
  for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
  return req.attach('photo', photo, { filename: 'foto.jpg', contentType: 'image/jpeg' });
}

it('six large photos at once keep the memory bounded, and each is saved or refused with a message', async () => {
  // 36 MP (under the limit) five times, and one 49 MP (over it, but under the old 50 MP).
  const big = await progressive(6000);
  const tooBig = await progressive(7000);
  const photos = [big, big, tooBig, big, big, big].map((b) => Buffer.from(b));
  const refused = 2;
  await postHarvest(await progressive(100)); // the first decode loads sharp: not part of the measure

  const before = process.memoryUsage().rss;
  let peak = before;
  const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  const answers = await Promise.all(photos.map(postHarvest));
  clearInterval(sample);
  peak = Math.max(peak, process.memoryUsage().rss);
  const growthMb = Math.round((peak - before) / 1024 / 1024);

  // Before the decodes were bounded this was about 775 MB (six whole pictures at once); now about 250.
  expect(growthMb, `resident memory grew by ${growthMb} MB`).toBeLessThan(450);
  answers.forEach((res, i) => {
    if (i === refused) {
      expect(res.status, `photo ${i}`).toBe(422);
      expect(res.text).toContain('Foto terlalu besar: 49 megapiksel; paling besar 40 megapiksel');
    } else {
      expect(res.status, `photo ${i}: ${res.text?.slice(0, 200)}`).toBe(303);
    }
  });
}, 60_000);
