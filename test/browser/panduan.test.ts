// The officers' guide (docs/panduan/) takes its pictures from here: each role logs in on the demo
// data at tablet size, walks the pages its guide shows, and on each page the heading and buttons the
// guide names by their screen text are checked before the PNG is written to docs/panduan/img/.
// So when a label changes, this fails until the guide's text is changed with it.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, submit } from './support/browser.ts';
import { repoRoot, startServer, type RunningServer } from './support/server.ts';

const IMG_DIR = path.join(repoRoot, 'docs', 'panduan', 'img');
const PORTRAIT = { width: 768, height: 1024 };
const LANDSCAPE = { width: 1024, height: 768 };

let server: RunningServer;
let browser: Browser;
let context: BrowserContext | undefined;

beforeAll(async () => {
  server = await startServer({ demo: true });
  browser = await launchBrowser();
  fs.mkdirSync(IMG_DIR, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function loginAs(username: string): Promise<Page> {
  await context?.close();
  context = await browser.newContext({ viewport: PORTRAIT, locale: 'id-ID' });
  const page = await context.newPage();
  await page.goto(server.baseUrl + '/login');
  await page.fill('#f-username', username);
  await page.fill('#f-password', 'lumbung-demo');
  await submit(page, page.getByRole('button', { name: 'Masuk', exact: true }));
  return page;
}

interface Expect {
  /** Headings (h1–h3) the guide names, exactly as on screen. */
  headings?: string[];
  /** Buttons (a <button> or a link styled as one) the guide names, exactly as on screen. */
  buttons?: string[];
  /** Other text the guide quotes. */
  texts?: string[];
}

/** Checks what the guide says is on the page, then writes docs/panduan/img/<name>-<width>.png. */
async function shot(page: Page, name: string, want: Expect, opts: { fullPage?: boolean; size?: typeof PORTRAIT } = {}) {
  const main = page.locator('main');
  for (const h of want.headings ?? []) {
    expect(await main.getByRole('heading', { name: h, exact: true }).count(), `${name}: heading "${h}"`).toBeGreaterThan(0);
  }
  for (const b of want.buttons ?? []) {
    const count =
      (await main.getByRole('button', { name: b, exact: true }).count()) + (await main.getByRole('link', { name: b, exact: true }).count());
    expect(count, `${name}: button "${b}"`).toBeGreaterThan(0);
  }
  for (const t of want.texts ?? []) expect(await main.innerText(), `${name}: text "${t}"`).toContain(t);
  const size = opts.size ?? PORTRAIT;
  await page.setViewportSize(size);
  await page.screenshot({ path: path.join(IMG_DIR, `${name}-${size.width}.png`), fullPage: opts.fullPage ?? false });
  await page.setViewportSize(PORTRAIT);
}

const go = (page: Page, url: string) => page.goto(server.baseUrl + url);

describe("the officers' guide: screens and their pictures", () => {
  it('Petugas Kebun: a harvest in four taps, the stock and what leaves it', async () => {
    const page = await loginAs('petugas');
    await shot(page, 'beranda-petugas', {
      headings: ['Catat panen: pilih yang ditimbang', 'Catat Panen', 'Stok'],
      buttons: ['Lele kg + ekor'],
    });

    await submit(page, page.getByRole('link', { name: 'Lele kg + ekor' }));
    await page.fill('#f-weight_g', '4,5');
    await page.fill('#f-heads', '30');
    await shot(
      page,
      'panen-lele',
      {
        headings: ['Catat Panen'],
        buttons: ['Simpan panen'],
        texts: ['Komoditas', 'Lahan / kolam', 'Berat (kg)', 'Jumlah ekor', 'Tanggal, mutu, WBP, catatan, foto'],
      },
      { fullPage: true },
    );
    await submit(page, page.getByRole('button', { name: 'Simpan panen' }));
    await shot(
      page,
      'panen-tersimpan',
      { buttons: ['Catat lagi', 'Daftar panen', 'Ubah', 'Batalkan panen'], texts: ['Tersimpan.'] },
      { fullPage: true },
    );

    await go(page, '/harvests');
    await shot(page, 'daftar-panen', {
      headings: ['Daftar Panen'],
      buttons: ['+ Catat panen', 'Unduh CSV', 'Unduh Excel', 'Tampilkan'],
      texts: ['Cari petugas atau catatan'],
    });

    await go(page, '/stock');
    await shot(page, 'stok', { headings: ['Stok'], buttons: ['Dapur', 'Penjualan', 'Susut / rusak', 'Riwayat'] }, { fullPage: true });
    await submit(page, page.getByRole('link', { name: 'Dapur', exact: true }));
    await shot(
      page,
      'stok-keluar',
      {
        headings: ['Pemakaian dapur'],
        buttons: ['Simpan', 'Batal', 'Pemakaian dapur', 'Penjualan (PNBP)', 'Susut / rusak'],
        texts: ['Komoditas', 'Berat (kg)', 'Tanggal', 'Keterangan'],
      },
      { fullPage: true },
    );
  });

  it('Staf Distribusi: a recipient, a handover and its receipt, an event', async () => {
    const page = await loginAs('staf');
    await shot(page, 'beranda-staf', { headings: ['Serahkan Bantuan', 'Kegiatan', 'Stok', 'Daftar WBP'] });

    await go(page, '/recipients');
    await shot(page, 'penerima', { headings: ['Daftar Penerima'], buttons: ['+ Tambah penerima', 'Cari'], texts: ['Cari penerima'] });
    await go(page, '/recipients/new');
    await shot(
      page,
      'penerima-baru',
      {
        texts: ['Kategori penerima', 'Nama penerima', 'Hubungan dengan WBP', 'NIK', 'No. KK (kartu keluarga)', 'Jumlah anggota keluarga'],
        buttons: ['Simpan'],
      },
      { fullPage: true },
    );

    await go(page, '/recipients/1');
    await shot(page, 'penerima-detail', { headings: ['Bantuan yang diterima'], buttons: ['Serahkan bantuan', 'Ubah'] });
    await submit(page, page.getByRole('link', { name: 'Serahkan bantuan', exact: true }));
    // With JavaScript a package fills the quantities in place (without it, the form comes back filled).
    await page.getByRole('button', { name: 'Paket sayur', exact: true }).click();
    await shot(
      page,
      'serahkan-bantuan',
      {
        headings: ['Serahkan bantuan'],
        buttons: ['Paket sayur', 'Paket lengkap', 'Simpan dan buat tanda terima'],
        texts: ['Barang yang diserahkan', 'Kegiatan', 'Tanggal penyerahan', 'Yang menyerahkan (PIHAK KESATU)'],
      },
      { fullPage: true },
    );
    await submit(page, page.getByRole('button', { name: 'Simpan dan buat tanda terima' }));
    await shot(
      page,
      'tanda-terima',
      {
        headings: ['Cetak tanda terima', 'Batalkan tanda terima ini'],
        buttons: ['Cetak tanda terima', 'Lihat PDF (pratinjau)', 'Batalkan tanda terima'],
        texts: ['Kertas', 'Per lembar', 'Alasan pembatalan'],
      },
      { fullPage: true },
    );

    await go(page, '/distributions');
    await shot(page, 'penyaluran', {
      headings: ['Penyaluran'],
      buttons: ['+ Serahkan ke satu penerima', '+ Kegiatan baru', 'Tanda terima', 'Kegiatan', 'Paket'],
      texts: ['Cari nomor tanda terima atau nama penerima'],
    });
    await go(page, '/events/1');
    await shot(page, 'kegiatan', {
      buttons: ['Catat penerima (massal)', 'Cetak semua tanda terima', 'Lihat semua (PDF pratinjau)'],
      headings: ['Tanda terima'],
    });
    await submit(page, page.getByRole('link', { name: 'Catat penerima (massal)' }));
    await shot(
      page,
      'penyaluran-massal-kk',
      {
        headings: ['Penyaluran massal'],
        buttons: ['Saring', 'Paket sayur', 'Simpan semua dan buat tanda terima'],
        texts: [
          'Isi paket untuk setiap penerima',
          'Kategori penerima',
          'Saring nama / desa / WBP',
          'Pilih semua yang tampil',
          'Sudah menerima',
        ],
      },
      { fullPage: true },
    );
  });

  it('Pimpinan: the dashboard, the monthly report, the audit trail and the stock card', async () => {
    const page = await loginAs('pimpinan');
    await shot(page, 'beranda-pimpinan', { headings: ['Dasbor', 'Laporan Bulanan', 'Daftar Panen', 'Penyaluran', 'Jejak Audit'] });

    await go(page, '/dashboard');
    const dashboard: Expect = {
      headings: [
        'Dasbor',
        'Panen bulan ini',
        'Keluar dari stok bulan ini',
        'Penerima bantuan bulan ini',
        'Stok saat ini',
        'Panen 12 bulan terakhir',
      ],
    };
    await shot(page, 'dasbor', dashboard);
    // The head reads it on a laptop or a tablet held sideways as often as upright.
    await shot(page, 'dasbor', dashboard, { size: LANDSCAPE });

    await go(page, '/reports');
    await shot(
      page,
      'laporan',
      {
        headings: ['Laporan Bulanan', 'Unduh', 'Finalkan laporan'],
        buttons: ['Unduh PDF', 'Unduh Excel (XLSX)', 'Unduh CSV'],
        texts: ['KONSEP', 'Yang membuat laporan'],
      },
      { fullPage: true },
    );

    await go(page, '/audit');
    await shot(
      page,
      'jejak-audit',
      { headings: ['Jejak Audit'], buttons: ['Tampilkan'], texts: ['Jenis data', 'Pengguna'] },
      { size: LANDSCAPE },
    );

    await go(page, '/stock/movements?commodity=4');
    await shot(page, 'kartu-stok', { headings: ['Riwayat Pergerakan Stok'], buttons: ['Unduh CSV', 'Unduh Excel'], texts: ['Saldo'] });
  });

  it('Admin: users, settings, commodities and places, backups, stock count', async () => {
    const page = await loginAs('admin');
    await shot(page, 'beranda-admin', { headings: ['Dasbor', 'Laporan Bulanan', 'Pengguna', 'Pengaturan', 'Jejak Audit'] });

    await go(page, '/users');
    await shot(page, 'pengguna', { headings: ['Pengguna'], buttons: ['+ Tambah pengguna', 'Ubah', 'Atur ulang sandi', 'Nonaktifkan'] });
    await go(page, '/users/new');
    await shot(
      page,
      'pengguna-baru',
      {
        headings: ['Tambah Pengguna'],
        buttons: ['Simpan'],
        texts: ['Peran', 'Nama pengguna', 'Nama lengkap', 'Admin', 'Petugas Kebun', 'Staf Distribusi', 'Pimpinan', 'Ulangi kata sandi'],
      },
      { fullPage: true },
    );

    await go(page, '/settings');
    await shot(
      page,
      'pengaturan',
      {
        headings: ['Pengaturan', 'Kop surat', 'Alamat publik (kode QR tanda terima)', 'Penanda tangan'],
        buttons: [
          'Simpan kop surat',
          'Simpan alamat publik',
          '+ Tambah penanda tangan',
          'Kop surat & penanda tangan',
          'Komoditas',
          'Lahan & kolam',
          'Cadangan',
        ],
        texts: ['Format nomor laporan bulanan', 'Logo'],
      },
      { fullPage: true },
    );
    await go(page, '/settings/signatories/new');
    await shot(
      page,
      'penanda-tangan-baru',
      { buttons: ['Simpan'], texts: ['Nama', 'NIP', 'Sebutan jabatan (seperti dicetak)', 'Mulai menjabat'] },
      { fullPage: true },
    );

    await go(page, '/commodities');
    await shot(page, 'komoditas', { headings: ['Komoditas'], buttons: ['+ Tambah komoditas', 'Ubah'] });
    await go(page, '/locations');
    await shot(page, 'lahan-kolam', { headings: ['Lahan & Kolam'], buttons: ['+ Tambah lokasi', 'Ubah'] });

    await go(page, '/backups');
    await shot(
      page,
      'cadangan',
      {
        headings: ['Cadangan harian otomatis', 'Cadangan data', 'Memulihkan dari cadangan'],
        buttons: ['Simpan jam', 'Buat cadangan sekarang'],
        texts: ['Jam cadangan harian (WIB)'],
      },
      { fullPage: true },
    );

    await go(page, '/stock');
    expect(await page.locator('main').getByRole('link', { name: 'Stok opname', exact: true }).count()).toBe(1);
    await go(page, '/stock/counts/new');
    await shot(
      page,
      'stok-opname',
      {
        headings: ['Stok Opname'],
        buttons: ['Simpan opname', 'Batal'],
        texts: ['Berat hasil hitung (kg)', 'Tanggal opname', 'Alasan / keterangan'],
      },
      { fullPage: true },
    );
  });
});
