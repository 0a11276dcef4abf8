// A report that flows from page to page: headings, paragraphs and tables whose header repeats on
// every page they cross, with nothing drawn past the bottom margin.
import { FONT_PATHS as F, MM, type Doc } from './pdf.ts';

export interface FlowColumn {
  header: string;
  /** A share of the table's width (the shares are scaled to fill it). */
  width: number;
  align?: 'left' | 'center' | 'right';
}

export interface FlowRow {
  cells: string[];
  /** A total or subtotal line: bold on a tinted background. */
  strong?: boolean;
}

const HEAD_BG = '#e9efe9';
const RULE = '#9aa59a';
const GREY = '#4d4d4d';

export class Flow {
  y: number;
  readonly left: number;
  readonly width: number;
  private readonly bottom: number;

  constructor(
    readonly doc: Doc,
    readonly margins: { top: number; bottom: number; side: number },
  ) {
    this.left = margins.side;
    this.width = doc.page.width - 2 * margins.side;
    this.bottom = doc.page.height - margins.bottom;
    this.y = margins.top;
  }

  newPage(): void {
    this.doc.addPage();
    this.y = this.margins.top;
  }

  /** Starts a new page unless `h` points still fit on this one. */
  ensure(h: number): void {
    if (this.y + h > this.bottom) this.newPage();
  }

  get room(): number {
    return this.bottom - this.y;
  }

  private height(str: string, w: number, font: string, size: number): number {
    return this.doc
      .font(font)
      .fontSize(size)
      .heightOfString(str, { width: w, lineGap: 0.15 * size });
  }

  /** A paragraph; `keepWith` reserves room for what must follow on the same page (a heading's first lines). */
  text(
    str: string,
    opts: {
      font?: string;
      size?: number;
      color?: string;
      align?: 'left' | 'center' | 'right';
      gap?: number;
      keepWith?: number;
      x?: number;
      w?: number;
    } = {},
  ): void {
    const font = opts.font ?? F.regular;
    const size = opts.size ?? 9.5;
    const x = opts.x ?? this.left;
    const w = opts.w ?? this.width;
    const h = this.height(str, w, font, size);
    this.ensure(h + (opts.keepWith ?? 0));
    this.doc
      .font(font)
      .fontSize(size)
      .fillColor(opts.color ?? 'black')
      .text(str, x, this.y, { width: w, align: opts.align ?? 'left', lineGap: 0.15 * size });
    this.y += h + (opts.gap ?? 2 * MM);
  }

  /** A section heading, kept on the page with at least 40 mm of what follows. */
  heading(str: string, level: 1 | 2 = 1): void {
    if (level === 1) this.y += 2 * MM;
    this.text(str, { font: F.bold, size: level === 1 ? 11 : 9.5, gap: 1.5 * MM, keepWith: 40 * MM });
  }

  /** A table; rows that do not fit go to the next page under a repeated header. */
  table(columns: FlowColumn[], rows: FlowRow[], opts: { size?: number; empty?: string } = {}): void {
    const { doc } = this;
    const size = opts.size ?? 8.5;
    const padY = 0.8 * MM;
    const share = columns.reduce((s, c) => s + c.width, 0);
    const widths = columns.map((c) => (c.width / share) * this.width);
    // Narrow columns (many commodities) keep more of their width for the text.
    const padX = Math.min(1.4 * MM, ...widths.map((w) => w * 0.08));
    // A header whose longest word is wider than its column is set smaller, never broken mid-word.
    const headSizes = columns.map((c, i) => {
      const longest = Math.max(...c.header.split(/\s+/).map((w) => doc.font(F.condensedBold).fontSize(size).widthOfString(w)));
      return Math.max(5, Math.min(size, (size * (widths[i]! - 2 * padX)) / longest));
    });
    // A number (a right-aligned cell) stays on one line: set smaller when it is wider than its column.
    const isNumber = (i: number, sizes?: number[]) => !sizes && columns[i]!.align === 'right';
    const sizeOf = (c: string, i: number, font: string, sizes?: number[]) => {
      if (sizes) return sizes[i]!;
      if (!isNumber(i) || !c) return size;
      return Math.max(5, Math.min(size, (size * (widths[i]! - 2 * padX)) / doc.font(font).fontSize(size).widthOfString(c)));
    };
    // A number is one line, never wrapped: a quantity split over two lines reads as another quantity.
    const cellHeight = (c: string, i: number, font: string, sizes?: number[]) => {
      const sz = sizeOf(c, i, font, sizes);
      return isNumber(i, sizes)
        ? doc.font(font).fontSize(sz).currentLineHeight(true)
        : this.height(c || ' ', widths[i]! - 2 * padX, font, sz);
    };
    const rowHeight = (cells: string[], font: string, sizes?: number[]) =>
      Math.max(...cells.map((c, i) => cellHeight(c, i, font, sizes))) + 2 * padY;

    const drawRow = (cells: string[], font: string, bg: string | null, h: number, sizes?: number[]) => {
      let x = this.left;
      if (bg) doc.save().rect(this.left, this.y, this.width, h).fill(bg).restore();
      cells.forEach((c, i) => {
        const sz = sizeOf(c, i, font, sizes);
        doc.font(font).fontSize(sz).fillColor('black');
        if (isNumber(i, sizes)) {
          // Placed by hand at the right edge: PDFKit wraps any text given a width.
          doc.text(c, x + widths[i]! - padX - doc.widthOfString(c), this.y + padY, { lineBreak: false });
        } else {
          doc.text(c, x + padX, this.y + padY, { width: widths[i]! - 2 * padX, align: columns[i]!.align ?? 'left', lineGap: 0.15 * sz });
        }
        x += widths[i]!;
      });
      doc
        .save()
        .strokeColor(RULE)
        .lineWidth(0.4)
        .moveTo(this.left, this.y + h)
        .lineTo(this.left + this.width, this.y + h)
        .stroke()
        .restore();
      this.y += h;
    };
    const header = columns.map((c) => c.header);
    const headH = rowHeight(header, F.condensedBold, headSizes);
    const drawHeader = () => {
      doc
        .save()
        .strokeColor(RULE)
        .lineWidth(0.4)
        .moveTo(this.left, this.y)
        .lineTo(this.left + this.width, this.y)
        .stroke()
        .restore();
      drawRow(header, F.condensedBold, HEAD_BG, headH, headSizes);
    };

    const body = rows.length ? rows : [{ cells: [opts.empty ?? 'Tidak ada.'], strong: false, span: true }];
    const firstH = rows.length ? rowHeight(rows[0]!.cells, rows[0]!.strong ? F.bold : F.regular) : headH;
    this.ensure(headH + firstH);
    drawHeader();
    for (const r of body) {
      if ('span' in r) {
        doc
          .font(F.regular)
          .fontSize(size)
          .fillColor(GREY)
          .text(r.cells[0]!, this.left + padX, this.y + padY, { width: this.width - 2 * padX });
        this.y += this.height(r.cells[0]!, this.width - 2 * padX, F.regular, size) + 2 * padY;
        continue;
      }
      const font = r.strong ? F.bold : F.regular;
      const h = rowHeight(r.cells, font);
      if (this.y + h > this.bottom) {
        this.newPage();
        drawHeader();
      }
      drawRow(r.cells, font, r.strong ? HEAD_BG : null, h);
    }
    this.y += 3 * MM;
  }
}
