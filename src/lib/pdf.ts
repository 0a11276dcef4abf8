// PDF building blocks shared by receipts and reports: paper sizes, fonts, a measuring pen, the letterhead, a vector QR code.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { finished, type Writable } from 'node:stream';
import zlib from 'node:zlib';
import * as fontkit from 'fontkit';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { PaperSize } from '../db/database.ts';
import { drained } from './drain.ts';
import { letOthersThrough } from './turns.ts';

const require = createRequire(import.meta.url);
const fontDir = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');

/**
 * Fonts are always selected by file path (`doc.font(FONT_PATHS.bold)`): PDFKit caches a font under
 * its path, while a font registered by name is re-read for every `doc.table()` cell (30× slower).
 * DejaVu covers the characters PDFKit's built-in fonts lack (•, —, ·, ✂).
 */
export const FONT_PATHS = {
  regular: path.join(fontDir, 'DejaVuSans.ttf'),
  bold: path.join(fontDir, 'DejaVuSans-Bold.ttf'),
  condensed: path.join(fontDir, 'DejaVuSansCondensed.ttf'),
  condensedBold: path.join(fontDir, 'DejaVuSansCondensed-Bold.ttf'),
} as const;

const FONT_FILES = new Set<string>(Object.values(FONT_PATHS));
const parsedFonts = new Map<string, fontkit.Font>();

/** A font file parsed once per process: parsing DejaVu's tables cost most of a report's drawing time. */
function parsedFont(file: string): fontkit.Font {
  let f = parsedFonts.get(file);
  if (!f) parsedFonts.set(file, (f = keepDecodedGlyphs(fontkit.create(fs.readFileSync(file)))));
  return f;
}

type DecodingGlyph = { _decode(): unknown };
const keptGlyphs = new WeakSet<object>();

/**
 * Every document embeds the subset of a font it uses, and fontkit decodes each glyph's outline
 * from the font file again for every document (a sixth of a receipt's drawing time): the decoded
 * outline is kept on the glyph, which the process-wide parsed font keeps. Read only: the same bytes.
 */
function keepDecodedGlyphs(font: fontkit.Font): fontkit.Font {
  const f = font as unknown as { getGlyph(...args: unknown[]): DecodingGlyph };
  const getGlyph = f.getGlyph.bind(f);
  f.getGlyph = (...args) => {
    const glyph = getGlyph(...args);
    if (!keptGlyphs.has(glyph)) {
      keptGlyphs.add(glyph);
      const decode = glyph._decode.bind(glyph);
      let decoded: unknown;
      glyph._decode = () => (decoded === undefined ? (decoded = decode()) : decoded);
    }
    return glyph;
  };
  return font;
}

/** Laid-out words kept per font file: a word takes ≈ 2 KB, so the bound keeps each cache near 3 MB. */
const LAYOUTS_KEPT = 1500;
const layouts = new Map<string, Map<string, unknown>>();

/**
 * PDFKit's laying out of a word (glyphs and advances, which depend only on the font), shared by
 * every document: shaping a word with the font's OpenType tables is most of a receipt's drawing
 * time, and receipts repeat their words. Bounded by words, not by documents: an event's 500
 * receipts of different names, addresses and numbers made ≈ 30 MB of it in one document.
 */
function sharedLayout(file: string, text: string, layoutRun: (text: string) => unknown): unknown {
  let cache = layouts.get(file);
  if (!cache) layouts.set(file, (cache = new Map()));
  let run = cache.get(text);
  if (run === undefined) {
    // Started afresh when full: the words every receipt repeats are laid out again at once.
    if (cache.size >= LAYOUTS_KEPT) cache.clear();
    cache.set(text, (run = layoutRun(text)));
  }
  return run;
}

/**
 * The glyphs a document with stable fonts (`DocumentOptions.stableFonts`) embeds of every font it
 * uses, first and in this order: printable ASCII, the few other characters the receipts print
 * (– — · • ✂ …) and DejaVu's ligatures, which PDFKit's shaping puts in place of f+i and the like.
 */
