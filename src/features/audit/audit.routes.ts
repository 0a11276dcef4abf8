// Browsing the audit trail (admin, pimpinan) and the record of who saw a NIK whole (admin).
import { z } from 'zod';
import { queryDate, queryId, queryPage, queryText } from '../../web/forms.ts';
import { buildRouter, type Deps } from '../../web/routes.ts';
import { listUsers } from '../users/users.service.ts';
import { browseAudit } from './audit.service.ts';
import { browseNikAccess } from './nik-access.service.ts';

const nikFilterSchema = z.object({ user: queryId, from: queryDate, to: queryDate, page: queryPage });

const filterSchema = z.object({
  entity: queryText(40, /^[a-z_]*$/),
  user: queryId,
  from: queryDate,
  to: queryDate,
  page: queryPage,
});

export const ENTITY_LABELS: Record<string, string> = {
  user: 'Pengguna',
  settings: 'Pengaturan',
  signatory: 'Penanda tangan',
  commodity: 'Komoditas',
  location: 'Lahan / kolam',
  inmate: 'WBP',
  harvest: 'Panen',
  outflow: 'Pengeluaran stok',
  recipient: 'Penerima',
  event: 'Kegiatan',
  package: 'Paket',
  distribution: 'Penyaluran',
  stock: 'Stok opname',
  backup: 'Cadangan data',
  monthly_report: 'Laporan bulanan',
  backup_schedule: 'Jadwal cadangan',
  refused_entry: 'Catatan tablet yang ditolak',
  public_address: 'Alamat publik',
  unit: 'Unit',
  report_deadline: 'Batas waktu laporan',
  report_key: 'Kunci pelaporan',
  report_link: 'Tautan pelaporan ke pusat',
  harvest_day: 'Hari panen nasional',
};

export const ACTION_LABELS: Record<string, string> = {
  setup: 'Penyiapan awal',
  create: 'Tambah',
  update: 'Ubah',
  activate: 'Aktifkan',
  deactivate: 'Nonaktifkan',
  reset_password: 'Atur ulang kata sandi',
  change_password: 'Ganti kata sandi',
  close_period: 'Tutup masa jabatan',
  void: 'Batalkan',
  stock_count: 'Stok opname',
  download: 'Unduh',
  restore: 'Pulihkan',
  finalise: 'Finalkan',
  reopen: 'Buka kembali',
  add_photo: 'Tambah foto',
  print: 'Cetak tanda terima',
  reprint: 'Cetak ulang (salinan)',
  merge: 'Gabungkan',
  accept: 'Diterima Kanwil',
  return: 'Dikembalikan Kanwil',
  import: 'Impor berkas bertanda tangan',
  issue_key: 'Terbitkan kunci',
  revoke_key: 'Cabut kunci',
};

export function auditRoutes({ db }: Deps) {
  return buildRouter([
    {
      method: 'get',
      path: '/audit',
      access: ['admin', 'pimpinan'],
      handler: async (req, res) => {
        const q = filterSchema.parse(req.query ?? {});
        const result = await browseAudit(db, {
          entity: q.entity || null,
          userId: q.user ? Number(q.user) : null,
          from: q.from || null,
          to: q.to || null,
          page: q.page,
        });
        res.render('audit/index', {
          title: 'Jejak Audit',
          ...result,
          filter: q,
          users: await listUsers(db),
          entityLabels: ENTITY_LABELS,
          actionLabels: ACTION_LABELS,
        });
      },
    },
    {
      // Who saw a NIK whole (UU 27/2022, PDP): admins only, as only admins ever see one.
      method: 'get',
      path: '/audit/nik',
      access: ['admin'],
      handler: async (req, res) => {
        const q = nikFilterSchema.parse(req.query ?? {});
        const result = await browseNikAccess(db, {
          userId: q.user ? Number(q.user) : null,
          from: q.from || null,
          to: q.to || null,
          page: q.page,
        });
        res.render('audit/nik', { title: 'Akses NIK', ...result, filter: q, users: await listUsers(db) });
      },
    },
  ]);
}
