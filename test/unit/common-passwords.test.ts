import { describe, expect, it } from 'vitest';
import { isCommonPassword } from '../../src/lib/common-passwords.ts';

describe('isCommonPassword', () => {
  it.each(['password', 'PASSWORD', 'qwerty123', 'Indonesia', 'indonesia2026!', 'rahasia-123', 'Sayang!!', '1234567890'])(
    '%s is common',
    (p) => {
      expect(isCommonPassword(p)).toBe(true);
    },
  );

  it.each(['kebun-terong-blora', 'lele-kolam-tiga', 'Rutan Blora panen 2026', 'sementara-1', 'x7#Lq9!vRt', '1234-abcd-kebun'])(
    '%s is not',
    (p) => {
      expect(isCommonPassword(p)).toBe(false);
    },
  );
});
