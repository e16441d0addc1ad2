import type { Kernel } from '../../kernel/kernel.js';
import type { RouteDef } from '../../kernel/http/route.js';

export function editorRoutes(kernel: Kernel): RouteDef[] {
  void kernel;
  return [];
}
