// Demo data for trying the app: users of each role, the Blora letterhead and its heads of unit.
// Later features add their own demo records here.
import type { Db } from '../../db/connect.ts';
import { nowIso } from '../../lib/time.ts';
import { insertSettings } from '../settings/settings.queries.ts';
import { addSignatory } from '../settings/settings.service.ts';
import { createUser, hasAnyUser, setupFirstAdmin } from '../users/users.service.ts';

export const DEMO_PASSWORD = 'lumbung-demo';

const DEMO_USERS = [
  { username: 'petugas', full_name: 'Slamet Riyadi', nip: '198703122010121001', position: 'Petugas Kebun', roles: ['petugas'] as const },
  { username: 'staf', full_name: 'Dewi Lestari', nip: '199001052015032002', position: 'Staf Distribusi', roles: ['staf'] as const },
  { username: 'pimpinan', full_name: 'Sugito', nip: '197505052000031002', position: 'Kepala Rutan Kelas IIB Blora', roles: ['pimpinan'] as const },
];

export class DemoRefused extends Error {}

/** Fills a fresh database; refuses one that already has users, so real data is never mixed in. */
export async function seedDemo(db: Db): Promise<string[]> {
  if (await hasAnyUser(db)) throw new DemoRefused('Basis data ini sudah berisi pengguna; data demo hanya untuk basis data yang masih kosong.');
  const log: string[] = [];
  const pw = { password: DEMO_PASSWORD, password_confirm: DEMO_PASSWORD };
  const adminId = await setupFirstAdmin(db, { username: 'admin', full_name: 'Admin Lumbung', nip: null, position: 'Pengelola Sistem', ...pw });
  log.push('pengguna admin');
  for (const u of DEMO_USERS) {
    await createUser(db, { ...u, roles: [...u.roles], ...pw }, adminId);
    log.push(`pengguna ${u.username}`);
  }

  // In force since before the first demo harvest, so old demo papers print it too.
  await insertSettings(db, {
    effective_from: '2024-01-01',
    unit_name: 'RUMAH TAHANAN NEGARA KELAS IIB BLORA',
    unit_code: 'RTNBLORA',
    ministry_line: 'KEMENTERIAN IMIGRASI DAN PEMASYARAKATAN REPUBLIK INDONESIA',
    kanwil_line: 'KANTOR WILAYAH DIREKTORAT JENDERAL PEMASYARAKATAN JAWA TENGAH',
    address: 'Jl. Pemuda No. 12, Blora, Jawa Tengah 58211',
    city: 'Blora',
    phone: '(0296) 531000',
    email: 'rutanblora@example.go.id',
    logo_file: null,
    created_at: nowIso(),
    created_by: adminId,
  });
  log.push('kop surat Rutan Kelas IIB Blora');

  // An invented change of head on 2025-03-01: Budi Hardiono, then Sugito.
  const head = { position: 'kepala_rutan' as const, title: 'Kepala Rutan Kelas IIB Blora' };
  await addSignatory(db, { ...head, name: 'Budi Hardiono', nip: '196808171990031003', valid_from: '2023-07-01', valid_to: null }, adminId);
  await addSignatory(db, { ...head, name: 'Sugito', nip: '197505052000031002', valid_from: '2025-03-01', valid_to: null }, adminId);
  log.push('Kepala Rutan: Budi Hardiono s.d. 28-02-2025, Sugito mulai 01-03-2025');
  return log;
}
