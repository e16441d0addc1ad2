// The desk module: people, consent, contacts, needs, matching and referral; case handling; appointments;
// figures. Other modules use only what is exported here.
import type { Kernel } from '../../kernel/kernel.js';
import type { RouteDef } from '../../kernel/http/route.js';

export function deskRoutes(kernel: Kernel): RouteDef[] {
  void kernel;
  return [];
}
