import type { CheckResult } from '../scenario/results.js';
import { grading } from './failure-text.js';
import type { Finding } from './findings.js';
import { failsGate } from './gate.js';
import { isWarning, type Summary } from './summary.js';
import { verdictsText } from './terminal.js';

/** Steps listed per finding; the rest are counted. */
const MAX_WHERE = 5;

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
    const failed = count((c) => failsGate(c, summary.gate.failOn));
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

/** A finding with its first occurrence's details: expectation, the server's words, where else, and curl. */
function finding(item: Finding, index: number, checks: readonly CheckResult[]): string[] {
  const [first, ...rest] = item.where;
  const occurrence = checks.find(
    (c) => c.status === 'failed' && c.id === item.check && c.scenario === first.scenario && c.step === first.step,
  );
  const others = rest.slice(0, MAX_WHERE).map((w) => `${w.scenario} › ${w.step}`);
  const details = [
    occurrence?.expected !== undefined ? `- Expected: ${code(json(occurrence.expected))}` : undefined,
    occurrence?.actual !== undefined ? `- Actual: ${code(json(occurrence.actual))}` : undefined,
    item.serverSaid ? `- Server said: ${code(item.serverSaid)}` : undefined,
    occurrence?.reference ? `- Reference: ${occurrence.reference}` : undefined,
    occurrence?.location ? `- Location: ${code(occurrence.location)}` : undefined,
    rest.length > 0
      ? `- Also in: ${others.map(cell).join('; ')}${rest.length > others.length ? `; and ${rest.length - others.length} more` : ''}`
      : undefined,
  ].filter((line) => line !== undefined);
  return [
    `### ${index}. ${code(item.check)} (${grading(item)}) — ${first.scenario} › ${first.step}${rest.length > 0 ? ` and ${rest.length} more` : ''}`,
    '',
    item.message,
    ...(details.length > 0 ? ['', ...details] : []),
    ...(item.reproduce
      ? ['', 'Reproduce (reads the token from `$SCIM_TOKEN`):', '', fenced('sh', item.reproduce)]
      : []),
    '',
  ];
}

/**
 * summary.md: a Markdown certificate for release checklists — the run's identity, both verdicts and
 * the gated one with its totals, the findings most serious first (each once, with the server's
 * words and a curl reproduction), a row per scenario and the waived failures. Deterministic for a
 * given summary.
 */
export function toCertificate(summary: Summary): string {
  const { passed, failed, skipped, warnings, waived } = summary.totals;
  const checks = summary.checks;
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
    `**${verdictsText(summary)}**`,
    '',
    `**Verdict: ${verdict}** — passed: ${passed}, failed: ${failed}, skipped: ${skipped}, warnings: ${warnings}${waived ? `, waived: ${waived}` : ''}`,
    '',
    `The verdict and the exit code follow the gate \`--fail-on ${summary.gate.failOn}\` (${GATE_MEANING[summary.gate.failOn]}): **${summary.gate.passed ? 'passed' : 'failed'}**.`,
    '',
    ...(summary.findings.length === 0
      ? ['No failures and no warnings.', '']
      : [
          '## Findings (most serious first)',
          '',
          ...summary.findings.flatMap((item, i) => finding(item, i + 1, checks)),
        ]),
    '## Scenarios',
    '',
    ...scenarioTable(summary, checks),
    '',
    ...capabilitySection(summary),
    ...failureSection('Waived', waivedChecks, 1),
  ].join('\n');
}

const GATE_MEANING: Record<Summary['gate']['failOn'], string> = {
  must: 'a failed MUST check fails it',
  should: 'a failed MUST or SHOULD check fails it',
  blocks: "a finding that blocks the client's provisioning fails it",
  validator: "a finding that blocks the client's provisioning or fails the client's validator (Microsoft's SCIM Validator, Okta's SPEC test) fails it",
};
