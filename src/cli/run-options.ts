import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { HarnessError } from '../errors.js';
import type { ClientAuth, TlsOptions } from '../http/client.js';
import { FAIL_ON, type FailOn } from '../report/gate.js';
import { REPORTERS, type Reporter, type RunOptions } from '../runner/run.js';
import { loadYaml } from '../schemas/yaml-file.js';

/** The `run` flags as parseArgs returns them. */
export interface RunFlags {
  config?: string;
  target?: string;
  token?: string;
  profile?: string;
  mapping?: string;
  scenario: string[];
  out?: string;
  seed?: string;
  timeout?: string;
  html?: boolean;
  keep?: boolean;
  runs?: string;
  users?: string;
  groups?: string;
  concurrency?: string;
  'rate-limit'?: string;
  ca?: string;
  cert?: string;
  key?: string;
  insecure?: boolean;
  'token-url'?: string;
  'client-id'?: string;
  scope?: string;
  waivers?: string;
  'fail-on'?: string;
  shard?: string;
  reporter?: string;
}

/** scim-conformance.config.yaml, as its schema describes it. */
interface ConfigFile {
  target?: string;
  profile?: string;
  mapping?: string;
  scenarios?: string[];
  out?: string;
  seed?: number;
  timeout?: number;
  html?: boolean;
  keep?: boolean;
  runs?: number;
  users?: number;
  groups?: number;
  concurrency?: number;
  rateLimit?: number;
  ca?: string;
  cert?: string;
  key?: string;
  insecure?: boolean;
  tokenUrl?: string;
  clientId?: string;
  scope?: string;
  waivers?: string;
  failOn?: FailOn;
}

export const DEFAULT_CONFIG_FILE = 'scim-conformance.config.yaml';
const SECRET_KEYS = ['token', 'clientsecret', 'secret', 'password', 'bearertoken'];

function loadConfig(file: string | undefined, cwd: string): { config: ConfigFile; dir: string } {
  const path = file ? resolve(cwd, file) : resolve(cwd, DEFAULT_CONFIG_FILE);
  if (!existsSync(path)) {
    if (file) throw new HarnessError('E_USAGE', `--config ${file}: no such file`);
    return { config: {}, dir: cwd };
  }
  const { data } = loadYaml(path, 'harness/config', 'E_CONFIG', (key) =>
    SECRET_KEYS.includes(key.toLowerCase().replace(/[-_]/g, ''))
      ? 'secrets are never read from the config file: set SCIM_TOKEN or SCIM_CLIENT_SECRET'
      : undefined,
  );
  return { config: (data ?? {}) as ConfigFile, dir: dirname(path) };
}

/** A whole number within bounds, or a usage error naming the flag. */
export function integer(flag: string, value: string | number, min: number, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(String(value)) || n < min || n > max) {
    throw new HarnessError('E_USAGE', `--${flag} must be an integer from ${min} to ${max}, got "${value}"`);
  }
  return n;
}

/** `5`, `5/s` or `300/m` requests per second. */
function rate(value: string | number): number {
  const match = /^(\d+(?:\.\d+)?)(?:\/(s|m))?$/.exec(String(value));
  const n = match ? Number(match[1]) / (match[2] === 'm' ? 60 : 1) : NaN;
  if (!(n > 0)) throw new HarnessError('E_USAGE', `--rate-limit must look like 5/s or 300/m, got "${value}"`);
  return n;
}

/** `i/n`, 1 <= i <= n. */
function shard(value: string): { index: number; count: number } {
  const match = /^(\d+)\/(\d+)$/.exec(value);
  const [index, count] = match ? [Number(match[1]), Number(match[2])] : [0, 0];
  if (!(count >= 1 && index >= 1 && index <= count))
    throw new HarnessError('E_USAGE', `--shard must be i/n with 1 <= i <= n, got "${value}"`);
  return { index, count };
}

function pem(flag: string, file: string, base: string): string {
  try {
    return readFileSync(resolve(base, file), 'utf8');
  } catch (error) {
    throw new HarnessError('E_USAGE', `--${flag} ${file}: cannot read (${(error as NodeJS.ErrnoException).code})`);
  }
}

/**
 * Flags win over environment variables, which win over the config file, which wins over defaults.
 * Paths in the config file are relative to it.
 */
