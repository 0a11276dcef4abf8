// The EJS engine the app renders with (issue 19). Each template is compiled once per set of local
// names, as plain JavaScript: the locals are read into variables once, instead of EJS's `with`
// block (which keeps V8 from optimising the template) and its line-tracking debug code, and an
// include is found once, not looked for on disk at every render. The templates are unchanged: they
// are parsed by EJS itself (its Template class), so `<%=`, `<%-`, `locals.x` and
// `typeof x !== 'undefined'` mean what they meant.
import ejs from 'ejs';
import fs from 'node:fs';
import path from 'node:path';

type Locals = Record<string, unknown>;
type Compiled = (locals: Locals, escapeFn: (s: unknown) => string, include: (p: string, data?: Locals) => string) => string;

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
// Names a `var` cannot take, and the ones the compiled function itself uses.
const RESERVED = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally for function if ' +
    'import in instanceof new null return super switch this throw true try typeof var void while with yield let static ' +
    'implements interface package private protected public await arguments eval locals escapeFn include __output __append'
  ).split(' '),
);

const SPECIAL = /[&<>'"]/;
const ejsEscape = ejs.escapeXML as (s: unknown) => string;
/** EJS's escape, with the common case (nothing to escape) answered by one test. */
function escape(v: unknown): string {
  if (v === undefined || v === null) return '';
  const s = String(v);
  return SPECIAL.test(s) ? ejsEscape(s) : s;
}

interface TemplateClass {
  new (text: string, opts: Record<string, unknown>): { source: string; generateSource(): void };
}

export interface ViewEngine {
  /** Express's engine: (file, options, callback). */
  render: (file: string, options: object, cb: (err: unknown, html?: string) => void) => void;
  /** How many compiled variants are held (for the test). */
  size(): number;
}

/**
 * `cache` false (development): each render reads and compiles the files again, so an edited
 * template shows at once. True (production, Express's `view cache`): compiled once.
 */
export function viewEngine(opts: { cache: boolean }): ViewEngine {
  const sources = new Map<string, string>();
  const compiled = new Map<string, Compiled>();
  const found = new Map<string, string>();
  const Template = (ejs as unknown as { Template: TemplateClass }).Template;

  const source = (file: string) => {
    let s = opts.cache ? sources.get(file) : undefined;
    if (s === undefined) {
      s = fs.readFileSync(file, 'utf8');
      if (opts.cache) sources.set(file, s);
    }
    return s;
  };

  /** The template compiled for these locals' names (looked up by the names as given: no filtering on a hit). */
  const compile = (file: string, locals: Locals): Compiled => {
    const key = `${file}\0${Object.keys(locals).join(',')}`;
    let fn = opts.cache ? compiled.get(key) : undefined;
    if (fn) return fn;
    const names = namesOf(locals);
    const t = new Template(source(file), { filename: file, compileDebug: false, client: true, _with: false, localsName: 'locals' });
    t.generateSource();
    const vars = names.length ? `var ${names.map((n) => `${n} = locals.${n}`).join(', ')};\n` : '';
    // The template's own body in a block of its own: its `const x` may share a local's name.
    const body = `var __output = "";\nfunction __append(s) { if (s !== undefined && s !== null) __output += s }\n${vars}{\n${t.source}\n}\nreturn __output;`;
    try {
      fn = new Function('locals', 'escapeFn', 'include', body) as Compiled;
    } catch (err) {
      if (err instanceof SyntaxError) err.message += ` in ${file}`;
      throw err;
    }
    if (opts.cache) compiled.set(key, fn);
    return fn;
  };

  /** `../partials/field` from views/harvests/form.ejs → views/partials/field.ejs, looked up once. */
  const resolve = (from: string, name: string) => {
    const key = `${path.dirname(from)}\0${name}`;
    let file = found.get(key);
    if (file === undefined) {
      file = path.resolve(path.dirname(from), path.extname(name) ? name : `${name}.ejs`);
      if (!fs.existsSync(file)) throw new Error(`Could not find the include file "${name}" (from ${from})`);
      if (opts.cache) found.set(key, file);
    }
    return file;
  };

  const namesOf = (locals: Locals) => Object.keys(locals).filter((n) => IDENTIFIER.test(n) && !RESERVED.has(n));

  const run = (file: string, locals: Locals): string => {
    const fn = compile(file, locals);
    const include = (name: string, data?: Locals) => run(resolve(file, name), data ? { ...locals, ...data } : { ...locals });
    return fn(locals, escape, include);
  };

  return {
    render: (file, options, cb) => {
      let html: string;
      try {
        html = run(file, options as Locals);
      } catch (err) {
        return cb(err);
      }
      cb(null, html);
    },
    size: () => compiled.size,
  };
}
