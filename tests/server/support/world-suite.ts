import { afterAll, beforeAll } from 'vitest';
import type { StoreFactory } from './stores';
import { createWorld } from './harness';

export type World = Awaited<ReturnType<typeof createWorld>>;

/** A fresh store of `factory` and an in-process world on it for the enclosing describe block; both gone after. */
export function worldForSuite(factory: StoreFactory, opts: Omit<Parameters<typeof createWorld>[0] & object, 'store'> = {}): () => World {
  let opened: Awaited<ReturnType<StoreFactory['open']>> | undefined;
  let world: World | undefined;
  beforeAll(async () => {
    opened = await factory.open();
    world = await createWorld({ ...opts, store: opened.store });
  });
  afterAll(async () => {
    world?.hub.close();
    await opened?.store.close();
    await opened?.cleanup();
  });
  return () => {
    if (!world) throw new Error('the world is not open: call this inside a test');
    return world;
  };
}
