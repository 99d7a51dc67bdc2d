/**
 * GitHub Actions output (`--reporter github`, on by itself when GITHUB_ACTIONS=true): one annotation
 * per finding at its first occurrence's scenario file and line, the findings table in the job
 * summary ($GITHUB_STEP_SUMMARY) and the step outputs the composite action declares ($GITHUB_OUTPUT).
 * Everything written here comes from summary.json, which is already redacted.
 */
import { appendFileSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { PACKAGE_ROOT } from '../paths.js';
import type { Finding } from './findings.js';
import { findingFailsGate } from './gate.js';
import type { Summary } from './summary.js';
import { verdictsText } from './terminal.js';

/** How the runner reads a workflow command's message (escaping as @actions/core's command.ts does). */
export const escapeData = (text: string) => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
/** A workflow command's property value: also `:` and `,`, which separate properties. */
export const escapeProperty = (text: string) => escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** The step's `file:line:col` split; the file relative to the workspace, or to the package for its own scenarios. */
function fileAndLine(location: string | undefined, workspace: string): { file: string; line: string } | undefined {
  const match = location ? /^(.*):(\d+):\d+$/.exec(location) : null;
  if (!match) return undefined;
  // Locations are relative to the run's working directory; the workspace is where GitHub resolves them.
  const absolute = resolve(match[1]);
  const inWorkspace = !relative(workspace, absolute).startsWith('..') && !absolute.includes(`${sep}node_modules${sep}`);
  const file = inWorkspace ? relative(workspace, absolute) : relative(PACKAGE_ROOT, absolute);
  return { file: file.split(sep).join('/'), line: match[2] };
}

function firstLocation(summary: Summary, finding: Finding): string | undefined {
  const [first] = finding.where;
  return summary.checks.find(
    (c) => c.status === 'failed' && c.id === finding.check && c.scenario === first.scenario && c.step === first.step,
  )?.location;
}

const grading = (finding: Finding) =>
  finding.impact === finding.severity
    ? finding.severity.toUpperCase()
    : `${finding.severity.toUpperCase()}, impact ${finding.impact}`;

/** One `::error` (fails the gate) or `::warning` line per finding, most serious first. */
export function githubAnnotations(summary: Summary, workspace = process.cwd()): string[] {
  return summary.findings.map((finding) => {
    const level = findingFailsGate(finding, summary.gate.failOn) ? 'error' : 'warning';
    const where = fileAndLine(firstLocation(summary, finding), workspace);
    const title = `${finding.check} (${grading(finding)}): ${finding.title}`;
    const properties = [
      ...(where ? [`file=${escapeProperty(where.file)}`, `line=${where.line}`] : []),
      `title=${escapeProperty(title)}`,
    ];
    const message = [
      finding.message,
      ...(finding.serverSaid ? [`Server said: ${finding.serverSaid}`] : []),
      `${finding.occurrences} occurrence(s), first at ${finding.where[0].scenario} › ${finding.where[0].step}`,
    ].join('\n');
    return `::${level} ${properties.join(',')}::${escapeData(message)}`;
  });
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

/** The job summary: the verdicts, the gate, and a table of the findings. */
export function githubJobSummary(summary: Summary): string {
  const rows = summary.findings.map(
    (f, i) =>
      `| ${i + 1} | ${findingFailsGate(f, summary.gate.failOn) ? '❌' : '⚠️'} ${f.impact} | ${f.severity.toUpperCase()} | \`${f.check}\` | ${cell(f.message)}${f.serverSaid ? `<br>server said: ${cell(f.serverSaid)}` : ''} | ${f.occurrences} | ${cell(`${f.where[0].scenario} › ${f.where[0].step}`)} |`,
  );
  return [
    `## SCIM conformance: ${summary.gate.passed ? 'passed' : 'failed'} (profile ${summary.profile}, --fail-on ${summary.gate.failOn})`,
    '',
    `**${verdictsText(summary)}**`,
    '',
    `Target: ${cell(summary.target)} · tool ${summary.tool.name} ${summary.tool.version} · seed ${summary.seed}`,
    '',
    ...(rows.length === 0
      ? ['No findings.']
      : [
          '| # | impact | severity | check | finding | occurrences | first at |',
          '|---|---|---|---|---|---|---|',
          ...rows,
          '',
          'Each finding with its curl command is in summary.md in the report folder.',
        ]),
    '',
  ].join('\n');
}

/** The composite action's outputs. */
export function githubOutputs(summary: Summary, reportDir: string): Record<string, string> {
  return {
    verdict: summary.verdict,
    'client-verdict': summary.verdicts.client?.result ?? '',
    findings: String(summary.findings.length),
    'report-dir': reportDir,
  };
}

/** Prints the annotations and, where the runner provides the files, writes the job summary and outputs. */
export function writeGithubReport(
  summary: Summary,
  reportDir: string,
  log: (line: string) => void,
  env: NodeJS.ProcessEnv = process.env,
): void {
  for (const line of githubAnnotations(summary, env.GITHUB_WORKSPACE ?? process.cwd())) log(line);
  if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, `${githubJobSummary(summary)}\n`);
  if (env.GITHUB_OUTPUT) {
    const lines = Object.entries(githubOutputs(summary, reportDir)).map(([name, value]) => `${name}=${value}\n`);
    appendFileSync(env.GITHUB_OUTPUT, lines.join(''));
  }
}
