#!/usr/bin/env node
/** The thin CLI: parse arguments, call the runner or the reference server, map the outcome to an exit code. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { EXIT, HarnessError, isHarnessError } from '../errors.js';
import { readFileSync } from 'node:fs';
import { toolInfo } from '../report/summary.js';
import { integer, reporterFrom, resolveRunOptions } from './run-options.js';

const USAGE = `Usage:
  scim-conformance run    [--target URL] [--token TOKEN] [--profile NAME] [--scenario NAME|FILE]...
                          [--out DIR] [--seed N] [--timeout MS] [--no-html] [--keep] [--config FILE]
                          [--runs N] [--users N] [--groups N] [--concurrency N] [--rate-limit N/s]
                          [--ca FILE] [--cert FILE --key FILE] [--insecure]
                          [--token-url URL --client-id ID [--scope S]]
                          [--fail-on must|should|blocks|validator] [--waivers FILE] [--shard i/n]
                          [--reporter github] [--mapping FILE|discover|NAME]
  scim-conformance report [--out DIR] [--reporter github] [RUN_DIR]...
  scim-conformance cleanup [--out DIR] [--target URL] [--token TOKEN] [--config FILE] [--timeout MS]
                          [--ca FILE] [--cert FILE --key FILE] [--insecure]
                          [--token-url URL --client-id ID [--scope S]]
  scim-conformance serve  [--port N] [--host 127.0.0.1] [--token TOKEN] [--fault NAME]... [--variant NAME]...
                          [--max-body BYTES] [--max-resources N] [--rate-limit N] [--schema FILE]
  scim-conformance faults
  scim-conformance variants
  scim-conformance --help | --version

run      Plays Microsoft Entra ID's provisioning flow (Okta's with --profile okta) against a SCIM
         2.0 endpoint and writes summary.json, summary.md, junit.xml, allure-results/ and
         allure-report/index.html to --out (default reports/). Without a target it starts the
         embedded reference server.
report   Renders the reports of the run in --out again, or merges several run folders (CI
         shards, profiles) into one report and one verdict in --out.
cleanup  Deletes what a run that was killed before its own cleanup left on the target, as its
         journal in --out lists it, and nothing else; exit 0 when nothing is left.
serve    Starts the reference SCIM server at http://HOST:PORT/scim/v2 until Ctrl-C; --fault
         injects a deliberate non-conformity, --variant an allowed behaviour other than the
         default (both repeatable); --rate-limit N answers 429 past N requests per second.
         --schema declares User extension schemas (a JSON Schema resource or an array of them,
         RFC 7643 §7) in /Schemas. run's --mapping plays your app's own attribute mapping instead
         of the profile's: an Entra provisioning export (.json), a mapping file (.yaml), discover
         (the target's /Schemas) or a shipped mapping (entra, zscaler, rfc7643, okta).
faults   Lists the injectable faults, one per line: name, then what it breaks.
variants Lists the allowed variants, one per line: name, then how the server behaves.

Environment: SCIM_TARGET and SCIM_TOKEN stand in for --target and --token (prefer SCIM_TOKEN:
command-line arguments are visible to other users of the machine); SCIM_CLIENT_SECRET holds the
OAuth client secret. Defaults may come from scim-conformance.config.yaml (see README). Under
GitHub Actions (GITHUB_ACTIONS=true) --reporter github is on by itself: annotations, the job
summary and step outputs.
Exit codes: 0 conformant, 1 not conformant, 2 usage/config/scenario error, 3 the harness failed,
130 interrupted (after cleaning up).`;

const RUN_OPTIONS = {
  config: { type: 'string' },
  target: { type: 'string' },
  token: { type: 'string' },
  profile: { type: 'string' },
  mapping: { type: 'string' },
  scenario: { type: 'string', multiple: true, default: [] },
  out: { type: 'string' },
  seed: { type: 'string' },
  timeout: { type: 'string' },
  html: { type: 'boolean' },
  keep: { type: 'boolean' },
  runs: { type: 'string' },
  users: { type: 'string' },
  groups: { type: 'string' },
  concurrency: { type: 'string' },
  'rate-limit': { type: 'string' },
  ca: { type: 'string' },
  cert: { type: 'string' },
  key: { type: 'string' },
  insecure: { type: 'boolean' },
  'token-url': { type: 'string' },
  'client-id': { type: 'string' },
  scope: { type: 'string' },
  waivers: { type: 'string' },
  'fail-on': { type: 'string' },
  shard: { type: 'string' },
  reporter: { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

/** `cleanup` takes the connection flags of `run`. */
const { config, target, token, out, timeout, ca, cert, key, insecure, scope } = RUN_OPTIONS;
const CLEANUP_OPTIONS = {
  ...{ config, target, token, out, timeout, ca, cert, key, insecure, scope },
  'token-url': RUN_OPTIONS['token-url'],
  'client-id': RUN_OPTIONS['client-id'],
} as const satisfies ParseArgsConfig['options'];

const REPORT_OPTIONS = {
  out: { type: 'string', default: 'reports' },
  reporter: { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

const SERVE_OPTIONS = {
  port: { type: 'string', default: '8080' },
  host: { type: 'string', default: '127.0.0.1' },
  token: { type: 'string' },
  fault: { type: 'string', multiple: true, default: [] },
  variant: { type: 'string', multiple: true, default: [] },
  'max-body': { type: 'string' },
  'max-resources': { type: 'string' },
  'rate-limit': { type: 'string' },
  schema: { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

function parse<T extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: T,
  allowPositionals = false,
) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals, allowNegative: true });
  } catch (err) {
    throw new HarnessError('E_USAGE', (err as Error).message);
  }
}

