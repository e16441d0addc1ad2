// The directory's route table: the public finder and service pages, the HSDS API, the editors' back office.
import type { Kernel } from '../../kernel/kernel.js';
import type { RouteDef } from '../../kernel/http/route.js';
import { finderRoutes } from './finder.routes.js';
import { hsdsRoutes } from './hsds.api.js';
import { editorRoutes } from './editor.routes.js';

export function directoryRoutes(kernel: Kernel): RouteDef[] {
  return [...finderRoutes(kernel), ...hsdsRoutes(kernel), ...editorRoutes(kernel)];
}
