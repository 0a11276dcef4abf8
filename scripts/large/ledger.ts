// Writes the large database's ledger rows directly with prepared statements — harvests with
// workers, handovers with items, receipts and prints, outflows, voids with their reversals, stock
// counts — keeping a running balance per commodity so the stock never goes below zero.
import type SQLite from 'better-sqlite3';
import { receiptNumber } from '../../src/features/distributions/distributions.service.ts';
import type { MovementKind, OutflowKind } from '../../src/lib/movement-kinds.ts';
import { between, pick, type Rnd } from './people.ts';

export interface Refs {
  petugas: number[];
  staf: number[];
  /** commodity ids by name */
  c: { terong: number; cabai: number; tomat: number; lele: number };
  plots: number[];
  ponds: number[];
  activeInmates: number[];
  activeRecipients: number[];
  unitCode: string;
}

type Item = { c: number; g: number; heads: number | null; note?: string | null };
type Kind = MovementKind;

const PRICE_RP_PER_KG: Record<string, number> = { terong: 8_000, cabai: 40_000, tomat: 7_000, lele: 25_000 };
const BUYERS = ['Koperasi Pegawai Rutan', 'Pasar Induk Blora', 'Warung Bu Sri', 'UD Tani Makmur', 'Pengepul Lele Cepu'];
const LOSS_NOTES = ['Busuk karena hujan', 'Rusak saat pengangkutan', 'Layu tidak terjual', 'Dimakan hama'];
const HOUR = 3_600_000;
/** Per outflow kind of the registry: who records it and which sample fields it carries (a missing kind fails to compile). */
const OUTFLOW_SAMPLES: Record<OutflowKind, { by: 'petugas' | 'staf'; rupiah?: true; parties?: string[]; notes?: string[] }> = {
  kitchen: { by: 'petugas' },
  sale: { by: 'staf', rupiah: true, parties: BUYERS },
  loss: { by: 'staf', notes: LOSS_NOTES },
  grant: { by: 'staf', parties: ['Panti Asuhan Al-Ikhlas', 'Pondok Pesantren Darul Ulum'] },
};

export class LedgerWriter {
  readonly counts: Record<string, number> = {};
  private readonly st: Record<string, SQLite.Statement>;
  private readonly stock = new Map<number, { g: number; heads: number }>();
  private readonly receiptSeq = new Map<number, number>();
  private readonly ids = { harvest: 0, move: 0, outflow: 0, count: 0, dist: 0, event: 0 };
  private token = 0;
  private readonly tokenPrefix: string;

  constructor(
    private readonly sqlite: SQLite.Database,
    private readonly refs: Refs,
    private readonly rnd: Rnd,
  ) {
    const ins = (table: string, cols: string) =>
      sqlite.prepare(
        `insert into ${table} (${cols}) values (${cols
          .split(',')
          .map(() => '?')
          .join(',')})`,
      );
    this.st = {
      harvest: ins(
        'harvests',
        'id,commodity_id,location_id,harvested_at,harvest_date,weight_g,heads,grade,note,photo_file,recorded_by,form_token,status,void_reason,voided_by,voided_at,created_at,updated_at',
      ),
      worker: ins('harvest_workers', 'harvest_id,inmate_id'),
      move: ins(
        'stock_movements',
        'id,commodity_id,moved_on,kind,qty_g,heads,harvest_id,outflow_id,stock_count_id,distribution_id,reverses_id,created_at,created_by',
      ),
      outflow: ins(
        'outflows',
        'id,kind,commodity_id,out_date,qty_g,heads,amount_rp,party,note,recorded_by,form_token,status,void_reason,voided_by,voided_at,created_at',
      ),
      count: ins(
        'stock_counts',
        'id,commodity_id,count_date,counted_g,counted_heads,book_g,book_heads,reason,recorded_by,form_token,created_at',
      ),
      event: ins('events', 'id,name,kind,event_date,place,note,created_by,created_at,updated_at'),
      dist: ins(
        'distributions',
        'id,receipt_no,receipt_year,receipt_seq,recipient_id,event_id,handed_on,officer_id,note,photo_file,replaces_id,verify_token,print_count,form_token,status,void_reason,voided_by,voided_at,recorded_by,created_at',
      ),
      item: ins('distribution_items', 'distribution_id,commodity_id,qty_g,heads,note'),
      print: ins('receipt_prints', 'distribution_id,copy_no,printed_by,printed_at'),
      audit: ins('audit_log', 'at,user_id,action,entity,entity_id,before_json,after_json,reason'),
    };
    for (const id of Object.values(refs.c)) this.stock.set(id, { g: 0, heads: 0 });
    this.tokenPrefix = Math.floor(rnd() * 0xffffffff)
      .toString(16)
      .padStart(8, '0');
  }

  private bump(table: string, n = 1) {
    this.counts[table] = (this.counts[table] ?? 0) + n;
  }

  /** 32 hex characters, unique (a counter behind a random prefix). */
  private formToken(): string {
    return `${this.tokenPrefix}${(++this.token).toString(16).padStart(24, '0')}`;
  }

