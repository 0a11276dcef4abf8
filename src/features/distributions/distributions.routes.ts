// Handover, event, package and receipt pages.
import { buildRouter, type Deps } from '../../web/routes.ts';

export function distributionsRoutes(_deps: Deps) {
  return buildRouter([]);
}