const STABLE_TEXTS = [
  ...Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i)),
  ...'–—·•✂…‘’“”',
  'ff',
  'fi',
  'fl',
  'ffi',
  'ffl',
];

/** Documents whose fonts start with the stable glyphs. */
const stableDocs = new WeakSet<object>();

/**
 * Makes `doc.font(FONT_PATHS.x)` use the process-wide parsed font: the first time a document asks
 * for a path, it gets an embedded font made from the parsed one and cached under that path (each
 * document still embeds only its own subset of glyphs, the stable ones first when asked).
 */
function shareParsedFonts(doc: PDFKit.PDFDocument): void {
  const font = doc.font.bind(doc) as (src: unknown, family?: unknown, size?: number) => PDFKit.PDFDocument;
  const families = (doc as unknown as { _fontFamilies: Record<string, unknown> })._fontFamilies;
  (doc as unknown as { font: typeof font }).font = (src, family, size) => {
    if (typeof src === 'string' && FONT_FILES.has(src) && !families[src]) {
      font(parsedFont(src), src);
      const embedded = families[src] as {
        layoutCached(text: string): unknown;
        layoutRun(text: string): unknown;
        encode(text: string): unknown;
      };
      embedded.layoutCached = (text) => sharedLayout(src, text, (t) => embedded.layoutRun(t));
      if (stableDocs.has(doc)) for (const t of STABLE_TEXTS) embedded.encode(t);
    }
    return font(src, family, size);
  };
}

/** Points per millimetre. */
export const MM = 72 / 25.4;

/** Portrait [width, height] in points; F4 (folio, as sold in Indonesia) is 215 × 330 mm. */
export const PAGE_SIZES: Record<PaperSize, [number, number]> = {
  a4: [595.28, 841.89],
  f4: [609.45, 935.43],
};

export type Doc = PDFKit.PDFDocument;

export interface DocumentOptions {
  title: string;
  subject?: string;
  /** Page margin in points; 0 (the default) means every text is placed explicitly and never flows onto a new page. */
  margin?: number;
  layout?: 'portrait' | 'landscape';
  /** Keep every page open until the end, to write "Halaman X dari Y" on each (`doc.switchToPage`). */
  bufferPages?: boolean;
  /** The document's creation date; a fixed one makes the same content give the same bytes. */
  createdAt?: Date;
  /**
   * Every font starts with the same glyphs (`STABLE_TEXTS`), so that two documents whose text uses
   * no others embed the same font file, cut and compressed once per process (`finishInTurns`): a
   * receipt spent a sixth of its time on its fonts. The price is the glyphs it does not use (≈ 10 KB
   * more a receipt). Not for documents whose bytes must stay as they were (a final report).
   */
  stableFonts?: boolean;
}

/**
 * A document without a first page. The size and margin are kept as the document's page options,
 * so a bare `doc.addPage()` adds the right paper (an `addPage({...})` with options must repeat them).
 */
export function newDocument(size: PaperSize, opts: DocumentOptions): Doc {
  const doc = new PDFDocument({
    autoFirstPage: false,
    size: PAGE_SIZES[size],
    layout: opts.layout ?? 'portrait',
    margin: opts.margin ?? 0,
    // No default font here (PDFKit would parse it again): DejaVu is set below, from the parsed copy.
    font: '',
    bufferPages: opts.bufferPages ?? false,
    info: {
      Title: opts.title,
      Subject: opts.subject ?? '',
      Author: 'Lumbung',
      Creator: 'Lumbung',
      ...(opts.createdAt ? { CreationDate: opts.createdAt, ModDate: opts.createdAt } : {}),
    },
  });
  if (opts.stableFonts) stableDocs.add(doc);
  shareParsedFonts(doc);
  doc.on('pageAdded', () => gatherContent((doc as unknown as { page: { content: ContentRef } }).page.content));
  return doc.font(FONT_PATHS.regular);
}

