import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import JSZip from 'jszip';
import { z } from 'zod';
import { writeCsv } from '../core/csv.ts';
import { cockpitCases } from '../../db/repositories/disputes-cockpit.ts';
import { factsOf } from '../../db/repositories/disputes.ts';
import { requireDispute } from './load-case.ts';
import { disputeEvents } from '../../db/repositories/disputes-timeline.ts';
import { disputeDocument, disputeItems } from '../../db/repositories/disputes-items.ts';
import { disputeLetters, letterWithPdf } from '../../db/repositories/disputes-letters.ts';
import { loadCalendar } from '../calendar/load-calendar.ts';
import { readSetting } from '../core/settings.ts';
import { resolveSession, SESSION_COOKIE } from '../trpc/context.ts';
import { localDateOf } from '../domain/dates.ts';
import { computeDeadlinesOn } from '../domain/dispute-clock-state.ts';
import { caseNumber, LETTER_KINDS, type LetterKind } from '../domain/dispute-workflow.ts';
import { DomainError, englishOf, msg } from '../domain/errors.ts';
import { replyError } from '../http/error-reply.ts';
import { renderDisputeLetter } from '../letters/dispute-letters.ts';
import { DOMAIN_TO_TRPC, ROLE_SETS, type AppDeps, type SessionUser } from '../trpc/base.ts';
import { loadPolicy } from './policies.ts';

/**
 * Plain-HTTP routes of the disputes area, for what a browser opens directly: letter PDFs
 * (preview / print in a new tab), the cockpit CSV export and a case's evidence zip. Each route
 * authenticates with the session cookie, like tRPC, and checks the role. A refusal or failure
 * answers in the tRPC error shape with a message key (server/http/error-reply.ts), so the
 * renderer shows it in the user's language.
 */
async function userOf(
  deps: AppDeps,
  req: FastifyRequest,
  reply: FastifyReply,
  roles: readonly string[],
): Promise<SessionUser | null> {
  const session = await resolveSession(deps, req.cookies[SESSION_COOKIE], deps.clock.now());
  if (!session) {
    await replyError(reply, 'UNAUTHORIZED', msg('common.sessionEnded'));
    return null;
  }
  if (!roles.includes(session.user.role)) {
    await replyError(reply, 'FORBIDDEN', msg('common.roleNotAllowed'));
    return null;
  }
  return session.user;
}

async function today(deps: AppDeps): Promise<string> {
  const { timeZone } = await readSetting(deps.db, 'identity');
  return localDateOf(deps.clock.now(), timeZone);
}

function failure(reply: FastifyReply, error: unknown, deps: AppDeps) {
  if (error instanceof DomainError) {
    return replyError(
      reply,
      DOMAIN_TO_TRPC[error.code],
      msg(error.messageKey, error.messageParams),
      {
        domainCode: error.code,
      },
    );
  }
  deps.log('disputes HTTP route failed', error);
  return replyError(reply, 'INTERNAL_SERVER_ERROR', msg('common.serverFailed'));
}

const letterKind = z.enum(LETTER_KINDS as [LetterKind, ...LetterKind[]]);

