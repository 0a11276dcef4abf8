// Zod schemas for the print layout, the print button (its one-time token) and the page it returns to.
import { z } from 'zod';
import { queryEnum, queryText } from '../../web/forms.ts';

const layout = {
  paper: queryEnum(['', 'a4', 'f4'], ''),
  per_page: queryEnum(['', '1', '2'], ''),
};

/** The print options: blank = as set in the settings; a bad value is never an error. */
export const printLayoutSchema = z.object(layout);

/** A press of "Cetak tanda terima": the form's one-time token ('' when missing or malformed) and its layout. */
export const printFormSchema = z.object({ form_token: queryText(32, /^[0-9a-f]{32}$/), ...layout });

/** The receipt or event page after a print: `?cetak=<token>` offers the download of that print. */
export const printedQuerySchema = z.object({ cetak: queryText(32, /^[0-9a-f]{32}$/), ...layout });
