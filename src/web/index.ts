/** The web console as a Node request listener for Loa's HTTP server. */
import { getRequestListener } from '@hono/node-server';
import { createWebApp, type WebAppDeps } from './app.js';

export { createWebApp, type WebAppDeps } from './app.js';

/** The console's listener. Global Request/Response stay Node's own (the channels' `fetch` uses them). */
export function webListener(deps: WebAppDeps): ReturnType<typeof getRequestListener> {
  return getRequestListener(createWebApp(deps).fetch, { overrideGlobalObjects: false });
}
