// Writes sample receipt PDFs (A4/F4, one or two per sheet) to look at, and times a 500-receipt event.
// Run: npx tsx scripts/sample-receipts.ts <outdir>
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { ReceiptData } from '../src/features/receipts/receipts.types.ts';
import { renderReceipts } from '../src/features/receipts/receipts.pdf.ts';
import { sampleReceipt } from '../src/features/receipts/receipts.sample.ts';

const outDir = path.resolve(process.argv[2] ?? 'test-results/receipts');
fs.mkdirSync(outDir, { recursive: true });
const logo = path.join(outDir, 'logo.png');
// A stand-in logo (a green disc): the real one is uploaded in the settings.
const svg =
  '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="200"><circle cx="100" cy="100" r="96" fill="#1f6b3a"/>' +
  '<text x="100" y="118" font-size="48" text-anchor="middle" fill="#fff" font-family="sans-serif">RTN</text></svg>';
await sharp(Buffer.from(svg)).png().toFile(logo);

// The test's sample, with longer texts to show how the layout copes.
const sample = (over: Partial<ReceiptData> = {}) =>
  sampleReceipt(logo, {
    first: { name: 'Dewi Lestari, A.Md.', nipLine: 'NIP 199001052015032002', title: 'Pengelola Kegiatan Ketahanan Pangan' },
    head: { title: 'Kepala Rutan Kelas IIB Blora', name: 'Budi Hardiono, S.H., M.H.', nipLine: 'NIP 196808171990031003' },
    ...over,
  });

// A walk-in institution with six items and long texts, reprinted once, without a head on record.
const institution = sample({
  number: 'TT/RTNBLORA/2025/000234',
  eventLine: 'Penyaluran langsung (tanpa kegiatan)',
  copyNo: 2,
  head: null,
  second: {
    name: 'Panti Asuhan Yatim Piatu Darul Aitam Blora',
    nik: '–',
    category: 'Lembaga sosial (panti asuhan, pondok pesantren)',
    inmateLine: null,
    address: 'Jl. Ahmad Yani No. 30, Gang Masjid Baiturrahman belakang pasar, Desa/Kel. Mlangsen, Kec. Blora, Kab. Blora, Jawa Tengah',
  },
  items: ['Terong ungu', 'Cabai merah keriting', 'Tomat', 'Lele', 'Kangkung darat', 'Bayam hijau'].map((c, i) => ({
    no: i + 1,
    commodity: c,
    quantity: '12,25',
    unit: 'kg',
    note: i === 3 ? '80 ekor; segar, dikemas dalam 4 kantong plastik' : '',
  })),
  totalLine: 'Jumlah: 73,5 kg · 80 ekor',
  replacesLine: 'Pengganti tanda terima TT/RTNBLORA/2025/000233 yang dibatalkan.',
});
// A voided receipt printed for the third time.
const voided = sample({
  number: 'TT/RTNBLORA/2025/000233',
  status: 'batal',
  copyNo: 3,
  voidReason: 'Jumlah cabai salah tulis (tertulis 10 kg, seharusnya 1 kg); diganti dengan tanda terima baru TT/RTNBLORA/2025/000234.',
  footerLine: 'Dicetak 23/11/2026 10.15 WIB oleh Dewi Lestari · cetakan ke-3 · Lumbung',
});

// A look at the PDF (not a print): marked PRATINJAU — BUKAN CETAKAN ASLI.
const preview = sample({ copyNo: null, footerLine: 'Pratinjau 23/11/2026 10.15 WIB oleh Sugito — bukan cetakan asli · Lumbung' });

const samples = [sample(), institution, voided, preview];
for (const paper of ['a4', 'f4'] as const) {
  for (const perPage of [1, 2] as const) {
    const file = path.join(outDir, `${paper}-${perPage}.pdf`);
    fs.writeFileSync(file, await renderReceipts(samples, { paper, perPage }));
    console.log(file);
  }
}

const many = Array.from({ length: 500 }, (_, i) =>
  sample({ number: `TT/RTNBLORA/2024/${String(i + 1).padStart(6, '0')}`, verifyUrl: `http://192.168.1.10:3000/v/token${i}` }),
);
for (const perPage of [1, 2] as const) {
  const started = performance.now();
  const pdf = await renderReceipts(many, { paper: 'a4', perPage });
  const seconds = (performance.now() - started) / 1000;
  console.log(`500 receipts, A4, ${perPage} per sheet: ${seconds.toFixed(2)} s, ${(pdf.length / 1024 / 1024).toFixed(1)} MB`);
}
