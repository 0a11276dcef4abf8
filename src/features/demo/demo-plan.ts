// What the demo generator needs to know of one UPT — its people, letterhead, farm and aid — so the
// same generator makes Rutan Blora for `seed:demo` and every UPT of `seed:national`.
import type { EventKind, Relation, Role } from '../../db/database.ts';
import type { CommodityInput } from '../commodities/commodities.schema.ts';
import type { SettingsInput } from '../settings/settings.schema.ts';

export interface DemoUser {
  username: string;
  full_name: string;
  nip: string | null;
  position: string;
  roles: Role[];
}

/** A crop weighed on the plots: the unit's commodity by name, its chance on a day, its kg range and its price a kg. */
export interface Crop {
  name: string;
  chance: number;
  lo: number;
  hi: number;
  priceRp: number;
  /** The one plot it comes from (mushrooms from their shed, eggs from the coop); else any plot without a crop of its own. */
  at?: string;
}

/** The fish of the ponds, drained about every 1/chance days, weighed and counted. */
export interface Fish {
  name: string;
  chance: number;
  priceRp: number;
}

export type FamilyRow = readonly [
  name: string,
  nik: string,
  inmateReg: string,
  relation: Relation,
  address: string,
  rtRw: string,
  village: string,
  district: string,
  householdSize: number,
];
export type NeighbourRow = readonly [
  name: string,
  nik: string,
  address: string,
  rtRw: string,
  village: string,
  district: string,
  householdSize: number,
];
export type InstitutionRow = readonly [name: string, address: string, rtRw: string | null, village: string, district: string];

/**
 * An event with a hand-out: `raya` gives a big package (fish too) to two families and two
 * neighbours; `bakti` a vegetable package to every family, one receipt voided and replaced.
 */
export interface AidEvent {
  day: string;
  style: 'raya' | 'bakti';
  kind: EventKind;
  name: string;
  place: string;
  note: string | null;
  /** How the seed's log names it: "Panen Raya", "Bakti Sosial". */
  label: string;
}

export interface AidPlan {
  families: readonly FamilyRow[];
  neighbours: readonly NeighbourRow[];
  institutions: readonly InstitutionRow[];
  /** The two crops a package holds most of (1–3 kg each), and the one it holds a little of (0,5 kg). */
  staples: readonly [string, string];
  spice: string;
  events: readonly AidEvent[];
  /** The chance of a walk-in handover on a visiting day (Tuesday, Thursday). */
  walkIns: number;
}

export interface FarmPlan {
  /** The random sequence: one seed, the same records every run. */
  seed: number;
  /** The first day of records; they run until yesterday. */
  from: string;
  plots: ReadonlyArray<readonly [name: string, areaM2: number]>;
  ponds: ReadonlyArray<readonly [name: string, areaM2: number]>;
  blocks: readonly string[];
  inmates: ReadonlyArray<readonly [name: string, reg: string]>;
  crops: readonly Crop[];
  fish: Fish | null;
  buyers: readonly string[];
  donees: readonly string[];
  /** How often produce leaves stock, against Blora's (1): a small unit's kitchen and buyers take less often. */
  outflowRate?: number;
  aid: AidPlan;
}

export interface DemoUnit {
  /** As in the unit tree. */
  name: string;
  code: string;
  letterhead: Omit<SettingsInput, 'report_number_format'>;
  /** The letterhead is in force from this day, before the first record, so old papers print it too. */
  letterheadFrom: string;
  headTitle: string;
  /** The heads of unit in turn, each from a day (the one before is closed the day before). */
  heads: ReadonlyArray<{ name: string; nip: string; from: string }>;
  /** Everyone but the unit's admin, who is made first and makes them. */
  users: readonly DemoUser[];
  /** Commodities made for the unit (a fresh installation's first unit already has terong, cabai, tomat and lele). */
  commodities: readonly CommodityInput[];
  farm: FarmPlan;
}
