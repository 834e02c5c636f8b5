/**
 * The extension in the rep's language (issue 17): a browser in Brazilian Portuguese shows the options page, the row
 * badges, the header bar and the guard dialog in Portuguese, and the options page's choice switches every open page
 * and WhatsApp tab at once.
 */
import { expect, test, type Page } from '@playwright/test';
import { launchRep, type Rep } from './support/extension';
import { startInboxServer, type InboxServer } from './support/server';
import { badgeFor, editorOf, guardDialog, headerBar, openChat } from './support/inbox-helpers';

const WID = '34600000001';
let server: InboxServer;
let rep: Rep;
let page: Page;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  server = await startInboxServer();
  rep = await launchRep({ locale: 'pt-BR' });
});

test.afterAll(async () => {
  await rep?.close();
  await server?.dispose();
});

test('a rep whose browser speaks Brazilian Portuguese signs in, sees badges, the header bar and the guard in Portuguese', async () => {
  // A teammate on another machine owns one chat.
  const { code: anaCode } = await server.invite('Ana Pérez', 'agent');
  const ana = server.client(await server.redeem(anaCode));
  const channel = await ana.conversations.resolveChannel.mutate({ wid: WID });
  const chat = await ana.conversations.resolve.mutate({ channelId: channel.id, title: 'Cliente 0002' });
  if (chat.ambiguous) throw new Error('ambiguous');
  await ana.assignment.claim.mutate({ conversationId: chat.conversation.id });

  const { code } = await server.invite('Rita Rep', 'agent');
  const options = await rep.openOptions();
  await expect(options.getByRole('heading', { level: 1 })).toHaveText('Caixa de Entrada da Equipe para WhatsApp Web');
  await options.getByLabel('Endereço do servidor').fill(server.url);
  await options.getByLabel('Código de convite').fill('wrong-code');
  await options.getByLabel('Seu nome').fill('Rita Rep');
  await options.getByRole('button', { name: 'Entrar' }).click();
  // The server's refusal is told from its code, in Portuguese, never as the server's English message.
  await expect(options.getByRole('alert')).toContainText('Este código de convite é desconhecido');
  await options.getByLabel('Código de convite').fill(code);
  await options.getByRole('button', { name: 'Entrar' }).click();
  await expect(options.getByTestId('signed-in-as')).toContainText('Conectado como Rita Rep (atendente)');
  await options.close();

  page = await rep.openWhatsApp({ chats: 40 });
  await expect(badgeFor(page, 'Cliente 0000')).toContainText('Sem responsável');
  await expect(badgeFor(page, 'Cliente 0002')).toHaveAttribute('data-owner', 'Ana Pérez');
  await openChat(page, 'Cliente 0001');
  await expect(headerBar(page).getByRole('button', { name: 'Assumir' })).toBeVisible();
  await expect(headerBar(page).getByRole('button', { name: 'Contexto' })).toBeVisible();

  await openChat(page, 'Cliente 0002');
  await expect(headerBar(page).locator('[data-inbox="owner"]')).toContainText('Ana Pérez');
  await editorOf(page).click();
  await page.keyboard.type('Oi, posso ajudar?');
  await page.keyboard.press('Enter');
  await expect(guardDialog(page)).toContainText('Mensagem não enviada');
  await expect(guardDialog(page)).toContainText('Ana Pérez é responsável por esta conversa.');
  await expect(guardDialog(page).getByRole('button', { name: 'Pedir transferência' })).toBeFocused();
  await page.screenshot({ path: 'test-results/e2e/guard-pt-BR.png' });
  await guardDialog(page).getByRole('button', { name: 'Cancelar' }).click();
  await expect(guardDialog(page)).toHaveCount(0);
});

test('the language chosen in the options page switches the options page and the open WhatsApp tab at once', async () => {
  const options = await rep.openOptions();
  await options.getByLabel('Idioma da extensão').selectOption('es');
  await expect(options.getByRole('heading', { level: 1 })).toHaveText('Bandeja de Equipo para WhatsApp Web');
  await expect(options.getByTestId('signed-in-as')).toContainText('Sesión iniciada como Rita Rep (agente)');
  // The tab was not reloaded: its badges and header bar redraw in Spanish.
  await expect(badgeFor(page, 'Cliente 0000')).toContainText('Sin asignar');
  await expect(headerBar(page).getByRole('button', { name: 'Contexto' })).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(guardDialog(page)).toContainText('Mensaje no enviado');
  await guardDialog(page).getByRole('button', { name: 'Cancelar' }).click();

  // English is there too, and the browser's language comes back when the rep chooses it again.
  await options.getByLabel('Idioma de la extensión').selectOption('en');
  await expect(badgeFor(page, 'Cliente 0000')).toContainText('Unassigned');
  await options.getByLabel('Language of the extension').selectOption('auto');
  await expect(badgeFor(page, 'Cliente 0000')).toContainText('Sem responsável');
  await expect(options.getByRole('heading', { level: 1 })).toHaveText('Caixa de Entrada da Equipe para WhatsApp Web');
  await options.close();
});
