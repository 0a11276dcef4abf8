// The main navigation; each role sees only what it may use.
import type { Role } from '../db/database.ts';
import { canAccess, type Access } from './routes.ts';

interface NavItem {
  href: string;
  label: string;
  access: Access;
}

const NAV: NavItem[] = [
  { href: '/', label: 'Beranda', access: 'user' },
  { href: '/users', label: 'Pengguna', access: ['admin'] },
  { href: '/settings', label: 'Pengaturan', access: ['admin'] },
  { href: '/audit', label: 'Jejak Audit', access: ['admin', 'pimpinan'] },
];

export function navFor(roles: readonly Role[] | null, currentPath: string) {
  return NAV.filter((item) => canAccess(item.access, roles)).map((item) => ({
    ...item,
    current: item.href === '/' ? currentPath === '/' : currentPath === item.href || currentPath.startsWith(item.href + '/'),
  }));
}