  /** The unguessable part of a receipt's QR link (as the app makes it: 18 random bytes, base64url). */
  private verifyToken(): string {
    const bytes = Buffer.alloc(18);
    for (let i = 0; i < 18; i++) bytes[i] = Math.floor(this.rnd() * 256);
    return bytes.toString('base64url');
  }

  balance(c: number) {
    return this.stock.get(c)!;
  }

  fits(items: Item[]): boolean {
    const need = new Map<number, { g: number; heads: number }>();
    for (const i of items) {
      const n = need.get(i.c) ?? { g: 0, heads: 0 };
      n.g += i.g;
      n.heads += i.heads ?? 0;
      need.set(i.c, n);
    }
    return [...need].every(([c, n]) => this.balance(c).g >= n.g && this.balance(c).heads >= n.heads);
  }

  private move(
    c: number,
    day: string,
    kind: Kind,
    g: number,
    heads: number,
    at: string,
    by: number,
    ref: { h?: number; o?: number; s?: number; d?: number; rev?: number },
  ): number {
    const b = this.balance(c);
    b.g += g;
    b.heads += heads;
    if (b.g < 0 || b.heads < 0) throw new Error(`stok ${c} di bawah nol pada ${day} (${kind})`);
    const id = ++this.ids.move;
    this.st.move!.run(id, c, day, kind, g, heads, ref.h ?? null, ref.o ?? null, ref.s ?? null, ref.d ?? null, ref.rev ?? null, at, by);
    this.bump('stock_movements');
    return id;
  }

  private audit(at: string, userId: number, action: string, entity: string, entityId: number, reason: string | null) {
    this.st.audit!.run(
      at,
      userId,
      action,
      entity,
      String(entityId),
      JSON.stringify({ status: 'active' }),
      JSON.stringify({ status: 'void' }),
      reason,
    );
    this.bump('audit_log');
  }

  /** One weighing; `voided` ones are cancelled a few minutes later (wrong scale), with the reversal. */
  harvest(day: string, atMs: number, c: number, location: number, g: number, heads: number | null, voided = false): void {
    const id = ++this.ids.harvest;
    const by = pick(this.rnd, this.refs.petugas);
    const weighed = new Date(atMs).toISOString();
    const entered = new Date(atMs + 60_000 + Math.floor(this.rnd() * 600_000)).toISOString();
    const voidAt = voided ? new Date(atMs + 20 * 60_000).toISOString() : null;
    const grade = pick(this.rnd, ['A', 'A', 'B', 'B', 'C', null] as const);
    this.st.harvest!.run(
      id,
      c,
      location,
      weighed,
      day,
      g,
      heads,
      grade,
      this.rnd() < 0.03 ? 'Hasil petik pagi' : null,
      null,
      by,
      this.formToken(),
      voided ? 'void' : 'active',
      voided ? 'Salah timbang; dicatat ulang.' : null,
      voided ? by : null,
      voidAt,
      entered,
      voidAt ?? entered,
    );
    this.bump('harvests');
    const workers = new Set<number>();
    const n = Math.floor(this.rnd() * 3.2);
    for (let k = 0; k < n; k++) workers.add(pick(this.rnd, this.refs.activeInmates));
    for (const w of workers) this.st.worker!.run(id, w);
    this.bump('harvest_workers', workers.size);
    const m = this.move(c, day, 'harvest', g, heads ?? 0, entered, by, { h: id });
    if (voided) {
      this.move(c, day, 'harvest', -g, -(heads ?? 0), voidAt!, by, { h: id, rev: m });
      this.audit(voidAt!, by, 'void', 'harvest', id, 'Salah timbang; dicatat ulang.');
    }
  }

  event(name: string, kind: string, day: string, place: string, by: number): number {
    const id = ++this.ids.event;
    const at = new Date(Date.parse(`${day}T02:00:00Z`) - 7 * 24 * HOUR).toISOString();
    this.st.event!.run(id, name, kind, day, place, null, by, at, at);
    this.bump('events');
    return id;
  }

