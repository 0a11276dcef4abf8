// The app's EJS engine (src/web/view-engine.ts): the same output as EJS's own renderFile for the
// same templates, compiled once per set of local names when cached, and read again when not.
import ejs from 'ejs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { viewEngine } from '../../src/web/view-engine.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbung-views-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string) => {
  fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
  fs.writeFileSync(path.join(dir, name), text);
  return path.join(dir, name);
};

write(
  'partials/field.ejs',
  `<% const id = 'f-' + name; %><label for="<%= id %>"><%= label %></label><%= locals.hint ? '(' + hint + ')' : '' %>`,
);
const page = write(
  'pages/form.ejs',
  [
    `<% const heading = 'Panen: ' + title; %><h1><%= heading %></h1>`,
    `<%- include('../partials/field', { name: 'weight', label: 'Berat <kg>', id: 'given' }) %>`,
    `<%- include('../partials/field', { name: 'note', label: 'Catatan', hint: 'boleh kosong' }) %>`,
    `<% for (const r of rows) { %><li><%= r %></li><% } %>`,
    `<%= typeof missing !== 'undefined' ? 'ada' : 'tidak ada' %>|<%= locals.user ? user.name : 'tamu' %>|<%- raw %>`,
  ].join('\n'),
);

const renderWith = (render: ReturnType<typeof viewEngine>['render'], file: string, locals: object) =>
  new Promise<string>((resolve, reject) => render(file, locals, (err, html) => (err ? reject(err) : resolve(html!))));
const viaEjs = (file: string, locals: object) =>
  new Promise<string>((resolve, reject) => ejs.renderFile(file, locals, (err, html) => (err ? reject(err) : resolve(html))));

describe('the view engine', () => {
  const samples = [
    { title: 'Terong & co', rows: ['<b>1</b>', '2'], raw: '<i>x</i>', user: { name: 'Slamet' } },
    { title: 'Lele', rows: [], raw: '', user: null, missing: 1 },
  ];

  it('prints what EJS prints: escaping, includes with their own data, a const named like a local, typeof and locals.x', async () => {
    const engine = viewEngine({ cache: true });
    for (const locals of samples) expect(await renderWith(engine.render, page, locals)).toBe(await viaEjs(page, locals));
    expect(await renderWith(engine.render, page, samples[0]!)).toContain('<h1>Panen: Terong &amp; co</h1>');
  });

  it('cached: compiled once per set of local names, not per render', async () => {
    const engine = viewEngine({ cache: true });
    await renderWith(engine.render, page, samples[0]!);
    const after = engine.size();
    for (let i = 0; i < 5; i++) await renderWith(engine.render, page, { ...samples[0]!, title: String(i) });
    expect(engine.size()).toBe(after);
    await renderWith(engine.render, page, samples[1]!); // another set of names (missing)
    expect(engine.size()).toBeGreaterThan(after);
  });

  it('not cached: an edited template shows at once', async () => {
    const file = write('pages/edit.ejs', 'satu <%= x %>');
    const engine = viewEngine({ cache: false });
    expect(await renderWith(engine.render, file, { x: 1 })).toBe('satu 1');
    write('pages/edit.ejs', 'dua <%= x %>');
    expect(await renderWith(engine.render, file, { x: 1 })).toBe('dua 1');
  });

  it('a missing include or a name no one gave is an error for the callback, not a throw', async () => {
    const engine = viewEngine({ cache: true });
    const bad = write('pages/bad.ejs', `<%- include('../partials/none') %>`);
    await expect(renderWith(engine.render, bad, {})).rejects.toThrow(/Could not find the include file/);
    const unknown = write('pages/unknown.ejs', `<%= nobody %>`);
    await expect(renderWith(engine.render, unknown, {})).rejects.toThrow(ReferenceError);
  });
});
