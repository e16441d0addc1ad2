// One answer for every failure: a translated HTML page for people, application/problem+json for programs.
// Never a stack trace; a server error is logged with the request id, which the page shows.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ErrorPage, errorKeys } from '../ui/error-page.js';
import { sendPage, viewOf } from '../ui/view.js';
import { HttpError } from './route.js';

function statusOf(err: FastifyError): { status: number; bodyKey?: string } {
  if (err instanceof HttpError) return { status: err.statusCode };
  const code = err.code ?? '';
  if (code.startsWith('FST_CSRF')) return { status: 403, bodyKey: 'errors.csrf.body' };
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') return { status: 413 };
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return { status: 415 };
  if (err.statusCode === 429) return { status: 429 };
  if (err.validation || (err.statusCode && err.statusCode >= 400 && err.statusCode < 500)) {
    return { status: err.statusCode ?? 400 };
  }
  return { status: 500 };
}

export function wantsProblemJson(req: FastifyRequest): boolean {
  if (req.routeOptions.config?.kind === 'api') return true;
  if (req.url.startsWith('/api/') || req.url.startsWith('/hsds/')) return true;
  const accept = req.headers.accept ?? '';
  return accept.includes('application/json') && !accept.includes('text/html');
}

export async function sendError(req: FastifyRequest, reply: FastifyReply, status: number, bodyKey?: string) {
  const keys = errorKeys(status);
  if (wantsProblemJson(req)) {
    return reply
      .status(status)
      .type('application/problem+json')
      .send({
        type: 'about:blank',
        title: req.tr.t(keys.title),
        status,
        detail: req.tr.t(bodyKey ?? keys.body),
        ...(status >= 500 ? { instance: req.id } : {}),
      });
  }
  const view = viewOf(req, reply);
  return sendPage(reply, ErrorPage({ view, status, bodyKey, requestId: status >= 500 ? req.id : undefined }) as string, status);
}

export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler(async (err: FastifyError, req, reply) => {
    const { status, bodyKey } = statusOf(err);
    if (status >= 500) req.log.error({ err }, 'request failed');
    else req.log.info({ code: err.code, status }, 'request refused');
    try {
      return await sendError(req, reply, status, bodyKey);
    } catch (renderErr) {
      // The error page itself failed (for example the session store is down): a plain answer, still no trace.
      req.log.error({ err: renderErr }, 'error page failed');
      return reply.status(status).type('text/plain; charset=utf-8').send(`${status}`);
    }
  });
  app.setNotFoundHandler(async (req, reply) => sendError(req, reply, 404));
}
