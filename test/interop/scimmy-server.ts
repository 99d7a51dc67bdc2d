/**
 * An independent SCIM 2.0 service provider for interop testing: the `scimmy` and `scimmy-routers`
 * packages behind thin in-memory glue of our own. Everything protocol-related (parsing, PATCH,
 * filters, ListResponse, errors, discovery) is theirs; the glue only stores resources and does what
 * the packages leave to the application: checking the bearer token, keeping userName (RFC 7643
 * §4.1.1) and group displayName (Entra) unique, dropping a deleted user from its groups, and
 * pointing meta.location at the absolute URL the server listens on.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import SCIMMY from 'scimmy';
import SCIMMYRouters from 'scimmy-routers';

export interface RunningScimmyServer {
  /** The SCIM base URL, e.g. http://127.0.0.1:41234/scim/v2. */
  baseUrl: string;
  /** Stops listening and closes every connection, keep-alive ones included. */
  close(): Promise<void>;
}

type Stored = Record<string, unknown> & { id: string; meta: { created: string; lastModified: string } };

/**
 * One resource type's records and the ingress/egress/degress handlers SCIMMY calls. `R` is what
 * SCIMMY's typings expect a handler to return; the records are the JSON of schema instances SCIMMY
 * itself validated, so they are that shape. A missing id is a plain Error: SCIMMY turns handler
 * errors into its own 404.
 */
function memoryStore<R>(unique: string, onDelete: (id: string) => void = () => {}) {
  const records = new Map<string, Stored>();
  const taken = (value: unknown, id: string | undefined) =>
    [...records.values()].some((r) => r.id !== id && String(r[unique]).toLowerCase() === String(value).toLowerCase());
  return {
    records,
    ingress: (resource: { id?: string }, instance: object): R => {
      const data = JSON.parse(JSON.stringify(instance)) as Record<string, unknown>;
      const previous = resource.id === undefined ? undefined : records.get(resource.id);
      if (resource.id !== undefined && !previous) throw new Error('not found');
      if (taken(data[unique], resource.id)) {
        throw new SCIMMY.Types.Error(409, 'uniqueness', `${unique} "${data[unique]}" is already taken`);
      }
      const now = new Date().toISOString();
      const stored: Stored = {
        ...data,
        id: previous?.id ?? randomUUID(),
        meta: { created: previous?.meta.created ?? now, lastModified: now },
      };
      records.set(stored.id, stored);
      return stored as unknown as R;
    },
    egress: (resource: { id?: string; filter?: { match<T>(values: T[]): T[] } }): R | R[] => {
      if (resource.id === undefined) {
        const all = [...records.values()];
        return (resource.filter ? resource.filter.match(all) : all) as unknown as R[];
      }
      const found = records.get(resource.id);
      if (!found) throw new Error('not found');
      return found as unknown as R;
    },
    degress: (resource: { id?: string }): void => {
      if (resource.id === undefined || !records.delete(resource.id)) throw new Error('not found');
      onDelete(resource.id);
    },
  };
}

/**
 * Starts the scimmy server on 127.0.0.1 (port 0: a free one) with its own empty store. SCIMMY keeps
 * resource declarations and handlers in process-wide singletons, so one such server runs per process.
 */
export async function startScimmyServer(options: { token: string }): Promise<RunningScimmyServer> {
  const groups = memoryStore<Omit<SCIMMY.Schemas.Group, 'schemas' | 'meta'>>('displayName');
  const users = memoryStore<Omit<SCIMMY.Schemas.User, 'schemas' | 'meta'>>('userName', (userId) => {
    for (const group of groups.records.values()) {
      const members = group.members as Array<{ value: string }> | undefined;
      if (members) group.members = members.filter((m) => m.value !== userId);
    }
  });
  if (!SCIMMY.Resources.declared(SCIMMY.Resources.User)) {
    SCIMMY.Resources.declare(SCIMMY.Resources.User).extend(SCIMMY.Schemas.EnterpriseUser, false);
    SCIMMY.Resources.declare(SCIMMY.Resources.Group);
  }
  SCIMMY.Resources.User.ingress(users.ingress).egress(users.egress).degress(users.degress);
  SCIMMY.Resources.Group.ingress(groups.ingress).egress(groups.egress).degress(groups.degress);

  const app = express();
  app.use(
    '/scim/v2',
    new SCIMMYRouters({
      type: 'bearer',
      handler: (req: IncomingMessage) => {
        if (req.headers.authorization !== `Bearer ${options.token}`)
          throw new Error('a valid bearer token is required');
        return 'scim-conformance';
      },
      // Without it scimmy-routers writes relative meta.location values.
      baseUri: (req: IncomingMessage) => `http://${req.headers.host}`,
    }),
  );
  const server: Server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/scim/v2`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
