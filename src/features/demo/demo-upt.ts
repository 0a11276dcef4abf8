// A UPT of the national demo from a short description: its users (prefix.role), letterhead,
// commodities mapped to the national catalogue, made-up people of its region, and its events.
import type { CommodityKind } from '../../db/database.ts';
import type { CommodityInput } from '../commodities/commodities.schema.ts';
import { officerNip, peopleOf, type Region } from './demo-people.ts';
import type { AidEvent, Crop, DemoUnit, DemoUser, Fish, InstitutionRow } from './demo-plan.ts';

export const KANWIL = {
  jateng: { code: 'KWJATENG', name: 'Kanwil Jawa Tengah', province: 'JAWA TENGAH' },
  diy: { code: 'KWDIY', name: 'Kanwil DI Yogyakarta', province: 'DAERAH ISTIMEWA YOGYAKARTA' },
  jatim: { code: 'KWJATIM', name: 'Kanwil Jawa Timur', province: 'JAWA TIMUR' },
} as const;
export type KanwilKey = keyof typeof KANWIL;

/** A commodity as the unit names it, with its national code (null: not mapped). */
type LocalCrop = Crop & { code: string | null; kind?: CommodityKind };
type LocalFish = Fish & { code: string };

export interface UptSpec {
  name: string;
  code: string;
  /** Usernames are `prefix.role`. */
  prefix: string;
  kanwil: KanwilKey;
  letter: string;
  address: string;
  city: string;
  phone: string;
  headTitle: string;
  heads: DemoUnit['heads'];
  /** Names of the admin, petugas and staf (a woman's name ends in '*', for her NIP). */
  officers: readonly [admin: string, petugas: string, staf: string];
  region: Region;
  seed: number;
  from: string;
  plots: DemoUnit['farm']['plots'];
  ponds: DemoUnit['farm']['ponds'];
  crops: readonly LocalCrop[];
  fish: LocalFish | null;
  staples: readonly [string, string];
  spice: string;
  buyers: readonly string[];
  donees: readonly string[];
  institutions: readonly InstitutionRow[];
  events: readonly AidEvent[];
  size: { inmates: number; families: number; neighbours: number };
}

/** The national harvest day of 15 January 2026, held by every UPT that already farmed then. */
export const serentak = (place: string): AidEvent => ({
  day: '2026-01-15',
  style: 'raya',
  kind: 'panen_raya',
  name: 'Panen Raya Serentak Ketahanan Pangan',
  place,
  note: 'Serentak di seluruh UPT, bersama Menteri secara daring.',
  label: 'Panen Raya',
});
export const hariBhakti = (place: string): AidEvent => ({
  day: '2026-04-27',
  style: 'bakti',
  kind: 'hari_bhakti',
  name: 'Bakti Sosial Hari Bhakti Pemasyarakatan ke-62',
  place,
  note: null,
  label: 'Hari Bhakti Pemasyarakatan',
});

/** For the UPT that joined after the national harvest day: a harvest shared out on Independence Day. */
export const kemerdekaan = (place: string): AidEvent => ({
  day: '2026-08-17',
  style: 'raya',
  kind: 'lainnya',
  name: 'Panen dan Berbagi HUT Kemerdekaan RI ke-81',
  place,
  note: null,
  label: 'Panen dan Berbagi',
});

export interface NationalUpt {
  kanwil: KanwilKey;
  prefix: string;
  admin: DemoUser;
  unit: DemoUnit;
}

export function upt(s: UptSpec): NationalUpt {
  const officer = (label: string, i: number, position: string, role: DemoUser['roles'][number]): DemoUser => ({
    username: `${s.prefix}.${role}`,
    full_name: label.replace('*', ''),
    nip: officerNip(s.seed + i, label.endsWith('*')),
    position,
    roles: [role],
  });
  const head = s.heads[s.heads.length - 1]!;
  const people = peopleOf(s.seed + 7, s.region, s.size);
  const commodities: CommodityInput[] = [
    ...s.crops.map((c, i) => ({
      name: c.name,
      kind: c.kind ?? ('sayur' as const),
      tracks_heads: 0,
      sort_order: i + 1,
      active: 1,
      national_code: c.code,
    })),
    ...(s.fish
      ? [
          {
            name: s.fish.name,
            kind: 'ikan' as const,
            tracks_heads: 1,
            sort_order: s.crops.length + 1,
            active: 1,
            national_code: s.fish.code,
          },
        ]
      : []),
  ];
  return {
    kanwil: s.kanwil,
    prefix: s.prefix,
    admin: officer(s.officers[0], 1, 'Pengelola Sistem', 'admin'),
    unit: {
      name: s.name,
      code: s.code,
      letterhead: {
        unit_name: s.letter,
        unit_code: s.code,
        ministry_line: 'KEMENTERIAN IMIGRASI DAN PEMASYARAKATAN REPUBLIK INDONESIA',
        kanwil_line: `KANTOR WILAYAH DIREKTORAT JENDERAL PEMASYARAKATAN ${KANWIL[s.kanwil].province}`,
        address: s.address,
        city: s.city,
        phone: s.phone,
        email: `${s.prefix}@example.go.id`,
        paper_size: 'a4',
        receipts_per_page: 1,
      },
      letterheadFrom: '2025-01-01',
      headTitle: s.headTitle,
      heads: s.heads,
      users: [
        officer(s.officers[1], 2, 'Petugas Kebun', 'petugas'),
        officer(s.officers[2], 3, 'Staf Distribusi', 'staf'),
        { username: `${s.prefix}.pimpinan`, full_name: head.name, nip: head.nip, position: s.headTitle, roles: ['pimpinan'] },
      ],
      commodities,
      farm: {
        seed: s.seed,
        from: s.from,
        plots: s.plots,
        ponds: s.ponds,
        blocks: ['Blok A', 'Blok B'],
        inmates: people.inmates,
        crops: s.crops,
        fish: s.fish,
        buyers: s.buyers,
        donees: s.donees,
        outflowRate: 0.5,
        aid: {
          families: people.families,
          neighbours: people.neighbours,
          institutions: s.institutions,
          staples: s.staples,
          spice: s.spice,
          events: s.events,
          walkIns: 0.3,
        },
      },
    },
  };
}
