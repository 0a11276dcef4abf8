// Made-up people for the national demo's other UPT: inmates, their families and neighbours from
// name lists and the unit's region, so each unit has its own and every NIK passes the checks.
import type { Relation } from '../../db/database.ts';
import { prng } from '../../lib/random.ts';
import type { FamilyRow, NeighbourRow } from './demo-plan.ts';

const MEN = [
  'Agus Santoso',
  'Budi Prasetyo',
  'Catur Wibowo',
  'Darmaji',
  'Edi Susanto',
  'Fajar Nugroho',
  'Gunawan',
  'Hadi Purnomo',
  'Imam Syafii',
  'Joko Purnomo',
  'Kusnadi',
  'Lukman Hakim',
  'Mulyono',
  'Nanang Kosim',
  'Parjo',
  'Rahmat Hidayat',
  'Sarwono',
  'Teguh Santosa',
  'Untung Suripto',
  'Wawan Setiawan',
  'Yusuf Maulana',
  'Zaenal Arifin',
  'Bayu Aji',
  'Dimas Saputra',
  'Eko Wahyudi',
  'Heru Cahyono',
  'Mujiono',
  'Riyanto',
  'Sugeng Riyadi',
  'Tri Handoko',
];
const WOMEN = [
  'Ani Rahayu',
  'Badriyah',
  'Cicik Winarsih',
  'Dewi Sartika',
  'Endang Sulastri',
  'Fitri Handayani',
  'Giyem',
  'Harti Ningsih',
  'Indah Permatasari',
  'Juminten',
  'Kartini',
  'Lilis Suryani',
  'Marsini',
  'Ngatini',
  'Partini',
  'Rukmini',
  'Sri Wahyuni',
  'Tumini',
  'Umi Kulsum',
  'Wartini',
  'Yuliana',
  'Siti Maryam',
  'Nur Aini',
  'Ratna Sari',
  'Sumarni',
  'Tri Lestari',
];
const FAMILY: readonly Relation[] = ['istri', 'ibu', 'istri', 'ayah', 'ibu', 'saudara', 'istri', 'anak'];
const WOMAN: ReadonlySet<Relation> = new Set(['istri', 'ibu']);

/** A kabupaten/kota by its NIK code (the first four digits), with kecamatan and their villages. */
export interface Region {
  code: string;
  districts: ReadonlyArray<readonly [district: string, villages: readonly string[]]>;
  streets: readonly string[];
  hamlets: readonly string[];
}

export interface People {
  inmates: Array<readonly [string, string]>;
  families: FamilyRow[];
  neighbours: NeighbourRow[];
}

export function peopleOf(seed: number, region: Region, size: { inmates: number; families: number; neighbours: number }): People {
  const rnd = prng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const two = (n: number) => String(n).padStart(2, '0');
  const used = new Set<string>();
  /** Each name and number once in the unit. */
  const fresh = (make: () => string) => {
    for (;;) {
      const s = make();
      if (used.has(s)) continue;
      used.add(s);
      return s;
    }
  };
  let serial = 0;
  const place = () => {
    const k = int(0, region.districts.length - 1);
    const [district, villages] = region.districts[k]!;
    return { k, district, village: pick(villages) };
  };
  // Region, kecamatan, birth date (day + 40 for a woman), serial: 3318 04 570885 0001.
  const nik = (k: number, woman: boolean, years: [number, number]) =>
    `${region.code}${two(k + 1)}${two(int(1, 28) + (woman ? 40 : 0))}${two(int(1, 12))}${two(int(years[0], years[1]) % 100)}${String(++serial).padStart(4, '0')}`;
  const address = () => (rnd() < 0.5 ? pick(region.hamlets) : `Jl. ${pick(region.streets)} ${int(1, 60)}`);
  const rtRw = () => `00${int(1, 6)}/00${int(1, 9)}`;

  const inmates = Array.from({ length: size.inmates }, () => {
    const name = fresh(() => pick(MEN));
    const reg = fresh(() => `${pick(['BI', 'BI', 'BII', 'AIII'])}.${int(1, 400)}/${int(2024, 2026)}`);
    return [name, reg] as const;
  });
  const families = Array.from({ length: Math.min(size.families, inmates.length) }, (_, i): FamilyRow => {
    const relation = FAMILY[i % FAMILY.length]!;
    const woman = WOMAN.has(relation) || (relation !== 'ayah' && rnd() < 0.5);
    const at = place();
    const years: [number, number] = relation === 'ibu' || relation === 'ayah' ? [1950, 1968] : [1975, 2003];
    const name = fresh(() => pick(woman ? WOMEN : MEN));
    return [name, nik(at.k, woman, years), inmates[i]![1], relation, address(), rtRw(), at.village, at.district, int(2, 6)];
  });
  const neighbours = Array.from({ length: size.neighbours }, (): NeighbourRow => {
    const woman = rnd() < 0.5;
    const at = place();
    const name = fresh(() => pick(woman ? WOMEN : MEN));
    return [name, nik(at.k, woman, [1945, 1990]), address(), rtRw(), at.village, at.district, int(1, 6)];
  });
  return { inmates, families, neighbours };
}

/** An officer's NIP: birth date, month of appointment, 1 or 2 for man or woman, serial (18 digits). */
export function officerNip(seed: number, woman: boolean): string {
  const rnd = prng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const two = (n: number) => String(n).padStart(2, '0');
  const born = int(1968, 1996);
  return `${born}${two(int(1, 12))}${two(int(1, 28))}${born + int(22, 27)}${two(int(1, 12))}${woman ? 2 : 1}${String(int(1, 12)).padStart(3, '0')}`;
}
