// The form property: a valid body read from the form's own page, then one to a few fields
// replaced by hostile values. Never a 500; a refusal is an Indonesian page and changes nothing.
import fc from 'fast-check';
import type request from 'supertest';
import { expect } from 'vitest';
import type { Agent, TestApp } from '../../support/app.ts';
import { token } from '../../support/app.ts';
import type { World } from '../../support/fuzz-world.ts';
import {
  applyMutation,
  checkAnswer,
  encode,
  fingerprint,
  formOn,
  fuzzOptions,
  mutationOf,
  setField,
  type Fields,
} from '../../support/fuzz.ts';

export interface FormCase {
  /** The route as the route table writes it, e.g. `/harvests/:id/void`. */
  route: string;
  /** The page with the form (default: the route's page by convention, given here explicitly). */
  page: string;
  /** Values that make the page's form valid (a required field the page leaves empty). */
  fill?: Record<string, string | string[]>;
  /** Per-run values: a fresh unique name, or a fresh record to void (its id as `:id`). */
  fresh?: (
    n: number,
  ) => Promise<{ fill?: Record<string, string | string[]>; id?: number }> | { fill?: Record<string, string | string[]>; id?: number };
  /** The agent posting (default: the user holding every role). */
  agent?: Agent;
  /** A new agent for every run, which reads the page again (login and logout change the session). */
  newAgent?: () => Agent | Promise<Agent>;
  /** What the unchanged baseline gets first: 303 for a form that saves; null to send none. */
  baseline?: number | null;
  /** Sent as multipart/form-data, as the browser sends a form with a file input. */
  multipart?: boolean;
  /** Called after a successful post, with the body sent (e.g. to track a changed password). */
  onSuccess?: (body: Fields) => void;
  runs?: number;
}

function withFill(fields: Fields, fill: Record<string, string | string[]> = {}): Fields {
  let out = fields;
  for (const [k, v] of Object.entries(fill)) {
    if (Array.isArray(v)) out = [...out.filter(([name]) => name !== k), ...v.map((x): [string, string] => [k, x])];
    else out = setField(out, k, v);
  }
  return out;
}

/** As a browser sends the form: urlencoded, or multipart (a form with a file input) with no file. */
async function post(agent: Agent, path: string, body: Fields, multipart = false): Promise<request.Response> {
  if (!multipart) return agent.post(path).type('form').send(encode(body));
  let req = agent.post(path);
  for (const [k, v] of body)
    req = req.field(k, v.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'));
  return req;
}

/** Runs the property for one form; returns how many requests were refused, saved and otherwise answered. */
export async function fuzzForm(t: TestApp, w: World, c: FormCase) {
  let agent = c.agent ?? w.all;
  const formOf = async () => {
    const page = await agent.get(c.page);
    expect(page.status, `GET ${c.page}`).toBe(200);
    return formOn(page.text, c.route);
  };
  let form = await formOf();
  const actionOf = (id?: number) => (id === undefined ? form.action : form.action.replace(/\/\d+(?=\/|\?|$)/, `/${id}`));
  let n = 0;
  const bodyFor = async () => {
    n += 1;
    if (c.newAgent && n > 1) {
      agent = await c.newAgent();
      form = await formOf();
    }
    const f = c.fresh ? await c.fresh(n) : {};
    let body = withFill(withFill(form.fields, c.fill), f.fill);
    if (body.some(([k]) => k === 'form_token')) body = setField(body, 'form_token', token());
    return { body, path: actionOf(f.id) };
  };

  if (c.baseline !== null) {
    const first = await bodyFor();
    const ok = await post(agent, first.path, first.body, c.multipart);
    expect(ok.status, `baseline POST ${first.path}: ${ok.text.slice(0, 300)}`).toBe(c.baseline ?? 303);
    if (ok.status === 303) c.onSuccess?.(first.body);
  }

  const names = [...new Set(form.fields.map(([k]) => k).concat(Object.keys(c.fill ?? {})))].filter((k) => k !== '_csrf');
  const tally = { refused: 0, saved: 0, other: 0 };
  await fc.assert(
    fc.asyncProperty(mutationOf(names), async (m) => {
      const { body, path } = await bodyFor();
      const sent = applyMutation(body, m);
      const before = await fingerprint(t);
      const res = await post(agent, path, sent, c.multipart);
      const label = `POST ${path} ${JSON.stringify(m).slice(0, 300)}`;
      checkAnswer(res, label);
      if (res.status >= 400) {
        tally.refused += 1;
        expect(await fingerprint(t), `${label}: refused, yet the data changed`).toBe(before);
      } else if (res.status === 303) {
        tally.saved += 1;
        c.onSuccess?.(sent);
        const next = res.headers.location!;
        if (next.startsWith('/')) checkAnswer(await agent.get(next), `${label} → GET ${next}`);
      } else tally.other += 1;
    }),
    fuzzOptions(c.runs),
  );
  return tally;
}
