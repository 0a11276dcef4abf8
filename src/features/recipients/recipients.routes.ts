// Recipient pages (filled in by the recipients work).
import { buildRouter, type Deps } from '../../web/routes.ts';

export function recipientsRoutes(_deps: Deps) {
  return buildRouter([]);
}
