// The main navigation; each role sees only what it may use.
import type { Role } from '../db/database.ts';
import { canAccess, type Access } from './routes.ts';

interface NavItem {
  href: string;
  label: string;
  access: Access;
  /** Other paths that belong to this item (highlighted as current). */
  also?: string[];
}

const NAV: NavItem[] = [
  { href: '/', label: 'Beranda', access: 'user' },
  { href: '/oversight', label: 'Wilayah', access: 'area', also: ['/harvest-days'] },
  { href: '/dashboard', label: 'Dasbor', access: 'user' },
  { href: '/harvests', label: 'Panen', access: 'user' },
  { href: '/stock', label: 'Stok', access: 'user' },
  { href: '/distributions', label: 'Penyaluran', access: ['admin', 'staf', 'pimpinan'], also: ['/events', '/packages'] },
  { href: '/recipients', label: 'Penerima', access: ['admin', 'staf', 'pimpinan'] },
  { href: '/inmates', label: 'WBP', access: ['admin', 'staf'] },
  { href: '/users', label: 'Pengguna', access: ['admin'] },
  { href: '/settings', label: 'Pengaturan', access: ['admin'], also: ['/commodities', '/locations', '/backups'] },
  { href: '/reports', label: 'Laporan', access: ['admin', 'pimpinan'] },
  { href: '/audit', label: 'Jejak Audit', access: ['admin', 'pimpinan'] },
  { href: '/audit/nik', label: 'Akses NIK', access: ['admin'] },
];

export function navFor(roles: readonly Role[] | null, currentPath: string, oversees = false) {
  const items = NAV.filter((item) => canAccess(item.access, roles, oversees));
  const on = (href: string) => (href === '/' ? currentPath === '/' : currentPath === href || currentPath.startsWith(href + '/'));
  return items.map((item) => ({
    ...item,
    // A page under a more specific item (/audit/nik) is that item's, not its parent's (/audit).
    current:
      [item.href, ...(item.also ?? [])].some(on) && !items.some((o) => o !== item && o.href.startsWith(item.href + '/') && on(o.href)),
  }));
}
