import { redact } from '../../issuer-api/domain.js';
import type { CheckResult } from './checks.js';
import type { DiagnoseReport } from './diagnose.js';

const LABEL: Record<CheckResult['status'], string> = { ok: 'OK', warn: 'WARN', fail: 'FAIL' };

/**
 * The report IT reads: one line per check, `OK|WARN|FAIL  <check>  <detail>`, and a count. Every
 * text passes redact(), as a log line does: a report is handed around as freely.
 */
export function formatText(report: DiagnoseReport): string {
  const width = Math.max(...report.checks.map((check) => check.check.length));
  const lines = report.checks.map((check) => `${LABEL[check.status].padEnd(4)}  ${check.check.padEnd(width)}  ${redact(check.detail)}`);
  const count = (status: CheckResult['status']) => report.checks.filter((check) => check.status === status).length;
  return [
    `Branch OTP Console diagnose, ${report.at}`,
    ...lines,
    `${count('fail')} FAIL, ${count('warn')} WARN, ${count('ok')} OK`,
  ].join('\n');
}

/** The same as JSON: `{ at, ok, checks: [{ check, status, detail, facts }] }`; strings redacted, numbers left whole. */
export function formatJson(report: DiagnoseReport): string {
  const { at, ok, checks } = report;
  return JSON.stringify({ at, ok, checks }, (_key, value: unknown) => (typeof value === 'string' ? redact(value) : value), 2);
}

/** 1 when any check FAILs, else 0 (WARNs are for reading, not for stopping a script). */
export const exitCodeOf = (report: DiagnoseReport): number => (report.ok ? 0 : 1);
