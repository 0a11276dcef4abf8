import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ReceiptData } from '../../src/features/receipts/receipt.types.ts';
import { renderReceipts } from '../../src/features/receipts/receipts.pdf.ts';
import { pdfPages } from '../support/pdf.ts';

// The PDFs are kept under test-results/pdf so a person can look at them (pdftoppm -png).
const out = path.resolve('test-results/pdf');
const logo = path.join(out, 'logo.png');

function sample(over: Partial<ReceiptData> = {}): ReceiptData {
  return {
    number: 'TT/RTNBLORA/2024/000101', status: 'sah', voidReason: null, copyNo: 1,
    dateWords: 'Selasa, dua puluh empat Desember dua ribu dua puluh empat', dateDigits: '24-12-2024', placeAndDate: 'Blora, 24 Desember 2024',
    letterhead: {
      ministryLine: 'KEMENTERIAN IMIGRASI DAN PEMASYARAKATAN REPUBLIK INDONESIA',
      kanwilLine: 'KANTOR WILAYAH DIREKTORAT JENDERAL PEMASYARAKATAN JAWA TENGAH',
      unitName: 'RUMAH TAHANAN NEGARA KELAS IIB BLORA', address: 'Jl. Pemuda No. 12, Blora, Jawa Tengah 58211',
      contactLine: 'Telp. (0296) 531000 · rutanblora@example.go.id', logoPath: logo,
    },
    eventLine: 'Panen Raya Nasional Serentak (Panen Raya) — Lahan Blok A, Rutan Blora',
    first: { name: 'Dewi Lestari', nipLine: 'NIP 199001052015032002', title: 'Staf Distribusi' },
    second: {
      name: 'Siti Aminah', nik: '3316••••••••0001', address: 'Dukuh Krajan RT 001/RW 002, Desa/Kel. Karangjati, Kec. Blora',
      category: 'Keluarga WBP kurang mampu', inmateLine: 'Ahmad Fauzi (BI.123/2025), hubungan: istri',
    },
    items: [
      { no: 1, commodity: 'Terong', quantity: '3', unit: 'kg', note: '' },
      { no: 2, commodity: 'Cabai', quantity: '1', unit: 'kg', note: '' },
      { no: 3, commodity: 'Tomat', quantity: '3', unit: 'kg', note: '' },
      { no: 4, commodity: 'Lele', quantity: '2,5', unit: 'kg', note: '15 ekor; segar' },
    ],
    totalLine: 'Jumlah: 9,5 kg · 15 ekor',
    yearToDateLine: 'Diterima tahun 2024 (sampai tanda terima ini): Terong 5 kg, Cabai 1 kg, Tomat 3 kg, Lele 2,5 kg (15 ekor)',
    head: { title: 'Kepala Rutan Kelas IIB Blora', name: 'Budi Hardiono', nipLine: 'NIP 196808171990031003' },
    replacesLine: null, verifyUrl: 'http://192.168.1.10:3000/v/Q2hlY2tUaGlzVG9rZW4xMjM0',
    footerLine: 'Dicetak 23/11/2026 10.15 WIB oleh Dewi Lestari · Lumbung',
    ...over,
  };
}

const voided = sample({
  number: 'TT/RTNBLORA/2025/000233', status: 'batal', voidReason: 'Jumlah cabai salah tulis; diganti tanda terima baru.', copyNo: 3,
  footerLine: 'Dicetak 23/11/2026 10.15 WIB oleh Dewi Lestari · cetakan ke-3 · Lumbung',
});
const walkIn = sample({
  number: 'TT/RTNBLORA/2025/000234', eventLine: 'Penyaluran langsung (tanpa kegiatan)', copyNo: 2, head: null,
  second: { name: 'Panti Asuhan Darul Aitam Blora', nik: '–', address: 'Jl. Ahmad Yani 30, Desa/Kel. Mlangsen, Kec. Blora', category: 'Lembaga', inmateLine: null },
  items: ['Terong', 'Cabai', 'Tomat', 'Lele', 'Kangkung', 'Bayam'].map((c, i) => ({ no: i + 1, commodity: c, quantity: '1,25', unit: 'kg', note: i === 3 ? '8 ekor' : '' })),
  replacesLine: 'Pengganti tanda terima TT/RTNBLORA/2025/000233 yang dibatalkan.',
});

