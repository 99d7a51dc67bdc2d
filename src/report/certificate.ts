import type { CheckResult } from '../scenario/results.js';
import { isGateFailure, isWarning, type Summary } from './summary.js';

/** Longest expected/actual value shown; a certificate is read by people, the full value is in summary.json. */
const MAX_VALUE_CHARS = 300;

const cell = (text: string) => text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

const longestBacktickRun = (text: string) => Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));

/** CommonMark inline code that survives backticks in the value (the delimiter is longer than any run inside). */
function code(text: string): string {
  const fence = '`'.repeat(longestBacktickRun(text) + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

function fenced(language: string, text: string): string {
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(text) + 1));
  return `${fence}${language}\n${text}\n${fence}`;
}

function json(value: unknown): string {
  const text = JSON.stringify(value);
  const chars = Array.from(text);
  return chars.length <= MAX_VALUE_CHARS
    ? text
    : `${chars.slice(0, MAX_VALUE_CHARS).join('')}… (${chars.length} chars)`;
}

function scenarioTable(summary: Summary, checks: CheckResult[]): string[] {
  const titles = new Map(summary.scenarios.map((s) => [s.name, s.title]));
  // A hand-edited or filtered summary.json may hold checks of scenarios it does not list; they still get a row.
  const names = [...new Set([...summary.scenarios.map((s) => s.name), ...checks.map((c) => c.scenario)])];
  const rows = names.map((name) => {
    const own = checks.filter((c) => c.scenario === name);
    const count = (predicate: (c: CheckResult) => boolean) => own.filter(predicate).length;
    const failed = count(isGateFailure);
    return `| ${cell(name)} | ${cell(titles.get(name) ?? name)} | ${failed > 0 ? 'failed' : 'passed'} | ${count((c) => c.status === 'passed')} | ${failed} | ${count((c) => c.status === 'skipped')} | ${count(isWarning)} |`;
  });
  return [
    '| Scenario | Title | Result | Passed | Failed | Skipped | Warnings |',
    '|---|---|---|---:|---:|---:|---:|',
    ...rows,
  ];
}

function failure(check: CheckResult, index: number): string[] {
  const details = [
    check.expected !== undefined ? `- Expected: ${code(json(check.expected))}` : undefined,
    check.actual !== undefined ? `- Actual: ${code(json(check.actual))}` : undefined,
    check.reference ? `- Reference: ${check.reference}` : undefined,
    check.location ? `- Location: ${code(check.location)}` : undefined,
    check.waived ? `- Waived until ${check.waived.expires}: ${check.waived.reason}` : undefined,
  ].filter((line) => line !== undefined);
  return [
    `### ${index}. ${code(check.id)} (${check.severity.toUpperCase()}) — ${check.scenario} › ${check.step}`,
    '',
    check.message ?? check.title,
    ...(details.length > 0 ? ['', ...details] : []),
    ...(check.reproduce
      ? ['', 'Reproduce (reads the token from `$SCIM_TOKEN`):', '', fenced('sh', check.reproduce)]
      : []),
    '',
  ];
}

function failureSection(heading: string, checks: CheckResult[], first: number): string[] {
  return checks.length === 0 ? [] : [`## ${heading}`, '', ...checks.flatMap((check, i) => failure(check, first + i))];
}

/** The optional features the run probed: an allowed refusal is listed here, not among the failures. */
function capabilitySection(summary: Summary): string[] {
  const rows = Object.entries(summary.capabilities ?? {});
  if (rows.length === 0) return [];
  const claim = (claimed: boolean | null) => (claimed === null ? '—' : claimed ? 'supported' : 'not supported');
  return [
    '## Capabilities',
    '',
    '| feature | ServiceProviderConfig | observed | where |',
    '|---|---|---|---|',
    ...rows.map(
      ([feature, row]) =>
        `| ${cell(feature)} | ${claim(row.claimed)} | ${cell(row.detail ? `${row.observed} (${row.detail})` : row.observed)} | ${cell(row.where.join('; '))} |`,
    ),
    '',
  ];
}

/**
 * summary.md: a Markdown certificate for release checklists — the run's identity, the verdict with
 * its totals, a row per scenario and every failed check (MUST first, then SHOULD/MAY warnings) with
 * its curl reproduction. Deterministic for a given summary.
 */
export function toCertificate(summary: Summary): string {
  const { passed, failed, skipped, warnings, waived } = summary.totals;
  const checks = summary.checks;
  const gateFailures = checks.filter(isGateFailure);
  const warningChecks = checks.filter(isWarning);
  const waivedChecks = checks.filter((c) => c.waived);
  const verdict = summary.verdict === 'conformant' ? 'CONFORMANT' : 'NOT CONFORMANT';
  return [
    '# SCIM conformance certificate',
    '',
    '| | |',
    '|---|---|',
    `| Target | ${cell(summary.target)} |`,
    `| Profile | ${cell(summary.profile)} |`,
    `| Date | ${cell(summary.startedAt)} |`,
    `| Tool | ${cell(`${summary.tool.name} ${summary.tool.version}`)} |`,
    `| Seed | ${summary.seed} |`,
    '',
    `**Verdict: ${verdict}** — passed: ${passed}, failed: ${failed}, skipped: ${skipped}, warnings: ${warnings}${waived ? `, waived: ${waived}` : ''}`,
    ...(summary.gate.failOn === 'should'
      ? ['', `Gate (SHOULD failures fail it too): **${summary.gate.passed ? 'passed' : 'failed'}**`]
      : []),
    '',
    '## Scenarios',
    '',
    ...scenarioTable(summary, checks),
    '',
    ...capabilitySection(summary),
    ...(gateFailures.length + warningChecks.length + waivedChecks.length === 0
      ? ['No failures and no warnings.', '']
      : [
          ...failureSection('Failures (MUST)', gateFailures, 1),
          ...failureSection('Warnings (SHOULD/MAY)', warningChecks, gateFailures.length + 1),
          ...failureSection('Waived', waivedChecks, gateFailures.length + warningChecks.length + 1),
        ]),
  ].join('\n');
}
