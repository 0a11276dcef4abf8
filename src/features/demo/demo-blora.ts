// Rutan Kelas IIB Blora as the demo shows it: the first site's people, letterhead, plots and ponds,
// and the seeds' two events (Panen Raya 24-12-2024, Bakti Sosial 27-10-2025).
import type { DemoUnit, DemoUser } from './demo-plan.ts';

/** Made by the first-run page, before the unit has anyone else. */
export const BLORA_ADMIN = { username: 'admin', full_name: 'Admin Lumbung', nip: null, position: 'Pengelola Sistem' };

const USERS: DemoUser[] = [
  { username: 'petugas', full_name: 'Slamet Riyadi', nip: '198703122010121001', position: 'Petugas Kebun', roles: ['petugas'] },
  { username: 'staf', full_name: 'Dewi Lestari', nip: '199001052015032002', position: 'Staf Distribusi', roles: ['staf'] },
  {
    username: 'pimpinan',
    full_name: 'Sugito',
    nip: '197505052000031002',
    position: 'Kepala Rutan Kelas IIB Blora',
    roles: ['pimpinan'],
  },
];

const INMATES = [
  ['Ahmad Fauzi', 'BI.123/2025'],
  ['Joko Susilo', 'BI.87/2025'],
  ['Rudi Hartono', 'AIII.45/2026'],
  ['Sutrisno', 'BI.201/2024'],
  ['Dedi Kurniawan', 'BI.56/2025'],
  ['Agus Salim', 'AIII.12/2025'],
  ['Wahyu Pratama', 'BI.310/2024'],
  ['Slamet', 'BII.9/2025'],
  ['Eko Prasetyo', 'BI.144/2025'],
  ['Bambang Irawan', 'AIII.70/2026'],
] as const;

const FAMILIES = [
  ['Siti Aminah', '3316015708900001', 'BI.123/2025', 'istri', 'Dukuh Krajan', '001/002', 'Karangjati', 'Blora', 4],
  ['Sumiyati', '3316024103650002', 'BI.87/2025', 'ibu', 'Jl. Gatot Subroto 21', '003/001', 'Tempelan', 'Blora', 3],
  ['Rina Hartati', '3316036212940003', 'AIII.45/2026', 'istri', 'Dukuh Sambiroto', '002/003', 'Jepon', 'Jepon', 5],
  ['Suparmi', '3316015005600004', 'BI.201/2024', 'ibu', 'Dukuh Ngampel', '004/002', 'Ngampel', 'Blora', 2],
  ['Dwi Lestari', '3316044708970005', 'BI.56/2025', 'istri', 'Jl. Randublatung 7', '001/005', 'Kunden', 'Blora', 4],
  ['Wagiman', '3316050203580006', 'AIII.12/2025', 'ayah', 'Dukuh Tambakrejo', '002/001', 'Tambahrejo', 'Tunjungan', 3],
  ['Nur Hidayah', '3316016101990007', 'BI.310/2024', 'saudara', 'Jl. Mr. Iskandar 15', '005/002', 'Mlangsen', 'Blora', 6],
  ['Painem', '3316066609620008', 'BII.9/2025', 'ibu', 'Dukuh Jurangjero', '001/001', 'Jiken', 'Jiken', 2],
] as const;

const NEIGHBOURS = [
  ['Karsono', '3316010507710009', 'Jl. Pemuda Gg. 3 No. 4', '002/006', 'Kauman', 'Blora', 5],
  ['Mbah Sarinah', '3316014402450010', 'Jl. Pemuda Gg. 5 No. 1', '002/006', 'Kauman', 'Blora', 1],
  ['Yatini', '3316015210800011', 'Jl. Halmahera 9', '004/003', 'Kedungjenar', 'Blora', 4],
  ['Sukardi', '3316011111660012', 'Jl. Nusantara 2', '001/004', 'Kunden', 'Blora', 3],
] as const;

const INSTITUTIONS = [
  ['Panti Asuhan Darul Aitam Blora', 'Jl. Ahmad Yani 30', null, 'Mlangsen', 'Blora'],
  ['Posyandu Melati Kauman', 'Balai RW 06', '001/006', 'Kauman', 'Blora'],
] as const;

export const BLORA: DemoUnit = {
  name: 'Rutan Kelas IIB Blora',
  code: 'RTNBLORA',
  letterhead: {
    unit_name: 'RUMAH TAHANAN NEGARA KELAS IIB BLORA',
    unit_code: 'RTNBLORA',
    ministry_line: 'KEMENTERIAN IMIGRASI DAN PEMASYARAKATAN REPUBLIK INDONESIA',
    kanwil_line: 'KANTOR WILAYAH DIREKTORAT JENDERAL PEMASYARAKATAN JAWA TENGAH',
    address: 'Jl. Pemuda No. 12, Blora, Jawa Tengah 58211',
    city: 'Blora',
    phone: '(0296) 531000',
    email: 'rutanblora@example.go.id',
    paper_size: 'f4',
    receipts_per_page: 1,
  },
  letterheadFrom: '2024-01-01',
  headTitle: 'Kepala Rutan Kelas IIB Blora',
  // An invented change of head on 2025-03-01: Budi Hardiono, then Sugito.
  heads: [
    { name: 'Budi Hardiono', nip: '196808171990031003', from: '2023-07-01' },
    { name: 'Sugito', nip: '197505052000031002', from: '2025-03-01' },
  ],
  users: USERS,
  // The four a fresh installation starts with (migration 0005), mapped by migration 0023.
  commodities: [],
  farm: {
    seed: 20241101,
    from: '2024-11-01',
    plots: [
      ['Lahan Blok A', 1200],
      ['Lahan Blok B', 800],
      ['Lahan Belakang Dapur', 300],
    ],
    ponds: [
      ['Kolam 1', 60],
      ['Kolam 2', 60],
    ],
    blocks: ['Blok A', 'Blok B', 'Blok C'],
    inmates: INMATES,
    crops: [
      { name: 'Terong', chance: 0.4, lo: 12, hi: 38, priceRp: 8_000 },
      { name: 'Cabai', chance: 0.35, lo: 0.8, hi: 4.5, priceRp: 40_000 },
      { name: 'Tomat', chance: 0.4, lo: 10, hi: 32, priceRp: 8_000 },
    ],
    fish: { name: 'Lele', chance: 0.07, priceRp: 25_000 },
    buyers: ['Koperasi Pegawai', 'Pasar Blora', 'Warung Bu Sri'],
    donees: ['Panti Asuhan Al-Ikhlas', 'Pondok Pesantren Darul Ulum', 'Posyandu Melati'],
    aid: {
      families: FAMILIES,
      neighbours: NEIGHBOURS,
      institutions: INSTITUTIONS,
      staples: ['Terong', 'Tomat'],
      spice: 'Cabai',
      walkIns: 0.35,
      events: [
        {
          day: '2024-12-24',
          style: 'raya',
          kind: 'panen_raya',
          name: 'Panen Raya Nasional Serentak',
          place: 'Lahan Blok A, Rutan Blora',
          note: 'Bersama Menteri secara daring.',
          label: 'Panen Raya',
        },
        {
          day: '2025-10-27',
          style: 'bakti',
          kind: 'bakti_sosial',
          name: 'Bakti Sosial untuk Keluarga WBP Kurang Mampu',
          place: 'Ruang Kunjungan Rutan Blora',
          note: null,
          label: 'Bakti Sosial',
        },
      ],
    },
  },
};