  /**
   * Handovers to `recipients` with the same items (one batch form, one token, when more than one),
   * each with the next receipt number of the year and its first print. Returns the new ids.
   */
  handover(
    day: string,
    atMs: number,
    recipients: number[],
    items: Item[],
    o: { eventId?: number | null; replacesId?: number | null; voided?: boolean } = {},
  ): number[] {
    const year = Number(day.slice(0, 4));
    const officer = pick(this.rnd, this.refs.staf);
    const token = this.formToken();
    const out: number[] = [];
    for (const [k, recipientId] of recipients.entries()) {
      const id = ++this.ids.dist;
      const seq = (this.receiptSeq.get(year) ?? 0) + 1;
      this.receiptSeq.set(year, seq);
      const at = new Date(atMs + k * 20_000).toISOString();
      const voidAt = o.voided ? new Date(atMs + k * 20_000 + 15 * 60_000).toISOString() : null;
      const reprint = this.rnd() < 0.03;
      this.st.dist!.run(
        id,
        receiptNumber(this.refs.unitCode, year, seq),
        year,
        seq,
        recipientId,
        o.eventId ?? null,
        day,
        officer,
        null,
        null,
        o.replacesId ?? null,
        this.verifyToken(),
        reprint ? 2 : 1,
        token,
        o.voided ? 'void' : 'active',
        o.voided ? 'Jumlah salah tulis; diganti tanda terima baru.' : null,
        o.voided ? officer : null,
        voidAt,
        officer,
        at,
      );
      this.bump('distributions');
      this.st.print!.run(id, 1, officer, new Date(atMs + k * 20_000 + 120_000).toISOString());
      if (reprint) this.st.print!.run(id, 2, officer, new Date(atMs + k * 20_000 + 3 * 24 * HOUR).toISOString());
      this.bump('receipt_prints', reprint ? 2 : 1);
      const moves: Array<[number, Item]> = [];
      for (const i of items) {
        this.st.item!.run(id, i.c, i.g, i.heads, i.note ?? null);
        moves.push([this.move(i.c, day, 'distribution', -i.g, -(i.heads ?? 0), at, officer, { d: id }), i]);
      }
      this.bump('distribution_items', items.length);
      if (o.voided) {
        for (const [m, i] of moves) this.move(i.c, day, 'distribution', i.g, i.heads ?? 0, voidAt!, officer, { d: id, rev: m });
        this.audit(voidAt!, officer, 'void', 'distribution', id, 'Jumlah salah tulis; diganti tanda terima baru.');
      }
      out.push(id);
    }
    return out;
  }

  /** Kitchen use, a sale (PNBP) or a loss of a share of what is on hand; lele heads in proportion. */
  outflow(day: string, atMs: number, kind: OutflowKind, name: keyof Refs['c'], share: number, voided = false): void {
    const c = this.refs.c[name];
    const b = this.balance(c);
    const g = Math.floor((b.g * share) / 100) * 100;
    if (g <= 0) return;
    const heads = name === 'lele' ? Math.min(b.heads, Math.round((b.heads * g) / b.g)) : null;
    const id = ++this.ids.outflow;
    const sample = OUTFLOW_SAMPLES[kind];
    const by = sample.by === 'petugas' ? pick(this.rnd, this.refs.petugas) : pick(this.rnd, this.refs.staf);
    const at = new Date(atMs).toISOString();
    const voidAt = voided ? new Date(atMs + 30 * 60_000).toISOString() : null;
    const rp = sample.rupiah ? Math.round(((g / 1000) * PRICE_RP_PER_KG[name]!) / 500) * 500 : null;
    this.st.outflow!.run(
      id,
      kind,
      c,
      day,
      g,
      heads,
      rp,
      sample.parties ? pick(this.rnd, sample.parties) : null,
      sample.notes ? pick(this.rnd, sample.notes) : null,
      by,
      this.formToken(),
      voided ? 'void' : 'active',
      voided ? 'Salah pilih komoditas.' : null,
      voided ? by : null,
      voidAt,
      at,
    );
    this.bump('outflows');
    const m = this.move(c, day, kind, -g, -(heads ?? 0), at, by, { o: id });
    if (voided) {
      this.move(c, day, kind, g, heads ?? 0, voidAt!, by, { o: id, rev: m });
      this.audit(voidAt!, by, 'void', 'outflow', id, 'Salah pilih komoditas.');
    }
  }

  /** Stok opname: the counted quantity (a little shrinkage) replaces the book; the difference is an adjustment. */
  stockCount(day: string, atMs: number, name: keyof Refs['c']): void {
    const c = this.refs.c[name];
    const b = this.balance(c);
    const counted = Math.max(0, b.g - Math.floor((b.g * between(this.rnd, 0, 0.01)) / 100) * 100);
    const heads = name === 'lele' ? Math.max(0, b.heads - Math.floor(this.rnd() * 3)) : null;
    const id = ++this.ids.count;
    const by = pick(this.rnd, this.refs.petugas);
    const at = new Date(atMs).toISOString();
    this.st.count!.run(
      id,
      c,
      day,
      counted,
      heads,
      b.g,
      name === 'lele' ? b.heads : null,
      'Stok opname akhir triwulan',
      by,
      this.formToken(),
      at,
    );
    this.bump('stock_counts');
    const dg = counted - b.g;
    const dh = heads === null ? 0 : heads - b.heads;
    if (dg !== 0 || dh !== 0) this.move(c, day, 'adjustment', dg, dh, at, by, { s: id });
  }

  /** The counters as the app keeps them: the last number issued per year. */
  writeReceiptCounters(): void {
    const st = this.sqlite.prepare('insert into receipt_counters (year, last_seq) values (?, ?)');
    for (const [year, seq] of this.receiptSeq) st.run(year, seq);
    this.bump('receipt_counters', this.receiptSeq.size);
  }

  stockNow() {
    return Object.fromEntries(Object.entries(this.refs.c).map(([name, id]) => [name, { ...this.balance(id) }]));
  }
}
