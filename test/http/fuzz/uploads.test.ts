// Uploads (harvest and handover photos, event photos, the letterhead logo): files that are not
// what they claim, too big, or named to escape the uploads folder. A refusal is a 4xx with an
// Indonesian message, changes no record and writes no file; nothing is ever written outside uploads/.
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import sharp from 'sharp';
import type request from 'supertest';
import { describe, expect, it } from 'vitest';
import { TERONG, token, type Agent, type TestApp } from '../../support/app.ts';
import { fuzzSuite, type World } from '../../support/fuzz-world.ts';
import { checkAnswer, fingerprint, storedFiles, formOn, fuzzOptions, setField, type Fields } from '../../support/fuzz.ts';
import { binary } from '../../support/pdf.ts';

let t: TestApp;
let w: World;
let PNG: Buffer;
let JPEG: Buffer;
fuzzSuite(async (app, world) => {
  [t, w] = [app, world];
  PNG = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#3a7' } })
    .png()
    .toBuffer();
  JPEG = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#a73' } })
    .jpeg()
    .toBuffer();
});

interface UploadForm {
  name: string;
  page: () => string;
  route: string;
  field: string;
  maxBytes: number;
  fill?: () => Record<string, string>;
}

const FORMS: UploadForm[] = [
  {
    name: 'harvest photo',
    page: () => '/harvests/new',
    route: '/harvests',
    field: 'photo',
    maxBytes: 10 * 1024 * 1024,
    fill: () => ({ commodity_id: String(TERONG), location_id: String(w.ids.lahan), weight_g: '1,5', harvest_time: '00:00' }),
  },
  {
    name: 'handover photo',
    page: () => `/distributions/new?recipient=${w.ids.institution}`,
    route: '/distributions',
    field: 'photo',
    maxBytes: 10 * 1024 * 1024,
    fill: () => ({ qty_1: '0,1' }),
  },
  { name: 'event photo', page: () => `/events/${w.ids.event}`, route: '/events/:id/photos', field: 'photo', maxBytes: 10 * 1024 * 1024 },
  { name: 'letterhead logo', page: () => '/settings', route: '/settings', field: 'logo', maxBytes: 1024 * 1024 },
];

/** The form's fields, filled and with a fresh one-time token, posted as multipart with the given files. */
async function upload(
  agent: Agent,
  f: UploadForm,
  files: Array<{ field?: string; buf: Buffer; name: string; type?: string }>,
): Promise<request.Response> {
  const html = (await agent.get(f.page())).text;
  const form = formOn(html, f.route);
  let fields: Fields = form.fields;
  for (const [k, v] of Object.entries(f.fill?.() ?? {})) fields = setField(fields, k, v);
  if (fields.some(([k]) => k === 'form_token')) fields = setField(fields, 'form_token', token());
  let req = agent.post(form.action);
  for (const [k, v] of fields) req = req.field(k, v);
  for (const file of files)
    req = req.attach(file.field ?? f.field, file.buf, { filename: file.name, contentType: file.type ?? 'image/jpeg' });
  return req;
}

const started = Date.now() - 1000;

/** No file named like the attack was written above the uploads folder while these tests ran. */
function noEscapedFiles() {
  for (const dir of [t.config.dataDir, path.dirname(t.config.dataDir), path.join(t.config.uploadsDir, '..', '..')]) {
    for (const name of ['x', 'x.png', 'x.jpg', '..\\..\\x.png']) {
      const file = path.join(dir, name);
      const written = fs.existsSync(file) && fs.statSync(file).isFile() && fs.statSync(file).mtimeMs >= started;
      expect(written, file).toBe(false);
    }
  }
}

async function refused(f: UploadForm, files: Parameters<typeof upload>[2], message: RegExp) {
  const before = { db: await fingerprint(t), files: await storedFiles(t) };
  const res = await upload(w.all, f, files);
  checkAnswer(res, `${f.name} ${files.map((x) => x.name).join(',')}`);
  expect(res.status).toBe(422);
  expect(res.text).toMatch(message);
  expect(await fingerprint(t)).toBe(before.db);
  expect(await storedFiles(t)).toEqual(before.files);
}

const notAnImage = /JPEG atau PNG|PNG atau JPEG/;

