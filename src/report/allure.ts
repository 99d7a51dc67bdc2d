/** The only module that talks to Allure: labels, parameters, steps and redacted HTTP attachments. */
import * as allure from 'allure-js-commons';
import {
  ALLURE_HTTP_EXCHANGE_CONTENT_TYPE,
  ALLURE_HTTP_EXCHANGE_FILE_EXTENSION,
  ALLURE_HTTP_EXCHANGE_SCHEMA_VERSION,
  type HttpExchange,
} from 'allure-js-commons/http';
import type { RuntimeMessage } from 'allure-js-commons/sdk';
import type { Writer } from 'allure-js-commons/sdk/reporter';
import { getGlobalTestRuntime } from 'allure-js-commons/sdk/runtime';
import { createHash } from 'node:crypto';
import type { Exchange } from '../http/types.js';
import type { StepReporter } from '../scenario/engine.js';
import type { CheckResult } from '../scenario/results.js';
import type { Scenario } from '../scenario/types.js';
import { REDACTED } from '../http/redact.js';
import { CHECKS } from '../checks/registry.js';
import type { CheckCategory } from '../checks/types.js';
import type { Finding } from './findings.js';
import { maskRunValues } from './findings.js';
import { toolInfo } from './summary.js';

const SEVERITY_LABEL = {
  must: allure.Severity.CRITICAL,
  should: allure.Severity.NORMAL,
  may: allure.Severity.MINOR,
} as const;

export interface RunParameters {
  target: string;
  profile: string;
  dialect: string;
  seed: number;
}

const ENTRA_DOC =
  'https://learn.microsoft.com/en-us/entra/identity/app-provisioning/use-scim-to-provision-users-and-groups';

/** Links for a reference such as "RFC 7644 §3.4.2; Entra R4": rfc-editor.org anchors and the Entra doc. */
export function referenceLinks(reference: string): Array<{ url: string; name: string }> {
  const links = [...reference.matchAll(/RFC (\d{4}) §(\d+(?:\.\d+)*)/g)].map(([text, rfc, section]) => ({
    url: `https://www.rfc-editor.org/rfc/rfc${rfc}#section-${section}`,
    name: text,
  }));
  if (/Entra/.test(reference)) links.push({ url: ENTRA_DOC, name: 'Entra: SCIM endpoint requirements' });
  return links;
}

/**
 * Writes what allure-results holds beside the test results: the environment (the target, the tool,
 * and what the target claims to support) and the failure categories, with the Allure reporter's
 * writer: the reporter starts before discovery, which they need, and writes nothing of them itself.
 */
export function writeAllureRunInfo(
  writer: Pick<Writer, 'writeCategoriesDefinitions' | 'writeEnvironmentInfo'>,
  run: {
    target: string;
    profile: { name: string; dialect: string; mapping: string };
    discovery: { capabilities: Record<string, boolean | undefined> };
  },
): void {
  const tool = toolInfo();
  writer.writeCategoriesDefinitions(failureCategories());
  writer.writeEnvironmentInfo({
    target: run.target,
    tool: `${tool.name} ${tool.version}`,
    profile: run.profile.name,
    dialect: run.profile.dialect,
    mapping: run.profile.mapping,
    ...Object.fromEntries(
      Object.entries(run.discovery.capabilities).map(([feature, supported]) => [
        `claims.${feature}`,
        String(supported),
      ]),
    ),
  });
}

const CATEGORY_NAMES: Record<CheckCategory, string> = {
  transport: 'Transport (no answer)',
  auth: 'Authentication',
  status: 'Wrong status',
  'media-type': 'Media type',
  schema: 'Schema',
  semantics: 'Semantics',
};

/**
 * Allure categories by what failed: a failed test's message lists its failed checks (failure-text.ts),
 * and the first category whose checks appear there wins, in the order above.
 */