export function resolveRunOptions(flags: RunFlags, env: NodeJS.ProcessEnv, cwd = process.cwd()): RunOptions {
  const { config, dir } = loadConfig(flags.config, cwd);
  const pick = <T>(flag: T | undefined, envValue: T | undefined, fileValue: T | undefined) =>
    flag ?? envValue ?? fileValue;
  const fromFile = (path: string | undefined) => (path === undefined ? undefined : resolve(dir, path));

  const target = pick(flags.target, env.SCIM_TARGET, config.target);
  // Credentials follow the same precedence as a whole: OAuth flags, then a token from a flag or the
  // environment, and only then OAuth settings from the file.
  const oauthFlags = flags['token-url'] !== undefined || flags['client-id'] !== undefined;
  const token = oauthFlags ? undefined : (flags.token ?? env.SCIM_TOKEN);
  const tokenUrl = token ? undefined : pick(flags['token-url'], undefined, config.tokenUrl);
  const clientId = token ? undefined : pick(flags['client-id'], undefined, config.clientId);
  let auth: ClientAuth | undefined;
  if (tokenUrl || clientId) {
    if (!tokenUrl || !clientId)
      throw new HarnessError('E_USAGE', 'OAuth client credentials need both --token-url and --client-id');
    const clientSecret = env.SCIM_CLIENT_SECRET;
    if (!clientSecret)
      throw new HarnessError('E_USAGE', 'OAuth client credentials need the secret in SCIM_CLIENT_SECRET');
    const scope = pick(flags.scope, undefined, config.scope);
    auth = { clientCredentials: { tokenUrl, clientId, clientSecret, ...(scope && { scope }) } };
  } else if (token) {
    auth = { token };
  }

  const caFile = flags.ca ?? fromFile(config.ca);
  const certFile = flags.cert ?? fromFile(config.cert);
  const keyFile = flags.key ?? fromFile(config.key);
  if (!certFile !== !keyFile) throw new HarnessError('E_USAGE', 'mutual TLS needs both --cert and --key');
  const tls: TlsOptions = {
    ...(caFile && { ca: pem('ca', caFile, cwd) }),
    ...(certFile && { cert: pem('cert', certFile, cwd) }),
    ...(keyFile && { key: pem('key', keyFile, cwd) }),
    ...((flags.insecure ?? config.insecure) && { insecure: true }),
  };
  const seed = flags.seed ?? config.seed;
  const runs = flags.runs ?? config.runs;
  const users = flags.users ?? config.users;
  const groups = flags.groups ?? config.groups;
  const concurrency = flags.concurrency ?? config.concurrency;
  const rateLimit = flags['rate-limit'] ?? config.rateLimit;
  const failOn = flags['fail-on'] ?? config.failOn;
  if (failOn !== undefined && !(FAIL_ON as readonly string[]).includes(failOn))
    throw new HarnessError('E_USAGE', `--fail-on must be one of ${FAIL_ON.join(', ')}, got "${failOn}"`);
  const waivers = flags.waivers ? resolve(cwd, flags.waivers) : fromFile(config.waivers);
  const reporter = reporterFrom(flags.reporter, env);
  return {
    ...(target && { target }),
    ...(auth && { auth }),
    ...(Object.keys(tls).length > 0 && { tls }),
    ...(rateLimit !== undefined && { rateLimit: rate(rateLimit) }),
    profile: flags.profile ?? config.profile ?? 'entra',
    // A mapping file named in the config file is relative to it; `discover` and shipped names stay names.
    ...((flags.mapping ?? config.mapping) && {
      mapping: flags.mapping ?? (/\.(json|ya?ml)$/i.test(config.mapping!) ? resolve(dir, config.mapping!) : config.mapping!),
    }),
    // Scenario files named in the config file are relative to it; names of profile scenarios stay names.
    scenarios:
      flags.scenario.length > 0
        ? flags.scenario
        : (config.scenarios ?? []).map((name) => (/\.ya?ml$/.test(name) ? resolve(dir, name) : name)),
    outDir: flags.out ?? fromFile(config.out) ?? 'reports',
    seed: seed === undefined ? Math.floor(Math.random() * 2 ** 31) : integer('seed', seed, 0, 2 ** 31 - 1),
    timeoutMs: integer('timeout', flags.timeout ?? config.timeout ?? 30_000, 1, 600_000),
    html: flags.html ?? config.html ?? true,
    keep: flags.keep ?? config.keep ?? false,
    ...(failOn && { failOn: failOn as FailOn }),
    ...(waivers && { waiversFile: waivers }),
    ...(flags.shard && { shard: shard(flags.shard) }),
    ...(reporter && { reporter }),
    settings: {
      ...(runs !== undefined && { runs: integer('runs', runs, 1, 100_000) }),
      ...(users !== undefined && { users: integer('users', users, 0, 1_000_000) }),
      ...(groups !== undefined && { groups: integer('groups', groups, 0, 100_000) }),
      ...(concurrency !== undefined && { concurrency: integer('concurrency', concurrency, 1, 256) }),
    },
  };
}

/** `--reporter github`, or GitHub Actions itself (GITHUB_ACTIONS=true) when the flag is absent. */
export function reporterFrom(flag: string | undefined, env: NodeJS.ProcessEnv): Reporter | undefined {
  if (flag === undefined) return env.GITHUB_ACTIONS === 'true' ? 'github' : undefined;
  if (!(REPORTERS as readonly string[]).includes(flag))
    throw new HarnessError('E_USAGE', `--reporter must be one of ${REPORTERS.join(', ')}, got "${flag}"`);
  return flag as Reporter;
}
