/** The only module that talks to Allure: labels, parameters, steps and redacted HTTP attachments. */
import * as allure from 'allure-js-commons';
import {
  ALLURE_HTTP_EXCHANGE_CONTENT_TYPE,
  ALLURE_HTTP_EXCHANGE_FILE_EXTENSION,
  ALLURE_HTTP_EXCHANGE_SCHEMA_VERSION,
  type HttpExchange,
} from 'allure-js-commons/http';
import { createHash } from 'node:crypto';
import type { Exchange } from '../http/types.js';
import type { StepReporter } from '../scenario/engine.js';
import type { CheckResult } from '../scenario/results.js';
import type { Scenario } from '../scenario/types.js';
import { REDACTED } from '../http/redact.js';

const SEVERITY_LABEL = {
  must: allure.Severity.CRITICAL,
  should: allure.Severity.NORMAL,
  may: allure.Severity.MINOR,
} as const;

export interface RunParameters {
  target: string;
  profile: string;
  seed: number;
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
  await allure.parameter('seed', String(run.seed), { excluded: true });
  await allure.parameter('target', run.target, { excluded: true });
  if (scenario.description) await allure.description(scenario.description);
  if (scenario.reference) await allure.label('reference', scenario.reference);
}

/** Severity of the test is the worst failed check's (or must when none failed). */
export async function markScenarioSeverity(checks: readonly CheckResult[]): Promise<void> {
  const failed = checks.filter((c) => c.status === 'failed');
  const worst =
    failed.some((c) => c.severity === 'must') || failed.length === 0
      ? 'must'
      : failed.some((c) => c.severity === 'should')
        ? 'should'
        : 'may';
  await allure.severity(SEVERITY_LABEL[worst]);
}

export const allureStepReporter: StepReporter = {
  step: async (name, body) => await allure.step(name, () => body()),
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
    const detail = result.message ? `: ${result.message}` : '';
    await allure.logStep(`${result.id} [${result.severity.toUpperCase()}]${detail}`, status);
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