/** The part of PDFKit's `PDFReference` a page's content stream is written through. */
interface ContentRef {
  buffer: Uint8Array[];
  uncompressedLength: number;
  compress: boolean;
  data: { Length?: number; Filter?: string };
  write(chunk: string | Uint8Array): void;
  finalize(): void;
}

const BLOCK = 256 * 1024;

/** How to take a page's content back to a point (`markContent`), per content stream. */
const contentMarks = new WeakMap<ContentRef, () => () => void>();

/** The state of the document that drawing moves and the next drawing may start from. */
const DRAWING_STATE = ['x', 'y', '_font', '_fontSize', '_fontFamily', '_fontSource', '_lineGap', '_fillColor'] as const;

/**
 * Marks the current page's content; the function returned takes the page back to the mark, as if
 * nothing had been drawn since: its content, the cursor, the font and the fill colour. Used to
 * draw something first and take it back if it did not fit, instead of measuring everything before
 * drawing it. Whatever was drawn since must have restored every graphics state it saved. Fonts,
 * images and opacities first used since stay in the file (objects the page no longer uses, which
 * change nothing on it; a redraw of the same thing uses them again).
 */
export function markContent(doc: Doc): () => void {
  const d = doc as unknown as Record<string, unknown> & { page: { content: ContentRef }; _ctm: number[] };
  const mark = contentMarks.get(d.page.content);
  if (!mark) throw new Error('markContent: page content not gathered (newDocument)');
  const takeContentBack = mark();
  const state = DRAWING_STATE.map((k) => d[k]);
  const ctm = d._ctm.slice();
  return () => {
    takeContentBack();
    DRAWING_STATE.forEach((k, i) => (d[k] = state[i]));
    d._ctm = ctm;
  };
}

/**
 * A page's content written into 256 KB blocks outside the JavaScript heap. PDFKit turns every
 * drawing operation (a line of text, a rectangle) into a small byte array of its own, copied a
 * character at a time, and keeps them all until the page ends: a receipt made thousands, which
 * the garbage collector copied again and again (GC was ≈ a quarter of an event PDF's drawing).
 * The bytes, their order and the stream's length are the same. A block is above glibc's mmap
 * threshold (128 KB, set by `npm start`), so it goes back to the system once freed: 64 KB blocks,
 * taken from malloc's heap, left the server ≈ 25 MB larger after an event PDF.
 */
function gatherContent(ref: ContentRef): void {
  let block: Buffer | null = null;
  let used = 0;
  // A block's bytes go to PDFKit's list; the block itself is let go (a page ended keeps none).
  const close = () => {
    if (block && used) ref.buffer.push(block.subarray(0, used));
    block = null;
    used = 0;
  };
  const write = ref.write.bind(ref);
  ref.write = (chunk) => {
    if (typeof chunk !== 'string') {
      close();
      return write(chunk);
    }
    const n = chunk.length + 1;
    if (!block || used + n > block.length) {
      close();
      block = Buffer.allocUnsafe(Math.max(BLOCK, n));
    }
    // latin1 keeps each character's low byte, as PDFKit's own conversion does.
    used += block.write(chunk, used, 'latin1');
    block[used++] = 0x0a;
    ref.uncompressedLength += n;
    ref.data.Length = (ref.data.Length ?? 0) + n;
    if (ref.compress) ref.data.Filter = 'FlateDecode';
  };
  const finalize = ref.finalize.bind(ref);
  ref.finalize = () => {
    close();
    finalize();
  };
  contentMarks.set(ref, () => {
    const at = { parts: ref.buffer.length, block, used, length: ref.data.Length, uncompressed: ref.uncompressedLength };
    return () => {
      // The blocks closed since are dropped; the marked one is written on again from where it was.
      ref.buffer.length = at.parts;
      block = at.block;
      used = at.used;
      ref.uncompressedLength = at.uncompressed;
      if (at.length === undefined) delete ref.data.Length;
      else ref.data.Length = at.length;
    };
  });
}

