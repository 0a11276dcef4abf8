// What a printed receipt (tanda terima) shows, already worded and formatted: the PDF only draws it.
import type { PaperSize } from '../../db/database.ts';
import type { Letterhead } from '../../lib/pdf.ts';

/** The kop surat in force on the receipt's date (`logoPath`: the absolute path of its logo, or null). */
export type ReceiptLetterhead = Letterhead;

export interface ReceiptSignatory {
  /** e.g. "Kepala Rutan Kelas IIB Blora" */
  title: string;
  name: string;
  /** "NIP 196808171990031003", or '' when unknown */
  nipLine: string;
}

export interface ReceiptItemRow {
  no: number;
  commodity: string;
  /** "1,5" — Indonesian format */
  quantity: string;
  /** "kg" */
  unit: string;
  /** "15 ekor; segar" — heads and the item's note, or '' */
  note: string;
}

export interface ReceiptData {
  /** TT/RTNBLORA/2026/000123 */
  number: string;
  status: 'sah' | 'batal';
  voidReason: string | null;
  /**
   * 1 = the original; 2 and up print "SALINAN — cetakan ke-n"; null = a preview (a look at the PDF,
   * not a print), drawn "PRATINJAU — BUKAN CETAKAN ASLI" so it is never taken for the paper to sign.
   */
  copyNo: number | null;
  /** "Selasa, dua puluh empat Desember dua ribu dua puluh empat" */
  dateWords: string;
  /** "24-12-2024" */
  dateDigits: string;
  /** "Blora, 24 Desember 2024" — above the signatures */
  placeAndDate: string;
  letterhead: ReceiptLetterhead;
  /** "Panen Raya Nasional (Panen Raya) — Lapangan Rutan", or "Penyaluran langsung" */
  eventLine: string;
  /** PIHAK KESATU: the officer handing over. */
  first: { name: string; nipLine: string; title: string };
  /** PIHAK KEDUA: the recipient. */
  second: {
    name: string;
    /** masked: 3316••••••••0001, or '–' */
    nik: string;
    /** "Jl. Melati 3 RT 02/RW 04, Desa Karangjati, Kec. Blora" */
    address: string;
    /** "Keluarga WBP kurang mampu" */
    category: string;
    /** For a family: "Ahmad Fauzi (BI.123/2025), Hubungan: Istri"; else null. */
    inmateLine: string | null;
  };
  items: ReceiptItemRow[];
  /** "Jumlah: sayur 2 kg · ikan 2,5 kg (15 ekor)": one sum per kind, never fish kilos added to vegetable kilos. */
  totalLine: string;
  /** "Diterima tahun 2026 (sampai tanda terima ini): Terong 12 kg, Lele 3 kg (20 ekor)" */
  yearToDateLine: string;
  /** "Mengetahui, Kepala Rutan" — the signatory in office on the receipt's date, or null. */
  head: ReceiptSignatory | null;
  /** A correction: "Pengganti tanda terima TT/… yang dibatalkan", else null. */
  replacesLine: string | null;
  /** The verification page, encoded as the QR code; null = no public address: printed without a QR code, saying so. */
  verifyUrl: string | null;
  /** "Dicetak 23-11-2026 10:15 WIB oleh Dewi Lestari", or "Pratinjau … — bukan cetakan asli" */
  footerLine: string;
}

export interface ReceiptLayout {
  paper: PaperSize;
  /** 1 or 2 receipts on one sheet */
  perPage: 1 | 2;
}
