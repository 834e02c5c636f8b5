/**
 * The member token is the worker's alone: a WhatsApp tab's content script (which any page-side bug could turn into
 * the attacker's hands) must not be able to read it from any storage the extension offers it.
 */
import { expect, test } from '@playwright/test';
import { badgeFor, signIn, useServerAndRep } from './support/inbox-helpers';

const env = useServerAndRep();

test("the content script's world finds no member token in any storage it can read", async () => {
  const { server, rep } = env;
  await signIn(rep, server, 'Tea Token');
  const page = await rep.openWhatsApp({ chats: 5 });
  await expect(badgeFor(page, 'Cliente 0000')).toContainText('Unassigned', { timeout: 15_000 });

  // The token the extension holds, read from an extension page (a trusted context), wherever it is kept.
  const options = await rep.openOptions();
  const token = await options.evaluate(async () => {
    const { chrome } = globalThis as unknown as {
      chrome: { storage: { local: { get(keys: null): Promise<Record<string, { token?: string } | undefined>> } } };
    };
    const local = await chrome.storage.local.get(null);
    const fromIdb = await new Promise<string | undefined>((resolve) => {
      const open = indexedDB.open('team-inbox');
      open.onsuccess = () => {
        const db = open.result;
        if (!db.objectStoreNames.contains('session')) return resolve(undefined);
        const get = db.transaction('session').objectStore('session').get('current');
        get.onsuccess = () => resolve((get.result as { token?: string } | undefined)?.token);
        get.onerror = () => resolve(undefined);
      };
      open.onerror = () => resolve(undefined);
    });
    return fromIdb ?? local.session?.token;
  });
  expect(token, 'the signed-in extension holds a token').toMatch(/^\S{20,}$/);

  // The content script's isolated world, reached over CDP: Playwright evaluates only in the page's main world.
  const cdp = await page.context().newCDPSession(page);
  const contexts: Array<{ id: number; name: string; auxData?: { type?: string } }> = [];
  cdp.on('Runtime.executionContextCreated', ({ context }) => contexts.push(context));
  await cdp.send('Runtime.enable');
  const world = contexts.find((c) => c.auxData?.type === 'isolated' && c.name === 'Team Inbox for WhatsApp Web');
  expect(world, 'the content script world').toBeDefined();
  const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', {
    contextId: world!.id,
    awaitPromise: true,
    returnByValue: true,
    expression: `(async () => {
      const read = async (area) => { try { return JSON.stringify(await chrome.storage[area].get(null)); } catch (e) { return 'refused: ' + e.message; } };
      return { local: await read('local'), session: await read('session'), sync: await read('sync'), hasStorage: typeof chrome.storage?.local?.get === 'function' };
    })()`,
  });
  expect(exceptionDetails).toBeUndefined();
  const seen = result.value as { local: string; session: string; sync: string; hasStorage: boolean };
  // The read itself works (the content script does use local storage), so finding nothing means something.
  expect(seen.hasStorage).toBe(true);
  expect(seen.local).toMatch(/^\{/);
  expect(seen.local).toContain('workspaceRules');
  for (const area of [seen.local, seen.session, seen.sync]) {
    expect(area).not.toContain(token!);
    expect(area).not.toMatch(/"token"/);
  }
  await cdp.detach();
  await options.close();
});
