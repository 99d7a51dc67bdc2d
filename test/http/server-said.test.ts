import { describe, expect, it } from 'vitest';
import { serverSaid } from '../../src/http/server-said.js';
import type { Exchange } from '../../src/http/types.js';

const exchange = (status: number, body: string, json?: unknown): Exchange => ({
  request: { method: 'POST', url: 'https://scim.example.com/scim/v2/Groups', headers: {}, auth: 'token' },
  response: { status, headers: {}, body, ...(json !== undefined && { json }), truncated: false },
  startedAt: '2026-01-01T00:00:00.000Z',
  durationMs: 1,
});

describe('serverSaid', () => {
  it("should quote a SCIM error's status, scimType and detail", () => {
    const error = {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '400',
      scimType: 'invalidValue',
      detail: '[body.schemas] schemas must contain only the core SCIM Group schema',
    };
    expect(serverSaid(exchange(400, JSON.stringify(error), error))).toBe(
      'HTTP 400 · scimType invalidValue · detail "[body.schemas] schemas must contain only the core SCIM Group schema"',
    );
  });

  it('should show the first 300 bytes of any other error body, without a broken character', () => {
    const html = `<html>${'é'.repeat(400)}</html>`;
    const said = serverSaid(exchange(500, html))!;
    expect(said.startsWith('HTTP 500: <html>éé')).toBe(true);
    expect(said.endsWith('é…')).toBe(true);
    expect(Buffer.byteLength(said.slice('HTTP 500: '.length, -1))).toBeLessThanOrEqual(300);
    expect(serverSaid(exchange(404, ''))).toBe('HTTP 404 with an empty body');
  });

  it('should say nothing of a successful answer or of no answer', () => {
    expect(serverSaid(exchange(200, '{"id":"1"}', { id: '1' }))).toBeUndefined();
    expect(serverSaid({ ...exchange(200, ''), response: undefined })).toBeUndefined();
  });
});
