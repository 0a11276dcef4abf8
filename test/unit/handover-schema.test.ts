// The handover form's schema is built from the commodity list and kept per list (issue 19): the
// same list gives the same schema, a changed list (added, renamed, heads or not) a new one that
// knows it.
import { describe, expect, it } from 'vitest';
import { handoverSchema } from '../../src/features/distributions/distributions.schema.ts';

const terong = { id: 1, name: 'Terong', tracks_heads: 0 };
const lele = { id: 4, name: 'Lele', tracks_heads: 1 };
const base = { handed_on: '2026-11-02', officer_id: '3', form_token: 'a'.repeat(32), recipient_id: '9', note: '' };

describe('the handover schema kept per commodity list', () => {
  it('is built once for the same list, again for a changed one', () => {
    expect(handoverSchema([terong])).toBe(handoverSchema([{ ...terong }]));
    expect(handoverSchema([terong, lele])).not.toBe(handoverSchema([terong]));
    expect(handoverSchema([{ ...terong, name: 'Terong Ungu' }])).not.toBe(handoverSchema([terong]));
  });

  it('a schema built for a longer list reads its commodities; the old one did not know them', () => {
    const withLele = handoverSchema([terong, lele]).safeParse({ ...base, qty_1: '', qty_4: '2', heads_4: '10' });
    expect(withLele.success).toBe(true);
    const only = handoverSchema([terong]).safeParse({ ...base, qty_1: '', qty_4: '2', heads_4: '10' });
    expect(only.success).toBe(false);
  });
});