/** `serve --schema FILE`: the User extension schemas it declares; a bad file is a usage error naming where. */
async function schemaExtensionsFile(file: string) {
  const { parseSchemaExtensions } = await import('../reference-server/index.js');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new HarnessError('E_USAGE', `--schema ${file}: cannot read (${(error as NodeJS.ErrnoException).code})`);
  }
  try {
    return parseSchemaExtensions(text);
  } catch (error) {
    throw new HarnessError('E_USAGE', `--schema ${file}: ${(error as Error).message}`);
  }
}

// Each command loads what it needs when it runs: `run` starts Vitest before it loads undici and the server.
async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'run': {
      const { run } = await import('../runner/run.js');
      const outcome = await run(resolveRunOptions(parse(rest, RUN_OPTIONS).values, process.env));
      return outcome.exitCode;
    }
    case 'cleanup': {
      const options = resolveRunOptions({ ...parse(rest, CLEANUP_OPTIONS).values, scenario: [] }, process.env);
      const { cleanup } = await import('../runner/journal.js');
      return cleanup({
        outDir: options.outDir,
        ...(options.target && { target: options.target }),
        connection: {
          timeoutMs: options.timeoutMs,
          ...(options.auth && { auth: options.auth }),
          ...(options.tls && { tls: options.tls }),
        },
        log: (line) => process.stdout.write(`${line}\n`),
      });
    }
    case 'report': {
      const { values, positionals } = parse(rest, REPORT_OPTIONS, true);
      const { report } = await import('../runner/report.js');
      return report(
        values.out,
        positionals,
        (line) => process.stdout.write(`${line}\n`),
        reporterFrom(values.reporter, process.env),
      );
    }
    case 'serve': {
      const flags = parse(rest, SERVE_OPTIONS).values;
      const { FAULTS, startReferenceServer, VARIANTS } = await import('../reference-server/index.js');
      const token = flags.token ?? process.env.SCIM_TOKEN;
      if (!token) throw new HarnessError('E_USAGE', 'serve needs a bearer token: pass --token or set SCIM_TOKEN');
      for (const [kind, given, known] of [
        ['fault', flags.fault, FAULTS],
        ['variant', flags.variant, VARIANTS],
      ] as const) {
        const unknown = given.filter((name) => !known.some((entry) => entry.name === name));
        if (unknown.length > 0) {
          throw new HarnessError(
            'E_USAGE',
            `unknown ${kind} ${unknown.join(', ')}; list them with: scim-conformance ${kind}s`,
          );
        }
      }
      const server = await startReferenceServer({
        token,
        host: flags.host,
        port: integer('port', flags.port, 0, 65535),
        faults: flags.fault,
        variants: flags.variant,
        ...(flags['max-body'] !== undefined && { maxBodyBytes: integer('max-body', flags['max-body'], 1, 2 ** 30) }),
        ...(flags['max-resources'] !== undefined && {
          maxResources: integer('max-resources', flags['max-resources'], 0, 100_000_000),
        }),
        ...(flags['rate-limit'] !== undefined && {
          rateLimit: integer('rate-limit', flags['rate-limit'], 1, 1_000_000),
        }),
        ...(flags.schema && { userExtensions: await schemaExtensionsFile(flags.schema) }),
      });
      const behaviours = [
        ...(flags.variant.length > 0 ? [`variants: ${flags.variant.join(', ')}`] : []),
        ...(flags.fault.length > 0 ? [`faults: ${flags.fault.join(', ')}`] : []),
        ...(flags['rate-limit'] !== undefined ? [`at most ${flags['rate-limit']} requests/s`] : []),
      ];
      const suffix = behaviours.length > 0 ? ` with ${behaviours.join('; ')}` : '';
      process.stdout.write(`Reference SCIM server listening at ${server.baseUrl}${suffix} (Ctrl-C to stop)\n`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await server.close();
      return EXIT.conformant;
    }
    case 'faults':
    case 'variants': {
      parse(rest, {});
      const { FAULTS, VARIANTS } = await import('../reference-server/index.js');
      const entries = command === 'faults' ? FAULTS : VARIANTS;
      const width = Math.max(...entries.map((entry) => entry.name.length));
      for (const entry of entries) process.stdout.write(`${entry.name.padEnd(width)}  ${entry.description}\n`);
      return EXIT.conformant;
    }
    case '--version':
    case '-v':
      process.stdout.write(`${toolInfo().version}\n`);
      return EXIT.conformant;
    case '--help':
    case '-h':
    case 'help':
      process.stdout.write(`${USAGE}\n`);
      return EXIT.conformant;
    default:
      throw new HarnessError('E_USAGE', command ? `unknown command "${command}"` : 'no command given');
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (isHarnessError(error)) {
      process.stderr.write(`error: ${error.message}\n`);
      if (error.code === 'E_USAGE') process.stderr.write(`\n${USAGE}\n`);
      process.exit(error.exitCode);
    }
    process.stderr.write(`internal error: ${(error as Error)?.message ?? String(error)}\n`);
    if (process.env.SCIM_CONFORMANCE_DEBUG) process.stderr.write(`${(error as Error)?.stack ?? ''}\n`);
    process.exit(EXIT.harness);
  },
);