export async function registerDisputeRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  /** A stored (sent) letter. */
  app.get<{ Params: { letterId: string } }>(
    '/api/disputes/letters/:letterId.pdf',
    async (req, reply) => {
      if (!(await userOf(deps, req, reply, ROLE_SETS.staff))) return reply;
      try {
        const letter = await letterWithPdf(deps.db, Number(req.params.letterId));
        if (!letter) return replyError(reply, 'NOT_FOUND', msg('common.noSuchLetter'));
        const pdf = letter.pdf
          ? Buffer.from(letter.pdf)
          : (
              await renderDisputeLetter(deps.db, {
                disputeId: letter.disputeId,
                kind: letter.kind,
                language: letter.language,
                sentOn: letter.sentOn,
              })
            ).pdf;
        return reply
          .type('application/pdf')
          .header(
            'content-disposition',
            `inline; filename="${caseNumber(letter.disputeId)}-${letter.kind}-${letter.language}.pdf"`,
          )
          .send(pdf);
      } catch (error) {
        return failure(reply, error, deps);
      }
    },
  );

  /** A preview of a letter as it would be sent today (not recorded). */
  app.get<{
    Params: { id: string; kind: string };
    Querystring: { lang?: string; reversalOn?: string };
  }>('/api/disputes/:id/preview/:kind.pdf', async (req, reply) => {
    if (!(await userOf(deps, req, reply, ROLE_SETS.staff))) return reply;
    try {
      const kind = letterKind.parse(req.params.kind);
      const language = req.query.lang === 'fr' ? 'fr' : 'en';
      const letter = await renderDisputeLetter(deps.db, {
        disputeId: Number(req.params.id),
        kind,
        language,
        sentOn: await today(deps),
        reversalOn:
          req.query.reversalOn && /^\d{4}-\d{2}-\d{2}$/.test(req.query.reversalOn)
            ? req.query.reversalOn
            : null,
      });
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="preview-${kind}-${language}.pdf"`)
        .send(letter.pdf);
    } catch (error) {
      if (error instanceof z.ZodError)
        return replyError(reply, 'BAD_REQUEST', msg('disputes.unknownLetterKind'));
      return failure(reply, error, deps);
    }
  });

  /** The cockpit drill-down as CSV (what the supervisor filtered on). */
  app.get<{ Querystring: { filter?: string; clockId?: string; agentId?: string } }>(
    '/api/disputes/cockpit.csv',
    async (req, reply) => {
      const user = await userOf(deps, req, reply, ROLE_SETS.supervisor);
      if (!user) return reply;
      try {
        const filter = z
          .enum(['open', 'due_today', 'at_risk', 'breached', 'suspended'])
          .catch('open')
          .parse(req.query.filter);
        const clockId =
          req.query.clockId && /^[a-z_]+$/.test(req.query.clockId) ? req.query.clockId : null;
        const agentId =
          req.query.agentId !== undefined && /^\d+$/.test(req.query.agentId)
            ? Number(req.query.agentId)
            : null;
        const day = await today(deps);
        const rows = await cockpitCases(deps.db, {
          today: day,
          filter,
          clockId,
          agentId,
          limit: 100_000,
        });
        const csv = writeCsv(
          [
            'case',
            'clock',
            'state',
            'owner',
            'target',
            'legal_due',
            'at_risk_from',
            'notice',
            'stage',
            'ma',
            'customer',
            'account',
            'agent',
            'disputed_usd',
          ],
          rows.map((r) => [
            caseNumber(r.disputeId),
            r.clockId,
            r.suspendedFrom && r.suspendedFrom <= day ? 'suspended' : '',
            r.owner,
            r.targetOn,
            r.legalDueOn,
            r.atRiskFrom ?? '',
            r.noticeOn,
            r.stage,
            r.massachusetts ? 'MA' : '',
            r.customerName,
            r.accountNumber,
            r.assignedName ?? '',
            (r.disputedCents / 100).toFixed(2),
          ]),
        );
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="disputes-${filter}-${day}.csv"`)
          .send(csv);
      } catch (error) {
        return failure(reply, error, deps);
      }
    },
  );

  /** Evidence for an examiner: the case, its clocks and timeline, and every letter sent, as a zip. */
  app.get<{ Params: { id: string } }>('/api/disputes/:id/evidence.zip', async (req, reply) => {
    const user = await userOf(deps, req, reply, ROLE_SETS.supervisor);
    if (!user) return reply;
    try {
      const c = await requireDispute(deps.db, Number(req.params.id));
      const [events, letters, items, policy, calendar] = await Promise.all([
        disputeEvents(deps.db, c.id),
        disputeLetters(deps.db, c.id),
        disputeItems(deps.db, c.id),
        loadPolicy(deps.db, c.policyVersion),
        loadCalendar(deps.db),
      ]);
      const day = await today(deps);
      const report = computeDeadlinesOn(policy, factsOf(c), calendar, day);
      const zip = new JSZip();
      const number = caseNumber(c.id);
      zip.file(
        'case.json',
        JSON.stringify(
          { caseNumber: number, exportedOn: day, exportedBy: user.username, case: c, policy },
          null,
          2,
        ),
      );
      zip.file(
        'timeline.csv',
        writeCsv(
          ['at_utc', 'actor', 'kind', 'summary'],
          events.map((e) => [e.at, e.actorName, e.kind, e.summary]),
        ),
      );
      zip.file(
        'clocks.csv',
        writeCsv(
          [
            'clock',
            'label',
            'state',
            'suspension',
            'start',
            'legal_due',
            'internal_target',
            'completed',
            'citation',
            'explanation',
          ],
          report.clocks.map((k) => [
            k.id,
            k.label.en,
            k.state,
            k.suspension?.en ?? '',
            k.startOn ?? '',
            k.legalDue ?? '',
            k.target ?? '',
            k.completedOn ?? '',
            k.citation,
            englishOf(k.explanation),
          ]),
        ),
      );
      for (const item of items.filter((i) => i.kind === 'document')) {
        const doc = await disputeDocument(deps.db, c.id, item.id);
        if (doc) zip.file(`documents/${doc.id}-${doc.fileName}`, Buffer.from(doc.content));
      }
      zip.file(
        'documents.csv',
        writeCsv(
          ['id', 'file', 'type', 'bytes', 'description', 'added_at_utc'],
          items
            .filter((i) => i.kind === 'document')
            .map((i) => [
              i.id,
              i.fileName ?? '',
              i.mimeType ?? '',
              i.size ?? '',
              i.body,
              i.createdAt,
            ]),
        ),
      );
      for (const l of letters) {
        const stored = await letterWithPdf(deps.db, l.id);
        const pdf = stored?.pdf
          ? Buffer.from(stored.pdf)
          : (
              await renderDisputeLetter(
                deps.db,
                { disputeId: c.id, kind: l.kind, language: l.language, sentOn: l.sentOn },
                c,
              )
            ).pdf;
        zip.file(`letters/${l.sentOn}-${l.kind}-${l.language}-${l.id}.pdf`, pdf);
      }
      const body = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
      return reply
        .type('application/zip')
        .header('content-disposition', `attachment; filename="${number}-evidence.zip"`)
        .send(body);
    } catch (error) {
      return failure(reply, error, deps);
    }
  });
}