beforeAll(async () => {
  fs.mkdirSync(out, { recursive: true });
  await sharp({ create: { width: 160, height: 160, channels: 3, background: '#1f6b3a' } }).png().toFile(logo);
});

async function render(name: string, receipts: ReceiptData[], layout: Parameters<typeof renderReceipts>[1]) {
  const pdf = await renderReceipts(receipts, layout);
  fs.writeFileSync(path.join(out, `${name}.pdf`), pdf);
  return pdfPages(pdf);
}

describe('receipt PDF', () => {
  it('draws every field of a receipt on one A4 page', async () => {
    const pages = await render('receipt-a4-1', [sample()], { paper: 'a4', perPage: 1 });
    expect(pages).toHaveLength(1);
    expect([Math.round(pages[0]!.width), Math.round(pages[0]!.height)]).toEqual([595, 842]);
    const t = pages[0]!.text;
    for (const s of [
      'RUMAH TAHANAN NEGARA KELAS IIB BLORA', 'TANDA TERIMA BANTUAN HASIL KETAHANAN PANGAN', 'Nomor: TT/RTNBLORA/2024/000101',
      'Selasa, dua puluh empat Desember dua ribu dua puluh empat (24-12-2024)', 'PIHAK KESATU', 'PIHAK KEDUA', 'Dewi Lestari', 'Siti Aminah',
      '3316••••••••0001', 'Ahmad Fauzi (BI.123/2025), hubungan: istri', 'Keluarga WBP kurang mampu', 'Panen Raya Nasional Serentak',
      'Komoditas', 'Keterangan', 'Lele', '2,5', '15 ekor; segar', 'Jumlah: 9,5 kg · 15 ekor', 'Diterima tahun 2024',
      'Yang Menyerahkan', 'Yang Menerima', 'Cap jempol', 'Mengetahui', 'Budi Hardiono', 'NIP 196808171990031003', 'Blora, 24 Desember 2024',
      'Pindai untuk memeriksa keaslian', 'Dicetak 23/11/2026 10.15 WIB oleh Dewi Lestari',
    ]) expect(t).toContain(s);
    expect(t).not.toContain('SALINAN');
    expect(t).not.toContain('BATAL');
  });

  it('marks a reprint SALINAN with its count, and a voided receipt BATAL with the reason', async () => {
    const pages = await render('receipt-f4-1', [voided, walkIn], { paper: 'f4', perPage: 1 });
    expect(pages).toHaveLength(2);
    expect([Math.round(pages[0]!.width), Math.round(pages[0]!.height)]).toEqual([609, 935]);
    expect(pages[0]!.text).toContain('SALINAN — cetakan ke-3');
    expect(pages[0]!.text).toContain('DIBATALKAN: Jumlah cabai salah tulis');
    expect(pages[0]!.text).toContain('BATAL');
    expect(pages[1]!.text).toContain('SALINAN — cetakan ke-2');
    expect(pages[1]!.text).not.toContain('DIBATALKAN');
    expect(pages[1]!.text).toContain('Pengganti tanda terima TT/RTNBLORA/2025/000233 yang dibatalkan.');
    expect(pages[1]!.text).toContain('Bayam');
  });

  it('puts two receipts on a sheet, halves cut apart, on A4 and F4', async () => {
    for (const paper of ['a4', 'f4'] as const) {
      const pages = await render(`receipt-${paper}-2`, [sample(), walkIn, voided], { paper, perPage: 2 });
      expect(pages).toHaveLength(2);
      expect(pages[0]!.text).toContain('TT/RTNBLORA/2024/000101');
      expect(pages[0]!.text).toContain('TT/RTNBLORA/2025/000234');
      expect(pages[0]!.text).toContain('potong di sini');
      expect(pages[1]!.text).toContain('TT/RTNBLORA/2025/000233');
    }
  });

  it('renders a 500-receipt event into one PDF', async () => {
    const many = Array.from({ length: 500 }, (_, i) => sample({ number: `TT/RTNBLORA/2024/${String(i + 1).padStart(6, '0')}`, verifyUrl: `http://x/v/token${i}` }));
    const pdf = await renderReceipts(many, { paper: 'a4', perPage: 2 });
    const pages = await pdfPages(pdf);
    expect(pages).toHaveLength(250);
    expect(pages[249]!.text).toContain('TT/RTNBLORA/2024/000500');
  });
});
