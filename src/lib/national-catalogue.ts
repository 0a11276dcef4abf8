// The national vocabulary of the programme: each unit's commodity maps to one entry, so that Terong
// in Blora and Terong Ungu in Pati add up in the Kanwil's and the nation's figures, by sector as
// Ditjenpas reports them (pertanian/perkebunan, peternakan, perikanan).

export const SECTORS = ['pertanian', 'peternakan', 'perikanan'] as const;
export type Sector = (typeof SECTORS)[number];
export const SECTOR_LABELS: Record<Sector, string> = {
  pertanian: 'Pertanian/Perkebunan',
  peternakan: 'Peternakan',
  perikanan: 'Perikanan',
};

export interface NationalCommodity {
  code: string;
  name: string;
  sector: Sector;
}

const entries = (sector: Sector, list: Array<[string, string]>): NationalCommodity[] =>
  list.map(([code, name]) => ({ code, name, sector }));

export const NATIONAL_COMMODITIES: readonly NationalCommodity[] = [
  ...entries('pertanian', [
    ['terong', 'Terong'],
    ['cabai', 'Cabai'],
    ['tomat', 'Tomat'],
    ['kangkung', 'Kangkung'],
    ['bayam', 'Bayam'],
    ['sawi', 'Sawi'],
    ['kacang_panjang', 'Kacang panjang'],
    ['mentimun', 'Mentimun'],
    ['buncis', 'Buncis'],
    ['kubis', 'Kubis'],
    ['selada', 'Selada'],
    ['bawang_merah', 'Bawang merah'],
    ['bawang_daun', 'Bawang daun'],
    ['jagung', 'Jagung'],
    ['padi', 'Padi (gabah)'],
    ['singkong', 'Singkong'],
    ['ubi_jalar', 'Ubi jalar'],
    ['pepaya', 'Pepaya'],
    ['pisang', 'Pisang'],
    ['semangka', 'Semangka'],
    ['melon', 'Melon'],
    ['jahe', 'Jahe'],
    ['kunyit', 'Kunyit'],
    ['serai', 'Serai'],
    ['kopi', 'Kopi'],
    ['kelapa', 'Kelapa'],
    ['sayur_lain', 'Sayuran lain'],
    ['buah_lain', 'Buah lain'],
  ]),
  ...entries('peternakan', [
    ['ayam_pedaging', 'Ayam pedaging'],
    ['ayam_kampung', 'Ayam kampung'],
    ['telur_ayam', 'Telur ayam'],
    ['itik', 'Itik/bebek'],
    ['telur_itik', 'Telur itik'],
    ['puyuh', 'Puyuh'],
    ['telur_puyuh', 'Telur puyuh'],
    ['kambing', 'Kambing'],
    ['domba', 'Domba'],
    ['sapi', 'Sapi'],
    ['kelinci', 'Kelinci'],
    ['ternak_lain', 'Ternak lain'],
  ]),
  ...entries('perikanan', [
    ['lele', 'Lele'],
    ['nila', 'Nila'],
    ['gurami', 'Gurami'],
    ['patin', 'Patin'],
    ['ikan_mas', 'Ikan mas'],
    ['bawal', 'Bawal'],
    ['udang', 'Udang'],
    ['ikan_lain', 'Ikan lain'],
  ]),
];

const byCode = new Map(NATIONAL_COMMODITIES.map((c) => [c.code, c]));

export function nationalCommodity(code: string | null): NationalCommodity | null {
  return code ? (byCode.get(code) ?? null) : null;
}