/**
 * Runs `draw` with PDFKit's flowing onto a new page turned off: text or a table row that would run
 * past the bottom of the page only sets `overflowed` (what it drew meanwhile is to be taken back,
 * `markContent`), instead of adding a page.
 */
export function withoutNewPages<T>(doc: Doc, draw: () => T): { value: T; overflowed: boolean } {
  const d = doc as unknown as { continueOnNewPage?: () => Doc };
  const own = Object.getOwnPropertyDescriptor(d, 'continueOnNewPage');
  let overflowed = false;
  d.continueOnNewPage = () => {
    overflowed = true;
    return doc;
  };
  try {
    const value = draw();
    return { value, overflowed };
  } finally {
    // Back to what was there: PDFKit's own, on the prototype, unless this call was inside another.
    if (own) Object.defineProperty(d, 'continueOnNewPage', own);
    else delete d.continueOnNewPage;
  }
}

/** Ends the document (in turns, `finishInTurns`) and resolves with its bytes. */
export async function toBuffer(doc: Doc): Promise<Buffer> {
  await finishInTurns(doc);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

type PageBuffering = {
  _pageBuffer: Array<{ end(): void }>;
  _pageBufferStart: number;
  endPageMarkings(page: unknown): void;
  _fontFamilies: Record<string, EmbeddingFont>;
  ref(data?: object): { compress: boolean; data: { Length?: number; Filter?: string }; end(chunk?: unknown): void };
};

/** The part of PDFKit's `EmbeddedFont` its embedding goes through. */
interface EmbeddingFont {
  font: object;
  dictionary?: unknown;
  embedded?: boolean;
  subset?: { glyphs: number[]; encode(): Uint8Array };
  embed(): void;
}

/** A font some text was written in: it has glyphs to embed. */
type UsedFont = EmbeddingFont & { subset: NonNullable<EmbeddingFont['subset']> };

/** Font files cut and compressed, per parsed font and list of glyphs: a receipt's are the same each time. */
const keptFontFiles = new WeakMap<object, Map<string, Buffer>>();
const FONT_FILES_KEPT = 16;

/**
 * The font file a document with stable fonts embeds, compressed as PDFKit compresses it
 * (`deflateSync` with zlib's default level), made once per list of glyphs and kept.
 */
function keptFontFile(font: UsedFont): Buffer {
  let files = keptFontFiles.get(font.font);
  if (!files) keptFontFiles.set(font.font, (files = new Map()));
  // The list before cutting: cutting adds the parts of composite glyphs, the same for the same list.
  const key = font.subset.glyphs.join(',');
  let file = files.get(key);
  // The least recently used goes first: a print of many names with other letters (é, ñ) does
  // not push out the list every plain receipt uses.
  if (file) files.delete(key);
  else {
    if (files.size >= FONT_FILES_KEPT) files.delete(files.keys().next().value!);
    file = zlib.deflateSync(font.subset.encode());
  }
  files.set(key, file);
  return file;
}

/**
 * Embeds `font` with its kept font file: the file's object is made uncompressed with the filter
 * named, so PDFKit writes the compressed bytes as they are. The object is the same as PDFKit's
 * own (the same dictionary, in the same order, over the same bytes).
 */
function embedKeptFile(d: PageBuffering, font: UsedFont): void {
  const file = keptFontFile(font);
  const embed = font.embed.bind(font);
  font.embed = () => {
    const ref = d.ref;
    let written = false;
    // The object that is given the font file writes it as it is, with the filter named.
    d.ref = (data) => {
      const r = ref.call(d, data);
      const end = r.end.bind(r);
      r.end = (chunk) => {
        if (chunk === file) {
          written = true;
          r.compress = false;
          r.data.Length = 0;
          r.data.Filter = 'FlateDecode';
        }
        end(chunk);
      };
      return r;
    };
    font.subset.encode = () => file;
    try {
      embed();
    } finally {
      d.ref = ref;
    }
    // A PDFKit that wrote the font file another way would have written compressed bytes unnamed.
    if (!written) throw new Error('embedKeptFile: PDFKit did not write the font file through end()');
  };
}

/**
 * Does the heavy part of `doc.end()` first, one piece per turn of the event loop: with
 * `bufferPages`, `end()` compressed every page and then cut every font's subset, all in one turn
 * (a monthly report held every other user for 55–60 ms). Called once nothing more is drawn. The
 * pages are ended as PDFKit's `flushPages` ends them, in the same order; each font's subset is
 * cut (fontkit's `encode`) and kept for `end()` to embed. `end()` still creates and writes every
 * object in its own order, so the file is byte for byte the one `end()` alone writes (a final
 * report must print the same bytes years later: test/unit/report-snapshot-compat.test.ts).
 */
async function finishInTurns(doc: Doc): Promise<void> {
  const d = doc as unknown as PageBuffering;
  while (d._pageBuffer.length) {
    await letOthersThrough();
    const page = d._pageBuffer.shift()!;
    d._pageBufferStart++;
    d.endPageMarkings(page);
    page.end();
  }
  // A font is listed under its file path and its PostScript name; one used has a dictionary.
  for (const font of new Set(Object.values(d._fontFamilies))) {
    const subset = font.subset;
    if (!subset || font.embedded || font.dictionary == null) continue;
    await letOthersThrough();
    if (stableDocs.has(doc)) {
      embedKeptFile(d, font as UsedFont);
      continue;
    }
    const bytes = subset.encode();
    subset.encode = () => bytes;
  }
}

/** A document being sent: `flush` after each sheet, `end` once the last is drawn. */
export interface DocStream {
  /**
   * Writes what the document made since the last flush as one chunk, and waits while `out` holds
   * more than its buffer (a slow client then holds the drawing, not the server the document).
   */
  flush(): Promise<void>;
  /** Ends the document; resolves once `out` has taken every byte. */
  end(): Promise<void>;
}

/**
 * Sends the document's bytes to `out` as they are made, instead of collecting them. PDFKit pushes
 * every line of every object as its own small chunk; piped straight into the response, each one
 * went through the response's stream machinery on its own. They are gathered here and written
 * once per `flush`.
 */
export function streamTo(doc: Doc, out: Writable): DocStream {
  let gathered: Buffer[] = [];
  doc.on('data', (c: Buffer) => gathered.push(c));
  const write = (): boolean => {
    if (!gathered.length) return true;
    const chunk = gathered.length === 1 ? gathered[0]! : Buffer.concat(gathered);
    gathered = [];
    // A client that went away takes nothing more: the drawing stops at its next check.
    return out.destroyed || out.writableEnded ? true : out.write(chunk);
  };
  return {
    flush: () => (write() ? Promise.resolve() : drained(out)),
    end: async () => {
      await finishInTurns(doc);
      return new Promise<void>((resolve, reject) => {
        finished(out, (err) => (err ? reject(err) : resolve()));
        doc.on('error', reject);
        doc.on('end', () => {
          write();
          if (!out.destroyed) out.end();
        });
        doc.end();
      });
    },
  };
}

export interface TextStyle {
  font?: string;
  size: number;
  color?: string;
  align?: 'left' | 'center' | 'right' | 'justify';
  underline?: boolean;
}

/**
 * Writes at scale `s` (sizes are given at scale 1), or, when not `drawing`, only works out where
 * the writing would end. A page fitted before it is drawn runs the same code twice, so the
 * measuring and the drawing cannot disagree.
 */
export class Pen {
  constructor(
    readonly doc: Doc,
    readonly s: number,
    readonly drawing: boolean,
  ) {}

  mm(n: number): number {
    return n * MM * this.s;
  }

  /** A paragraph wrapped to `w`; returns the y below it. */
  text(str: string, x: number, y: number, w: number, st: TextStyle): number {
    if (!str) return y;
    const { doc } = this;
    doc.font(st.font ?? FONT_PATHS.regular).fontSize(st.size * this.s);
    const opts = { width: w, align: st.align ?? 'left', lineGap: 0.12 * st.size * this.s };
    if (!this.drawing) return y + doc.heightOfString(str, opts);
    doc.fillColor(st.color ?? 'black').text(str, x, y, { ...opts, underline: st.underline ?? false });
    return doc.y;
  }

  width(str: string, font: string, size: number): number {
    return this.doc
      .font(font)
      .fontSize(size * this.s)
      .widthOfString(str);
  }
}

export interface Box {
  x: number;
  y: number;
  w: number;
}

/** The kop surat, as set in the settings in force on the document's date. */
export interface Letterhead {
  ministryLine: string;
  kanwilLine: string;
  unitName: string;
  address: string;
  contactLine: string;
  /** Absolute path of the logo image, or null. */
  logoPath: string | null;
}

export interface LetterheadOptions {
  /** 1 on a full page; about 0.75 on half a sheet. */
  scale?: number;
  /** Only work out the height, drawing nothing: a caller fits its page before drawing it. */
  measure?: boolean;
}

/**
 * The kop surat: logo on the left, the lines centred between the logo and its mirror (so they sit
 * in the middle of the page), a thick and a thin rule under them. Returns the y where the body
 * may start, below the rules.
 */
export function drawLetterhead(doc: Doc, lh: Letterhead, box: Box, opts: LetterheadOptions = {}): number {
  const s = opts.scale ?? 1;
  const side = 20 * MM * s;
  const gap = 3 * MM * s;
  const textX = box.x + side + gap;
  const textW = box.w - 2 * (side + gap);
  let y = box.y;
  // Address and contact are one pair: they shrink together, so they keep the same size.
  const lines: Array<{ text: string; font: string; size: number; pair?: boolean }> = [
    { text: lh.ministryLine, font: FONT_PATHS.bold, size: 11 },
    { text: lh.kanwilLine, font: FONT_PATHS.bold, size: 10 },
    { text: lh.unitName, font: FONT_PATHS.bold, size: 13 },
    { text: lh.address, font: FONT_PATHS.regular, size: 8.5, pair: true },
    { text: lh.contactLine, font: FONT_PATHS.regular, size: 8.5, pair: true },
  ].filter((l) => l.text);
  // A kop line stays on one line if shrinking it by up to 30 % is enough; beyond that it wraps.
  const fits = lines.map((l) =>
    Math.max(
      0.7,
      Math.min(
        1,
        textW /
          doc
            .font(l.font)
            .fontSize(l.size * s)
            .widthOfString(l.text),
      ),
    ),
  );
  const pairFit = Math.min(1, ...fits.filter((_, i) => lines[i]!.pair));
  lines.forEach((l, i) => {
    doc.font(l.font).fontSize(l.size * s * (l.pair ? pairFit : fits[i]!));
    const textOpts = { width: textW, align: 'center' as const, lineGap: 0.6 * s };
    if (opts.measure) {
      y += doc.heightOfString(l.text, textOpts);
    } else {
      doc.fillColor('black').text(l.text, textX, y, textOpts);
      y = doc.y;
    }
  });
  const textBottom = y;
  y = Math.max(textBottom, box.y + side) + 1.5 * MM * s;
  if (!opts.measure) {
    if (lh.logoPath) {
      // Centred against the text block; PDFKit embeds one copy of an image per path.
      const logoY = box.y + Math.max(0, (textBottom - box.y - side) / 2);
      try {
        doc.image(lh.logoPath, box.x, logoY, { fit: [side, side], align: 'center', valign: 'center' });
      } catch {
        // A logo file that cannot be read (stored before logos were checked, or damaged since) must
        // not stop a receipt or a report from printing: the letterhead prints without it.
      }
    }
    doc
      .save()
      .strokeColor('black')
      .lineWidth(1.8 * s)
      .moveTo(box.x, y)
      .lineTo(box.x + box.w, y)
      .stroke();
    doc
      .lineWidth(0.6 * s)
      .moveTo(box.x, y + 2.6 * s)
      .lineTo(box.x + box.w, y + 2.6 * s)
      .stroke()
      .restore();
  }
  return y + 2.6 * s + 3.5 * MM * s;
}

/**
 * A QR code drawn as vector squares inside a `size` × `size` square, quiet zone included: sharp at
 * any print size, with no image to embed.
 */
export function drawQr(doc: Doc, text: string, x: number, y: number, size: number): void {
  // One byte-mode segment: the library's search for the shortest mix of modes (a graph over the
  // text) cost as much as drawing the code, and a link fits a small version either way.
  const qr = QRCode.create([{ data: Buffer.from(text), mode: 'byte' }], { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const quiet = 2;
  const cell = size / (n + 2 * quiet);
  // PDFKit's own number format; the squares go into the page as one piece, not an operation each.
  const num = (v: number) => Math.round(v * 1e6) / 1e6;
  const squares: string[] = [];
  for (let r = 0; r < n; r++) {
    // One rectangle per run of dark modules in a row: far fewer path operations than one per module.
    let c = 0;
    while (c < n) {
      if (!qr.modules.get(r, c)) {
        c++;
        continue;
      }
      const start = c;
      while (c < n && qr.modules.get(r, c)) c++;
      squares.push(`${num(x + (start + quiet) * cell)} ${num(y + (r + quiet) * cell)} ${num((c - start) * cell)} ${num(cell)} re`);
    }
  }
  doc.save();
  if (squares.length) doc.addContent(squares.join('\n'));
  doc.fillColor('black').fill().restore();
}

/**
 * A large faint word (KONSEP, BATAL, PRATINJAU) drawn as the outlines of its letters, rotated about
 * (cx, cy): it is seen on the page and on paper, but it is not text, so copying or extracting the
 * PDF's text (pdftotext, a search) never picks its letters up in the middle of a sentence.
 * `size` is the font size in points; returns nothing: the caller keeps its own cursor.
 */
export function drawOutlinedWord(
  doc: Doc,
  word: string,
  o: { font: string; size: number; cx: number; cy: number; angle: number; color: string; opacity: number },
): void {
  const font = parsedFont(o.font) as unknown as OutlineFont;
  const run = font.layout(word);
  const scale = o.size / font.unitsPerEm;
  const width = run.advanceWidth * scale;
  // Centred on the cap height: a word in capitals sits on its middle.
  const capHeight = (font.capHeight || font.unitsPerEm * 0.72) * scale;
  doc
    .save()
    .rotate(o.angle, { origin: [o.cx, o.cy] })
    .fillColor(o.color)
    .fillOpacity(o.opacity);
  // Font units go up; the page goes down: flip y about the baseline.
  doc.translate(o.cx - width / 2, o.cy + capHeight / 2).scale(scale, -scale);
  let x = 0;
  run.glyphs.forEach((g, i) => {
    const p = run.positions[i]!;
    doc
      .save()
      .translate(x + p.xOffset, p.yOffset)
      .path(g.path.toSVG())
      .fill('nonzero')
      .restore();
    x += p.xAdvance;
  });
  doc.restore();
}

/** The little of fontkit's glyph API that outlines need (fontkit ships no types). */
interface OutlineFont {
  unitsPerEm: number;
  capHeight: number;
  layout(text: string): {
    advanceWidth: number;
    glyphs: Array<{ path: { toSVG(): string } }>;
    positions: Array<{ xAdvance: number; xOffset: number; yOffset: number }>;
  };
}
