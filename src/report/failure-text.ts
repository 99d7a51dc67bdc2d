import type { CheckResult } from '../scenario/results.js';

const show = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

/** One failed check as people read it: title, expected/actual, where, and how to reproduce. */
export function failureText(result: CheckResult): string {
  const lines = [
    `✗ ${result.id} [${result.severity.toUpperCase()}] ${result.scenario} › ${result.step}`,
    `    ${result.message ?? result.title}`,
  ];
  if (result.expected !== undefined) lines.push(`    expected: ${show(result.expected)}`);
  if (result.actual !== undefined) lines.push(`    actual:   ${show(result.actual)}`);
  if (result.reference) lines.push(`    reference: ${result.reference}`);
  if (result.location) lines.push(`    --> ${result.location}`);
  if (result.reproduce) lines.push(`    reproduce: ${result.reproduce}`);
  return lines.join('\n');
}
