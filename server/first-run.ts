import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const EXTENSION_DIR = fileURLToPath(new URL('../.output/chrome-mv3', import.meta.url));

/** What a person reads after the first start: the admin invite, then how to get from here to a working inbox. */
export function firstRunSteps(p: { code: string; url: string; workspaceId: string; extensionDir?: string; extensionBuilt?: boolean }): string {
  const dir = p.extensionDir ?? EXTENSION_DIR;
  const built = p.extensionBuilt ?? fs.existsSync(path.join(dir, 'manifest.json'));
  return [
    '',
    `New workspace created. Admin invite code: ${p.code}`,
    `Redeem it in the extension's options page (server address ${p.url}).`,
    '',
    'Next steps',
    `  1. Load the extension in Chrome: chrome://extensions -> Developer mode -> Load unpacked -> ${dir}`,
    ...(built ? [] : ['     (it is not built yet: run "npm run build" first)']),
    `  2. Its options page opens by itself. Server address: ${p.url}   Invite code: ${p.code}   Your name: as you like.`,
    '  3. Open https://web.whatsapp.com: owner badges appear on the chat list, the header bar above the open chat.',
    '  4. Invite your team; each rep gets a one-time code to type in step 2:',
    `       npm run admin -- invite --workspace ${p.workspaceId} --name "Ana Pérez" --role agent`,
    `     Reps on other computers need an address they can reach (not ${p.url}): see docs/deploy.md.`,
    '',
  ].join('\n');
}