export function failureCategories(): Array<{ name: string; messageRegex: string; matchedStatuses: allure.Status[] }> {
  return (Object.keys(CATEGORY_NAMES) as CheckCategory[]).map((category) => {
    const ids = [...CHECKS.values()]
      .filter((check) => check.category === category)
      .map((check) => check.id.replace(/\./g, '\\.'));
    return {
      name: CATEGORY_NAMES[category],
      messageRegex: `✗ (${ids.join('|')}) \\[`,
      matchedStatuses: [allure.Status.FAILED],
    };
  });
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * One category per finding that fails a test (a MUST failure: the test's message lists those, see
 * failure-text.ts), most serious first, matched by its check, severity and masked message; the first
 * matching category wins, so a test falls under its most serious finding.
 */
export function findingCategories(
  findings: readonly Finding[],
): Array<{ name: string; messageRegex: string; matchedStatuses: string[] }> {
  return findings
    .filter((finding) => finding.severity === 'must')
    .map((finding) => {
      const message = escapeRegex(maskRunValues(finding.message)).replace(/<(?:generated|id|n)>/g, '.+?');
      const grading = finding.impact === finding.severity ? '' : `${finding.impact.toUpperCase()} · `;
      const name = `${grading}${finding.check}: ${finding.message}`;
      return {
        name: name.length > 120 ? `${name.slice(0, 120)}…` : name,
        messageRegex: `[\\s\\S]*✗ ${escapeRegex(finding.check)} \\[MUST\\][^\\n]*\\n {4}${message}[\\s\\S]*`,
        matchedStatuses: ['failed'],
      };
    });
}

/** Labels a scenario's Allure test: epic = tutorial step, feature = scenario; stable history id per profile. */
export async function describeScenario(scenario: Scenario, run: RunParameters): Promise<void> {
  await allure.epic(
    scenario.tutorial ? `${scenario.tutorial.step}. ${scenario.tutorial.title}` : 'SCIM 2.0 conformance',
  );
  await allure.feature(scenario.name);
  await allure.displayName(scenario.title);
  await allure.historyId(createHash('sha256').update(`${scenario.name}\u0000${run.profile}`).digest('hex'));
  await allure.parameter('profile', run.profile);
  await allure.parameter('dialect', run.dialect);
  await allure.parameter('seed', String(run.seed), { excluded: true });
  await allure.parameter('target', run.target, { excluded: true });
  if (scenario.description) await allure.description(scenario.description);
  // story = check: every check the scenario names, with links to the sections behind them.
  const uses = scenario.steps.flatMap((step) => step.checks);
  for (const id of new Set(uses.map((use) => use.id))) await allure.story(id);
  const references = new Set([
    scenario.reference ?? '',
    ...uses.map((use) => use.reference ?? CHECKS.get(use.id)?.reference ?? ''),
  ]);
  const links = new Map([...references].flatMap(referenceLinks).map((link) => [link.url, link]));
  for (const link of links.values()) await allure.link(link.url, link.name);
}

const IMPACT_ORDER = ['blocks', 'validator', 'none'] as const;

/**
 * Severity of the test is the worst failed check's (or must when none failed); its impact label and
 * tag the worst failed impact on the profile's client, so Allure's filters can select by either.
 */
export async function markScenarioSeverity(checks: readonly CheckResult[]): Promise<void> {
  const impact = IMPACT_ORDER.find((level) => checks.some((c) => c.status === 'failed' && c.impact === level));
  if (impact) {
    await allure.label('impact', impact);
    await allure.tag(`impact:${impact}`);
  }
  const failed = checks.filter((c) => c.status === 'failed');
  const worst =
    failed.some((c) => c.severity === 'must') || failed.length === 0
      ? 'must'
      : failed.some((c) => c.severity === 'should')
        ? 'should'
        : 'may';
  await allure.severity(SEVERITY_LABEL[worst]);
}

/**
 * allure.step takes a step's status from a thrown error alone; a scenario step's status comes from
 * its checks (failed when one failed, skipped when it could not run), so the step is opened and
 * closed through the runtime's messages directly.
 */
async function stepMessage(message: RuntimeMessage): Promise<void> {
  await (getGlobalTestRuntime() as unknown as { sendMessage(message: RuntimeMessage): Promise<void> }).sendMessage(
    message,
  );
}

function stepStatus(checks: readonly CheckResult[]): allure.Status {
  if (checks.some((c) => c.status === 'failed')) return allure.Status.FAILED;
  if (checks.length > 0 && checks.every((c) => c.status === 'skipped')) return allure.Status.SKIPPED;
  return allure.Status.PASSED;
}

/** The checks recorded in the step being reported (steps do not nest). */
let stepChecks: CheckResult[] = [];

export const allureStepReporter: StepReporter = {
  step: async (name, body) => {
    stepChecks = [];
    await stepMessage({ type: 'step_start', data: { name, start: Date.now() } });
    let broken: Error | undefined;
    try {
      return await body();
    } catch (error) {
      broken = error as Error;
      throw error;
    } finally {
      await stepMessage({
        type: 'step_stop',
        data: {
          status: broken ? allure.Status.BROKEN : stepStatus(stepChecks),
          stop: Date.now(),
          ...(broken && { statusDetails: { message: broken.message, trace: broken.stack } }),
        },
      });
    }
  },
  exchange: async (exchange, curl) => {
    await allure.attachment(
      `${exchange.request.method} ${new URL(exchange.request.url).pathname}`,
      JSON.stringify(toHttpExchange(exchange)),
      {
        contentType: ALLURE_HTTP_EXCHANGE_CONTENT_TYPE,
        fileExtension: ALLURE_HTTP_EXCHANGE_FILE_EXTENSION,
      },
    );
    await allure.attachment('curl', curl, { contentType: allure.ContentType.TEXT, fileExtension: '.sh' });
  },
  check: async (result) => {
    const status =
      result.status === 'passed'
        ? allure.Status.PASSED
        : result.status === 'skipped'
          ? allure.Status.SKIPPED
          : result.severity === 'must'
            ? allure.Status.FAILED
            : allure.Status.BROKEN;
    stepChecks.push(result);
    const grading = [result.severity, result.impact].filter(Boolean).join(', ').toUpperCase();
    const detail = `${result.message ? `: ${result.message}` : ''}${result.serverSaid ? ` (server said: ${result.serverSaid})` : ''}`;
    await allure.logStep(`${result.id} [${grading}]${detail}`, status);
  },
};

/** Allure's HTTP Exchange v1; values are already redacted, shown with Allure's own sentinel. */
function toHttpExchange(exchange: Exchange): HttpExchange {
  const pairs = (headers: Record<string, string>) =>
    Object.entries(headers).map(([name, value]) => ({
      name,
      value: value === REDACTED ? '__ALLURE_REDACTED__' : value,
    }));
  const start = Date.parse(exchange.startedAt);
  return {
    schemaVersion: ALLURE_HTTP_EXCHANGE_SCHEMA_VERSION,
    request: {
      method: exchange.request.method,
      url: exchange.request.url,
      headers: pairs(exchange.request.headers),
      ...(exchange.request.body !== undefined && {
        body: { contentType: exchange.request.headers['content-type'], encoding: 'utf8', value: exchange.request.body },
      }),
    },
    ...(exchange.response && {
      response: {
        status: exchange.response.status,
        headers: pairs(exchange.response.headers),
        body: {
          contentType: exchange.response.headers['content-type'],
          encoding: 'utf8',
          value: exchange.response.body,
          truncated: exchange.response.truncated,
        },
      },
    }),
    ...(exchange.error && { error: { name: exchange.error.code, message: exchange.error.message } }),
    start,
    stop: start + exchange.durationMs,
  };
}
