import { afterEach, describe, expect, it } from 'vitest';
import { errorText } from '../../../utils/i18n/error-text';
import { setLocale } from '../../../utils/i18n/locale';

afterEach(() => setLocale('en'));

describe('server refusals as reps read them', () => {
  it('names the owner or the rep replying from the details, never the server message', () => {
    setLocale('pt-BR');
    expect(errorText({ code: 'CONFLICT', details: { reason: 'owned-by-other', ownerName: 'Ana' } })).toBe('Ana é responsável por esta conversa.');
    expect(errorText({ code: 'CONFLICT', details: { reason: 'locked-by-other', holderName: 'Bo' } })).toBe('Bo está respondendo nesta conversa agora.');
    setLocale('es');
    expect(errorText({ code: 'CONFLICT', details: { reason: 'lease-expired' } })).toBe('Tu bloqueo de respuesta caducó. Inténtalo de nuevo.');
  });

  it('maps every code a rep can meet, and says how long to wait when rate limited', () => {
    expect(errorText({ code: 'FORBIDDEN', details: null })).toBe('Your role does not allow this. Ask a manager.');
    expect(errorText({ code: 'TOO_MANY_REQUESTS', details: { retryAfterMs: 2_300 } })).toBe('Too many requests: try again in 3 s.');
    expect(errorText({ code: 'UNREACHABLE', details: null })).toMatch(/cannot be reached/);
    expect(errorText({ code: 'CONFLICT', details: {} })).toMatch(/same moment/);
  });

  it('says why a change was refused when the server gives a reason, whatever the code', () => {
    setLocale('es');
    expect(errorText({ code: 'BAD_REQUEST', details: { reason: 'handoff-note-required' } })).toMatch(/^Para pasar el chat de un compañero/);
    expect(errorText({ code: 'FORBIDDEN', details: { reason: 'managers-only-take-over' } })).toMatch(/solo los supervisores/);
    setLocale('pt-BR');
    expect(errorText({ code: 'UNAUTHORIZED', details: { reason: 'invite-invalid' } })).toMatch(/^Este código de convite é desconhecido/);
  });

  it('an unknown code or reason reads as a generic failure in the rep language', () => {
    setLocale('pt-BR');
    expect(errorText({ code: 'INTERNAL_SERVER_ERROR', details: null })).toBe('Algo deu errado no servidor. Tente de novo.');
    expect(errorText({ code: 'BAD_REQUEST', details: { reason: 'something-new' } })).toMatch(/^O servidor recusou/);
  });
});
