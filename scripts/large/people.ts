// The people of a large generated database: inmates and recipients with plausible Blora names,
// addresses and valid 16-digit NIKs (pure: rows in, no database).
import { isValidNik } from '../../src/lib/nik.ts';
import { prng } from '../../src/lib/random.ts';

export type Rnd = () => number;

export { prng };

export const pick = <T>(rnd: Rnd, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
export const between = (rnd: Rnd, lo: number, hi: number) => lo + rnd() * (hi - lo);
export const pad = (n: number, width: number) => String(n).padStart(width, '0');

const MEN = [
  'Ahmad',
  'Joko',
  'Rudi',
  'Sutrisno',
  'Dedi',
  'Agus',
  'Wahyu',
  'Slamet',
  'Eko',
  'Bambang',
  'Budi',
  'Heru',
  'Hadi',
  'Sugeng',
  'Teguh',
  'Yanto',
  'Supriyadi',
  'Sukardi',
  'Karsono',
  'Wagiman',
  'Darmaji',
  'Suroso',
  'Mulyono',
  'Tri',
  'Andi',
  'Rizki',
  'Fajar',
  'Bayu',
  'Arif',
  'Imam',
  'Nur',
  'Muhammad',
  'Dwi',
  'Purnomo',
  'Gunawan',
  'Haryanto',
  'Setiawan',
  'Ari',
  'Yusuf',
];
const WOMEN = [
  'Siti',
  'Sumiyati',
  'Rina',
  'Suparmi',
  'Dwi',
  'Nur',
  'Painem',
  'Sarinah',
  'Yatini',
  'Sri',
  'Endang',
  'Wartini',
  'Sulastri',
  'Sumarni',
  'Tumini',
  'Kasmini',
  'Lestari',
  'Dewi',
  'Ani',
  'Rukmini',
  'Wahyuni',
  'Eni',
  'Puji',
  'Tutik',
  'Ratna',
  'Yuli',
  'Indah',
  'Fitri',
  'Umi',
  'Kartini',
  'Marni',
  'Suwarni',
  'Rohmah',
  'Anik',
  'Astuti',
];
const SURNAMES = [
  'Susilo',
  'Hartono',
  'Kurniawan',
  'Salim',
  'Pratama',
  'Prasetyo',
  'Irawan',
  'Riyadi',
  'Santoso',
  'Wibowo',
  'Saputra',
  'Hidayat',
  'Nugroho',
  'Setiawan',
  'Purnomo',
  'Wijaya',
  'Lestari',
  'Aminah',
  'Hartati',
  'Rahayu',
  'Handayani',
  'Utami',
  'Wulandari',
  'Kusuma',
  'Maulana',
  'Firmansyah',
  'Ramadhan',
  'Suryadi',
  'Sutrisno',
  'Widodo',
  '',
];
export const BLOCKS = ['Blok A', 'Blok B', 'Blok C', 'Blok D'] as const;
const REG_CLASSES = ['BI', 'BI', 'BI', 'BII', 'AII', 'AIII', 'AIII'] as const;
const RELATIONS = ['istri', 'istri', 'istri', 'ibu', 'ibu', 'ayah', 'anak', 'suami', 'saudara', 'lainnya'] as const;

/** Kecamatan of Kabupaten Blora with their NIK region digits (3316xx). */
const DISTRICTS: ReadonlyArray<readonly [string, string, readonly string[]]> = [
  ['Blora', '01', ['Karangjati', 'Tempelan', 'Kauman', 'Mlangsen', 'Kunden', 'Kedungjenar', 'Jetis', 'Bangkle']],
  ['Jepon', '02', ['Jepon', 'Soko', 'Bangsri', 'Kemiri', 'Semanggi']],
  ['Jiken', '03', ['Jiken', 'Nglebur', 'Bangowan', 'Genjahan']],
  ['Bogorejo', '04', ['Bogorejo', 'Nglengkir', 'Sendanggayam']],
  ['Cepu', '05', ['Balun', 'Cepu', 'Karangboyo', 'Ngelo', 'Tambakromo']],
  ['Sambong', '06', ['Sambong', 'Ledok', 'Sambongrejo']],
  ['Kedungtuban', '07', ['Kedungtuban', 'Pulo', 'Sogo', 'Nglanjuk']],
  ['Randublatung', '08', ['Randublatung', 'Wulung', 'Kalisari', 'Kutukan']],
  ['Kradenan', '09', ['Kradenan', 'Mendenrejo', 'Menden']],
  ['Tunjungan', '13', ['Tunjungan', 'Tambahrejo', 'Sitirejo', 'Adirejo']],
  ['Banjarejo', '12', ['Banjarejo', 'Klopoduwur', 'Sembongin']],
  ['Ngawen', '15', ['Ngawen', 'Sambongrejo', 'Bergolo']],
  ['Kunduran', '16', ['Kunduran', 'Sonokulon', 'Kemiri']],
  ['Todanan', '11', ['Todanan', 'Ngumbul', 'Kedungbacin']],
];
const STREETS = [
  'Dukuh Krajan',
  'Dukuh Sambiroto',
  'Jl. Pemuda',
  'Jl. Gatot Subroto',
  'Jl. Mr. Iskandar',
  'Jl. Halmahera',
  'Jl. Nusantara',
  'Dukuh Ngampel',
  'Jl. Randublatung',
  'Dukuh Tambakrejo',
];
const INSTITUTIONS = [
  'Panti Asuhan Darul Aitam',
  'Panti Asuhan Muhammadiyah',
  'Pondok Pesantren Al Falah',
  'Pondok Pesantren Khozinatul Ulum',
  'Posyandu Melati',
  'Posyandu Mawar',
  'Posyandu Kenanga',
  'Panti Werdha Budi Mulya',
  'TPQ Al Hidayah',
  'Pondok Pesantren Al Muttaqin',
];

export function personName(rnd: Rnd, woman: boolean): string {
  const first = pick(rnd, woman ? WOMEN : MEN);
  const last = pick(rnd, SURNAMES);
  return last && last !== first ? `${first} ${last}` : first;
}

export interface InmateRow {
  id: number;
  name: string;
  reg_number: string;
  block: string;
  active: number;
}

/** `count` inmates with unique registration numbers (BI.123/2025); about one in eight released (inactive). */
export function makeInmates(rnd: Rnd, count: number, lastYear: number): InmateRow[] {
  const seen = new Set<string>();
  const out: InmateRow[] = [];
  while (out.length < count) {
    const reg = `${pick(rnd, REG_CLASSES)}.${1 + Math.floor(rnd() * 400)}/${lastYear - Math.floor(rnd() * 4)}`;
    if (seen.has(reg)) continue;
    seen.add(reg);
    out.push({ id: out.length + 1, name: personName(rnd, false), reg_number: reg, block: pick(rnd, BLOCKS), active: rnd() < 0.88 ? 1 : 0 });
  }
  return out;
}

export interface RecipientRow {
  id: number;
  category: 'keluarga_wbp' | 'masyarakat' | 'lembaga';
  name: string;
  nik: string | null;
  inmate_id: number | null;
  relation: string | null;
  address: string;
  rt_rw: string | null;
  village: string;
  district: string;
  phone: string | null;
  household_size: number | null;
  active: number;
}

/** A valid NIK: region 3316xx, birth date DDMMYY (+40 on the day for women), serial. */
function makeNik(rnd: Rnd, regionDigits: string, woman: boolean, seen: Set<string>): string {
  for (;;) {
    const day = 1 + Math.floor(rnd() * 28) + (woman ? 40 : 0);
    const nik = `3316${regionDigits}${pad(day, 2)}${pad(1 + Math.floor(rnd() * 12), 2)}${pad(Math.floor(rnd() * 100), 2)}${pad(1 + Math.floor(rnd() * 9999), 4)}`;
    if (!seen.has(nik) && isValidNik(nik)) {
      seen.add(nik);
      return nik;
    }
  }
}

/** `count` recipients: about 60 % inmates' families (linked), 35 % neighbours, 5 % institutions. */
export function makeRecipients(rnd: Rnd, count: number, inmates: InmateRow[]): RecipientRow[] {
  const niks = new Set<string>();
  const out: RecipientRow[] = [];
  for (let id = 1; id <= count; id++) {
    const [district, regionDigits, villages] = pick(rnd, DISTRICTS);
    const roll = rnd();
    const category = roll < 0.6 ? 'keluarga_wbp' : roll < 0.95 ? 'masyarakat' : 'lembaga';
    const woman = rnd() < 0.75;
    const base = {
      id,
      category,
      village: pick(rnd, villages),
      district,
      rt_rw: `${pad(1 + Math.floor(rnd() * 9), 3)}/${pad(1 + Math.floor(rnd() * 9), 3)}`,
      phone: rnd() < 0.5 ? `08${pad(Math.floor(rnd() * 1e10), 10)}` : null,
      active: rnd() < 0.98 ? 1 : 0,
    } as const;
    if (category === 'lembaga') {
      out.push({
        ...base,
        name: `${pick(rnd, INSTITUTIONS)} ${base.village}`,
        nik: null,
        inmate_id: null,
        relation: null,
        address: `${pick(rnd, STREETS)} ${1 + Math.floor(rnd() * 90)}`,
        household_size: null,
      });
      continue;
    }
    const family = category === 'keluarga_wbp';
    out.push({
      ...base,
      name: personName(rnd, woman),
      nik: makeNik(rnd, regionDigits, woman, niks),
      inmate_id: family ? pick(rnd, inmates).id : null,
      relation: family ? pick(rnd, RELATIONS) : null,
      address: `${pick(rnd, STREETS)} ${1 + Math.floor(rnd() * 90)}`,
      household_size: 1 + Math.floor(rnd() * 7),
    });
  }
  return out;
}

/** The ISO day `n` days after `day` (before it when negative). */
export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
