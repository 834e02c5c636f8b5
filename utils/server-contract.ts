import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '../server/routers/_app';

/** What each server procedure takes and answers, inferred from the router so the extension never restates a shape. */
export type ServerInputs = inferRouterInputs<AppRouter>;
export type ServerOutputs = inferRouterOutputs<AppRouter>;
