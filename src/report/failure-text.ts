import type { CheckResult } from '../scenario/results.js';
import type { Finding } from './findings.js';
import { failsGate } from './gate.js';
import type { Summary } from './summary.js';

const show = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

/** One failed check as people read it: title, expected/actual, where, and how to reproduce. */
export function failureText(result: CheckResult): string {
  const lines = [
    `✗ ${result.id} [${result.severity.toUpperCase()}] ${result.scenario} › ${result.step}`,
    `    ${result.message ?? result.title}`,
  ];
  if (result.expected !== undefined) lines.push(`    expected: ${show(result.expected)}`);
  if (result.actual !== undefined) lines.push(`    actual:   ${show(result.actual)}`);
  if (result.serverSaid) lines.push(`    server said: ${result.serverSaid}`);
  if (result.reference) lines.push(`    reference: ${result.reference}`);
  if (result.location) lines.push(`    --> ${result.location}`);
  if (result.reproduce) lines.push(`    reproduce: ${result.reproduce}`);
  return lines.join('\n');
}

/** Longest message the terminal shows (a one-line finding, a full one); summary.md and summary.json hold it whole. */
const clip = (text: string, max = 400) => (text.length > max ? `${text.slice(0, max)}…` : text);
/** A curl command as is; a generated case's script (many lines) is left to summary.md. */
const oneLine = (reproduce: string) =>
  reproduce.includes('\n') ? `a ${reproduce.split('\n').length}-line curl script, in summary.md` : reproduce;

/** How a finding is graded in one word each: its impact on the client (or its severity), then its severity. */
export const grading = (finding: Finding) =>
  finding.impact === finding.severity
    ? finding.severity.toUpperCase()
    : `${finding.impact.toUpperCase()} · ${finding.severity.toUpperCase()}`;

/** The other places a finding occurred, briefly: how many, and in which scenarios. */
function elsewhere(finding: Finding): string {
  const rest = finding.where.slice(1);
  return rest.length === 0 ? '' : `${rest.length} more in ${[...new Set(rest.map((w) => w.scenario))].join(', ')}`;
}

/**
 * What the terminal shows after a run: the findings, most serious first. Those that fail the gate
 * get their message, the server's words, where and how to reproduce; the rest one line each.
 * Waived failures follow, one line each.
 */
export function findingsReport(summary: Summary): string {
  const gated = new Set(
    summary.checks
      .filter((c) => failsGate(c, summary.gate.failOn))
      .map((c) => `${c.id}\u0000${c.scenario}\u0000${c.step}`),
  );
  const failsTheGate = (finding: Finding) =>
    finding.where.some((w) => gated.has(`${finding.check}\u0000${w.scenario}\u0000${w.step}`));
  const lines = summary.findings.flatMap((finding, i) => {
    const [first] = finding.where;
    // The impact (or severity) and count lead; then the check as the per-check lines always read.
    const lead = `${String(i + 1).padStart(2)}. ${finding.impact.toUpperCase()}${finding.occurrences > 1 ? ` ×${finding.occurrences}` : ''}`;
    const at = `${finding.check} [${finding.severity.toUpperCase()}] ${first.scenario} › ${first.step}`;
    const more = elsewhere(finding);
    if (!failsTheGate(finding)) return [`${lead} ! ${at}: ${clip(finding.message, 160)}${more ? ` (+${more})` : ''}`];
    return [
      `${lead} ✗ ${at}`,
      `    ${clip(finding.message)}`,
      ...(finding.serverSaid ? [`    server said: ${finding.serverSaid}`] : []),
      ...(more ? [`    also: ${more}`] : []),
      ...(finding.reproduce ? [`    reproduce: ${oneLine(finding.reproduce)}`] : []),
    ];
  });
  const waived = summary.checks.filter((c) => c.waived);
  return [
    ...(lines.length > 0 ? [`Findings, most serious first:\n${lines.join('\n')}`] : []),
    ...(waived.length > 0
      ? [
          `Waived:\n${waived.map((c) => `  ~ ${c.id} [${c.severity.toUpperCase()}] ${c.scenario} › ${c.step}: ${c.message ?? c.title} (until ${c.waived!.expires})`).join('\n')}`,
        ]
      : []),
  ].join('\n\n');
}
