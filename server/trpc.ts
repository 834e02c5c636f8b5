import { initTRPC, TRPCError } from '@trpc/server';
import { ZodError, z } from 'zod';
import type { Role } from '../utils/schemas/common';
import { actorForToken, type Context } from './context';
import { ServiceError } from './services/service-error';
import { errorReference, internalErrorMessage } from './services/error-reference';

/** Who may call a procedure, declared on it: the role tests read it from the router, so none can be forgotten. */
export type Access = 'public' | 'member' | 'manager' | 'admin';
export interface ProcedureMeta {
  access: Access;
}

const t = initTRPC
  .context<Context>()
  .meta<ProcedureMeta>()
  .create({
    sse: {
      ping: { enabled: true, intervalMs: 10_000 },
      client: { reconnectAfterInactivityMs: 25_000 },
    },
    errorFormatter({ shape, error }) {
      const cause = error.cause;
      // Raw database or runtime text stays in the log (see onError), under the reference the client is given.
      const internal = error.code === 'INTERNAL_SERVER_ERROR';
      return {
        ...shape,
        message: internal ? internalErrorMessage(errorReference(error)) : shape.message,
        data: {
          reference: internal ? errorReference(error) : null,
          ...shape.data,
          stack: undefined,
          zodError: cause instanceof ZodError ? z.flattenError(cause) : null,
          details: cause instanceof ServiceError ? cause.details : null,
        },
      };
    },
  });

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Domain refusals become typed tRPC errors carrying their details (who owns the chat, who holds the lock). */
const serviceErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof ServiceError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: cause.code, message: cause.message, cause });
  }
  return result;
});

/** Every call counts against its caller: the member when the token is valid, else the client address. */
const rateLimited = t.middleware(({ ctx, next }) => {
  if (ctx.actor) ctx.deps.limiter?.hit('member', ctx.actor.memberId);
  else ctx.deps.limiter?.hit('anonymous', ctx.address);
  return next();
});

/**
 * A socket stays open for hours, so over it only subscriptions run (queries and mutations go over HTTP), and each
 * one looks its member up when it starts: a revoked member's open socket gets no new feed, and a changed role counts.
 */
const socketCalls = t.middleware(async ({ ctx, type, next }) => {
  if (!ctx.socket) return next();
  if (type !== 'subscription')
    throw new TRPCError({ code: 'METHOD_NOT_SUPPORTED', message: `only subscriptions run over WebSocket: send this ${type} over HTTP` });
  const actor = await actorForToken(ctx.deps, ctx.socket.token);
  return next({ ctx: { ...ctx, actor } });
});

export const publicProcedure = t.procedure.meta({ access: 'public' }).use(serviceErrors).use(socketCalls).use(rateLimited);

export const memberProcedure = publicProcedure.meta({ access: 'member' }).use(({ ctx, next }) => {
  if (!ctx.actor) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'sign in first: a valid member token is required' });
  return next({ ctx: { ...ctx, actor: ctx.actor } });
});

const atLeast = (access: Access, roles: Role[], what: string) =>
  memberProcedure.meta({ access }).use(({ ctx, next }) => {
    if (!roles.includes(ctx.actor.role)) throw new TRPCError({ code: 'FORBIDDEN', message: `only ${what} can do this` });
    return next();
  });

export const managerProcedure = atLeast('manager', ['manager', 'admin'], 'managers and admins');
export const adminProcedure = atLeast('admin', ['admin'], 'admins');
