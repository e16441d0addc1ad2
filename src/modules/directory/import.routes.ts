// The directory team's import of HSDS packages in the back office (directory.publish): the upload form, a
// job's page, the confirmation. The upload is the only multipart route of Ponte: @fastify/multipart is
// registered in a scope of its own around that one route, with size limits, and whoever may not import is
// answered before the upload is read.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fastifyMultipart, { type MultipartFile } from '@fastify/multipart';
import { z } from 'zod';
import type { Kernel } from '../../kernel/kernel.js';
import { actorOf } from '../../kernel/kernel.js';
import { rolesHold } from '../../kernel/access/policy.js';
import { HttpError, registerRoutes, route, routeRegistry, uuidParam, type RouteDef } from '../../kernel/http/route.js';
import { emptyForm, type FormState } from '../../kernel/ui/fields.js';
import { sendPage, viewOf } from '../../kernel/ui/view.js';
import { UPLOAD_LIMITS, unpackUpload, type UploadedFile } from './hsds-upload.js';
import { createImportJobs, isRunning, type ImportJobs } from './import-jobs.js';
import { ImportJobPage, ImportPage, UPLOAD_PROBLEM_KEYS } from './pages/import-pages.js';

/** How long the upload waits for a small package's dry run before showing its page (which then refreshes). */
const WAIT_FOR_SMALL_MS = 1500;
/** Seconds between two refreshes of a running job's page. */
const REFRESH_SECONDS = 2;

const uploads = new WeakMap<FastifyRequest, UploadedFile[]>();

/** Reads one uploaded file, keeping no more than the limits allow (beyond them it is marked as cut). */
async function collectFile(this: FastifyRequest, part: MultipartFile) {
  const list = uploads.get(this) ?? [];
  uploads.set(this, list);
  let kept = list.reduce((n, f) => n + f.data.length, 0);
  const chunks: Buffer[] = [];
  let cut = false;
  for await (const chunk of part.file as AsyncIterable<Buffer>) {
    if (cut) continue; // read to the end, keep nothing more
    kept += chunk.length;
    if (kept > UPLOAD_LIMITS.totalBytes) cut = true;
    else chunks.push(chunk);
  }
  list.push({ filename: part.filename ?? '', data: Buffer.concat(chunks), truncated: cut || part.file.truncated });
}

const ZRefresh = z.object({ refresh: z.enum(['off']).optional().catch(undefined) });

export async function registerDirectoryImport(app: FastifyInstance, kernel: Kernel): Promise<ImportJobs> {
  const jobs = createImportJobs(kernel, app.log);
  app.addHook('onClose', async () => jobs.drain());

  async function renderImportPage(req: FastifyRequest, reply: Parameters<RouteDef['handler']>[1], form: FormState, status = 200) {
    return sendPage(reply, ImportPage({ view: viewOf(req, reply), form, jobs: await jobs.recent() }), status);
  }

  const pages: RouteDef[] = [
    route({
      method: 'GET',
      url: '/directory/manage/import',
      permission: 'directory.publish',
      handler: async (req, reply) => renderImportPage(req, reply, emptyForm),
    }),
    route({
      method: 'GET',
      url: '/directory/manage/import/:id',
      permission: 'directory.publish',
      handler: async (req, reply) => {
        const job = await jobs.find(uuidParam(req));
        if (!job) throw new HttpError(404, 'errors.notFound.title');
        const refreshing = isRunning(job.status) && !job.interrupted && ZRefresh.parse(req.query ?? {}).refresh !== 'off';
        // The page asks the browser to load it again while a step runs: no script needed.
        if (refreshing) reply.header('refresh', String(REFRESH_SECONDS));
        return sendPage(reply, ImportJobPage({ view: viewOf(req, reply), job, refreshing }));
      },
    }),
    route({
      method: 'POST',
      url: '/directory/manage/import/:id/confirm',
      permission: 'directory.publish',
      handler: async (req, reply) => {
        const jobId = uuidParam(req);
        const job = await jobs.find(jobId);
        if (!job) throw new HttpError(404, 'errors.notFound.title');
        const started = await jobs.confirm({ jobId, userId: req.user!.id, actor: actorOf(req) });
        if (!started) req.session.set('flash', { kind: 'warning', key: 'editor.import.notConfirmable' });
        else await jobs.settle(jobId, WAIT_FOR_SMALL_MS);
        return reply.redirect(`/directory/manage/import/${jobId}`, 303);
      },
    }),
  ];
  registerRoutes(app, pages);

  const upload = route({
    method: 'POST',
    url: '/directory/manage/import',
    permission: 'directory.publish',
    handler: async (req, reply) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const unpacked = unpackUpload(uploads.get(req) ?? []);
      const values = { publish: body.publish === 'on' ? 'on' : undefined };
      if (!unpacked.ok) {
        const params = { file: unpacked.file ?? '', max: UPLOAD_LIMITS.files, mb: UPLOAD_LIMITS.fileBytes / 1024 / 1024, totalMb: UPLOAD_LIMITS.totalBytes / 1024 / 1024 };
        return renderImportPage(req, reply, { values, errors: { package: { key: UPLOAD_PROBLEM_KEYS[unpacked.problem], params } } }, 400);
      }
      const jobId = await jobs.upload({ files: unpacked.files, publish: values.publish === 'on', userId: req.user!.id, actor: actorOf(req) });
      await jobs.settle(jobId, WAIT_FOR_SMALL_MS);
      return reply.redirect(`/directory/manage/import/${jobId}`, 303);
    },
  });

  let scope: FastifyInstance | undefined;
  await app.register(async (child) => {
    scope = child;
    await child.register(fastifyMultipart, {
      attachFieldsToBody: 'keyValues',
      onFile: collectFile,
      throwFileSizeLimit: false,
      limits: { fileSize: UPLOAD_LIMITS.fileBytes, files: UPLOAD_LIMITS.files, fields: 10, fieldSize: 1000, fieldNameSize: 100, parts: UPLOAD_LIMITS.files + 10, headerPairs: 100 },
    });
    // The route's own access check runs after the body is read: answer before reading it instead.
    child.addHook('preParsing', async (req, reply) => {
      if (!req.user) {
        await reply.redirect('/login', 303);
        return;
      }
      if (!rolesHold(req.user.roles, 'directory.publish')) throw new HttpError(403, 'errors.forbidden.title');
    });
    registerRoutes(child, [upload]);
  });
  // The scoped route belongs to the app's route table too (the permission matrix reads it).
  routeRegistry.get(app)?.push(...(routeRegistry.get(scope!) ?? []));
  return jobs;
}
