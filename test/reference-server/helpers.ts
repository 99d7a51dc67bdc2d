import {
  startReferenceServer,
  type ReferenceServerOptions,
  type RunningReferenceServer,
} from '../../src/reference-server/index.js';

export const TOKEN = 'reference-test-token';
export const USER_URN = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP_URN = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENTERPRISE_URN = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const PATCH_OP_URN = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const LIST_URN = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const ERROR_URN = 'urn:ietf:params:scim:api:messages:2.0:Error';
export const SCIM_JSON = 'application/scim+json; charset=utf-8';

export interface ScimResponse {
  status: number;
  headers: Headers;
  text: string;
  // Responses are free-form JSON; tests assert on their shape.
  body: any;
}

export interface RequestOptions {
  body?: unknown;
  /** Sent verbatim instead of `body`. */
  raw?: string;
  headers?: Record<string, string>;
  /** `null` sends no Authorization header. */
  token?: string | null;
}

/** A small SCIM client over the global fetch. */
export class Scim {
  readonly baseUrl: string;

  constructor(baseUrl: string) {
    this.baseUrl = baseUrl;
  }

  async request(method: string, path: string, options: RequestOptions = {}): Promise<ScimResponse> {
    const token = options.token === undefined ? TOKEN : options.token;
    const payload = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(token === null ? {} : { authorization: `Bearer ${token}` }),
        ...(payload === undefined ? {} : { 'content-type': 'application/scim+json' }),
        ...options.headers,
      },
      body: payload,
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      text,
      body: text === '' ? undefined : JSON.parse(text),
    };
  }

  get(path: string, headers?: Record<string, string>): Promise<ScimResponse> {
    return this.request('GET', path, { headers });
  }

  post(path: string, body: unknown): Promise<ScimResponse> {
    return this.request('POST', path, { body });
  }

  put(path: string, body: unknown): Promise<ScimResponse> {
    return this.request('PUT', path, { body });
  }

  /** PATCH with a PatchOp body made of `operations`. */
  patch(path: string, operations: unknown[], headers?: Record<string, string>): Promise<ScimResponse> {
    return this.request('PATCH', path, { body: { schemas: [PATCH_OP_URN], Operations: operations }, headers });
  }

  delete(path: string): Promise<ScimResponse> {
    return this.request('DELETE', path);
  }

  async createUser(userName: string, extra: Record<string, unknown> = {}): Promise<any> {
    const response = await this.post('/Users', { schemas: [USER_URN], userName, ...extra });
    if (response.status !== 201) throw new Error(`create user ${userName}: ${response.status} ${response.text}`);
    return response.body;
  }

  async createGroup(displayName: string, memberIds: string[] = []): Promise<any> {
    const members = memberIds.map((value) => ({ value }));
    const response = await this.post('/Groups', {
      schemas: [GROUP_URN],
      displayName,
      ...(members.length ? { members } : {}),
    });
    if (response.status !== 201) throw new Error(`create group ${displayName}: ${response.status} ${response.text}`);
    return response.body;
  }
}

/** Starts a server with the test token and returns it with a client. */
export async function start(
  options: Partial<ReferenceServerOptions> = {},
): Promise<{ server: RunningReferenceServer; scim: Scim }> {
  const server = await startReferenceServer({ token: TOKEN, ...options });
  return { server, scim: new Scim(server.baseUrl) };
}

/** `?filter=...` with the filter percent-encoded. */
export function filterQuery(filter: string, extra = ''): string {
  return `?filter=${encodeURIComponent(filter)}${extra}`;
}
