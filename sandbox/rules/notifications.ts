import { maskMobile, maskSerial, SEOUL_OFFSET_MS } from '../../issuer-api/domain.js';
import type { Notified } from '../../issuer-api/schemas.js';
import type { Env } from './context.js';
import { mobilesOf, type DeviceRow } from '../store/records.js';
import { sql } from '../store/store.js';

/**
 * Notifications (ISSUER-API.md v1.1 "Notifications"): after a job on a customer's device or
 * numbers the issuer texts them; the sandbox's SMS is its outbox. Every text is written here and
 * only here: `[088] 스마트OTP 교체 발급 1000****0002 2026-12-02 15:20`, the institution's code, the
 * job, the device or number masked, the time in Asia/Seoul. Never a code, an RRN or a full number,
 * and never five digits in a row: whoever reads an SMS code off the outbox (the training phone,
 * tests) looks for the 5 digits of the code, and a notification must never be taken for one.
 */

export type NotificationJob =
  | 'ACTIVATION'
  | 'LOSS_REPORT'
  | 'LOSS_RELEASE'
  | 'UNLOCK'
  | 'TERMINATION'
  | 'REPLACEMENT'
  | 'ISSUANCE'
  | 'CARD_REGISTRATION'
  | 'NUMBER_ADDED'
  | 'NUMBER_REPLACED';

const JOB_TEXT: Record<NotificationJob, string> = {
  ACTIVATION: '등록 완료',
  LOSS_REPORT: '분실신고 접수',
  LOSS_RELEASE: '분실신고 해제',
  UNLOCK: '이용제한 해제',
  TERMINATION: '해지',
  REPLACEMENT: '교체 발급',
  ISSUANCE: '발급',
  CARD_REGISTRATION: '타기관 등록',
  NUMBER_ADDED: '휴대폰번호 추가',
  NUMBER_REPLACED: '휴대폰번호 변경',
};


/** `2026-12-02 15:20`: dashes and a colon, so no run of digits is longer than a year's four. */
const seoulTime = (at: Date) => new Date(at.getTime() + SEOUL_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');

/** What a text names: a device as its kind and masked number or serial, or a mobile number, masked. */
export type Subject = { device: DeviceRow } | { mobile: string };

/** The kind of device (none for a number) and what names it, masked. */
function subjectParts(subject: Subject): { kind?: string; masked?: string } {
  if ('mobile' in subject) return { masked: maskMobile(subject.mobile) };
  const { device } = subject;
  if (device.card_serial !== null) return { kind: '스마트OTP', masked: maskSerial(device.card_serial) };
  return { kind: '디지털OTP', ...(device.mobile !== null && { masked: maskMobile(device.mobile) }) };
}

/** The text of a notification: the one place its wording and what it may carry are decided. */
export function notificationText(institutionCode: string, job: NotificationJob, subject: Subject, at: Date): string {
  const { kind, masked } = subjectParts(subject);
  return [`[${institutionCode}]`, kind, JOB_TEXT[job], masked, seoulTime(at)].filter(Boolean).join(' ');
}

/**
 * Texts `to` (normalised numbers, each once) about the job, done at `institutionCode` (by default the
 * caller's institution); returns who was texted, masked, as the answers carry it.
 */
export function notify(
  env: Env,
  to: readonly string[],
  job: NotificationJob,
  subject: Subject,
  institutionCode = env.terminal.institutionCode,
): Notified {
  const text = notificationText(institutionCode, job, subject, env.now);
  const recipients = [...new Set(to)];
  for (const mobile of recipients) {
    sql(env.db, 'INSERT INTO sms_outbox (mobile, text, sent_at) VALUES (?, ?, ?)').run(mobile, text, env.now.toISOString());
  }
  return recipients.map(maskMobile);
}

/** Texts the customer's numbers on record: every job but a number change. */
export const notifyCustomer = (env: Env, customerRef: string, job: NotificationJob, subject: Subject, institutionCode?: string): Notified =>
  notify(env, mobilesOf(env, customerRef), job, subject, institutionCode);