describe.each(FORMS.map((f) => [f.name, f] as const))('%s', (_name, f) => {
  it('a text file named .jpg is refused', async () => {
    await refused(f, [{ buf: Buffer.from('<?php system($_GET["c"]); ?>'), name: 'x.jpg' }], notAnImage);
  });

  it('a JPEG cut after its header and a PNG header with garbage are refused', async () => {
    await refused(f, [{ buf: Buffer.concat([JPEG.subarray(0, 20), Buffer.from('garbage'.repeat(20))]), name: 'foto.jpg' }], notAnImage);
    await refused(
      f,
      [{ buf: Buffer.concat([PNG.subarray(0, 16), Buffer.alloc(200, 0x41)]), name: 'foto.png', type: 'image/png' }],
      notAnImage,
    );
  });

  it('an SVG with a script, claimed to be a PNG, is refused', async () => {
    await refused(
      f,
      [{ buf: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'), name: 'x.png', type: 'image/png' }],
      notAnImage,
    );
  });

  it('a file over the limit is refused with the limit in the message', async () => {
    await refused(
      f,
      [{ buf: Buffer.concat([JPEG, Buffer.alloc(f.maxBytes + 1 - JPEG.length)]), name: 'besar.jpg' }],
      /Berkas terlalu besar: paling besar/,
    );
  });

  it('two files, or a file in a field the form does not have, are refused', async () => {
    await refused(
      f,
      [
        { buf: PNG, name: 'a.png' },
        { buf: PNG, name: 'b.png' },
      ],
      /Berkas tidak dapat diterima/,
    );
    await refused(f, [{ field: 'lain', buf: PNG, name: 'a.png' }], /Berkas tidak dapat diterima/);
  });

  it("a file named ../../x is stored under the uploads folder with a name of the app's own", async () => {
    for (const [i, name] of ['../../x', '..\\..\\x.png', '/etc/x.png', '....//x.png'].entries()) {
      const before = await storedFiles(t);
      // A different image each time: a logo is stored once per content.
      const buf = await sharp({ create: { width: 20 + i, height: 20, channels: 3, background: '#159' } })
        .png()
        .toBuffer();
      const res = await upload(w.all, f, [{ buf, name, type: 'image/png' }]);
      checkAnswer(res, `${f.name} ${name}`);
      expect(res.status, name).toBe(303);
      const added = (await storedFiles(t)).filter((x) => !before.includes(x));
      expect(added.length, name).toBe(1);
      // A photo in its kind's folder and its unit's; the logo (named by its content) at the top.
      expect(added[0], name).toMatch(/^uploads[/\\](?:(?:harvests|distributions|events)[/\\]unit-\d+[/\\])?[\w.-]+\.(?:jpg|png)$/);
      expect(added[0], name).not.toMatch(/\.\.|x\.png|etc/);
      noEscapedFiles();
    }
  });

  it('a multipart body the parser cannot read is a 400 page, not a 500', async () => {
    const csrf = formOn((await w.all.get(f.page())).text, f.route);
    const action = csrf.action;
    const token = csrf.fields.find(([k]) => k === '_csrf')![1];
    const bodies = [
      // A NUL byte in the part header (the file name) made busboy fail with "Malformed part header" → 500.
      {
        type: 'multipart/form-data; boundary=XyZ',
        body: `--XyZ\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n--XyZ\r\nContent-Disposition: form-data; name="${f.field}"; filename="x.png\u0000.php"\r\nContent-Type: image/png\r\n\r\nabc\r\n--XyZ--\r\n`,
      },
      // No boundary at all, and a body cut off in the middle of a part.
      { type: 'multipart/form-data', body: 'abc' },
      {
        type: 'multipart/form-data; boundary=XyZ',
        body: `--XyZ\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n--XyZ\r\nContent-Disposition: form-data; name="${f.field}"; filename="a.png"\r\n\r\nabc`,
      },
    ];
    for (const b of bodies) {
      const before = { db: await fingerprint(t), files: await storedFiles(t) };
      const res = await w.all.post(action).set('Content-Type', b.type).send(b.body);
      checkAnswer(res, `${f.name} ${b.body.slice(0, 80)}`);
      expect(res.status).toBe(400);
      expect(res.text).toContain('Permintaan tidak dapat dibaca');
      expect(await fingerprint(t)).toBe(before.db);
      expect(await storedFiles(t)).toEqual(before.files);
    }
  });

  it('random bytes under random names never give a 500, and a refusal writes nothing', async () => {
    const magic = fc.constantFrom(Buffer.alloc(0), PNG.subarray(0, 8), JPEG.subarray(0, 3), Buffer.from('GIF89a'), Buffer.from('%PDF-1.4'));
    await fc.assert(
      fc.asyncProperty(magic, fc.uint8Array({ maxLength: 300 }), fc.string({ maxLength: 30 }), async (head, tail, name) => {
        const before = { db: await fingerprint(t), files: await storedFiles(t) };
        const res = await upload(w.all, f, [{ buf: Buffer.concat([head, Buffer.from(tail)]), name: name || 'a' }]);
        checkAnswer(res, `${f.name} ${JSON.stringify(name)}`);
        if (res.status >= 400) {
          expect(await fingerprint(t)).toBe(before.db);
          expect(await storedFiles(t)).toEqual(before.files);
        }
        noEscapedFiles();
      }),
      fuzzOptions(8),
    );
  });
});

describe('a photo and the record it belongs to', () => {
  const photo = (background: string) =>
    sharp({ create: { width: 30, height: 30, channels: 3, background } })
      .png()
      .toBuffer();

  it('a resend of a saved harvest with another photo keeps the first photo', async () => {
    const f = FORMS[0]!;
    const html = (await w.all.get(f.page())).text;
    let fields: Fields = formOn(html, f.route).fields;
    for (const [k, v] of Object.entries(f.fill!())) fields = setField(fields, k, v);
    fields = setField(fields, 'form_token', token());
    const send = async (buf: Buffer) => {
      let req = w.all.post('/harvests');
      for (const [k, v] of fields) req = req.field(k, v);
      return req.attach('photo', buf, { filename: 'foto.png', contentType: 'image/png' });
    };
    const first = await send(await photo('#f00'));
    expect(first.status).toBe(303);
    const id = Number(/\/harvests\/(\d+)/.exec(first.headers.location!)![1]);
    const before = (await w.all.get(`/harvests/${id}/photo`).buffer(true).parse(binary)).body as Buffer;
    const again = await send(await photo('#00f'));
    expect(again.headers.location).toBe(first.headers.location);
    const after = (await w.all.get(`/harvests/${id}/photo`).buffer(true).parse(binary)).body as Buffer;
    expect(after.equals(before), "the saved harvest's photo was replaced by the resend").toBe(true);
  });

  it('a handover refused for want of stock writes no photo', async () => {
    const before = await storedFiles(t);
    const res = await upload(w.all, { ...FORMS[1]!, fill: () => ({ qty_1: '9999' }) }, [
      { buf: await photo('#0f0'), name: 'foto.png', type: 'image/png' },
    ]);
    expect(res.status).toBe(422);
    expect(res.text).toContain('stok');
    expect(await storedFiles(t)).toEqual(before);
  });

  it('a harvest refused for an inactive plot writes no photo', async () => {
    await t.db.updateTable('locations').set({ active: 0 }).where('id', '=', w.ids.kolam).execute();
    const before = await storedFiles(t);
    const res = await upload(w.all, { ...FORMS[0]!, fill: () => ({ ...FORMS[0]!.fill!(), location_id: String(w.ids.kolam) }) }, [
      { buf: await photo('#ff0'), name: 'foto.png', type: 'image/png' },
    ]);
    expect(res.status).toBe(422);
    expect(await storedFiles(t)).toEqual(before);
    await t.db.updateTable('locations').set({ active: 1 }).where('id', '=', w.ids.kolam).execute();
  });
});

describe('a stored logo', () => {
  it('is a readable image, so the receipt PDF that draws it can always be printed', async () => {
    const res = await upload(w.all, FORMS[3]!, [{ buf: PNG, name: 'logo.png', type: 'image/png' }]);
    expect(res.status).toBe(303);
    const pdf = await w.all.get(`/distributions/${w.ids.distribution}/receipt.pdf`).buffer(true).parse(binary);
    expect(pdf.status).toBe(200);
    expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
  });
});
