import { expect, vi } from 'vitest';
import { z } from 'zod';
import type { Contract } from '../../../shared/contract.js';
import { resultSchema, type Result } from '../../../shared/result.js';
import type { ErrorInfo } from '../../../shared/errors.js';
import type { ConsoleStatus } from '../../../shared/status.js';
import { ConsoleEvents } from '../../../main/app/events.js';
import { InProcessIssuer } from '../../../main/issuer/in-process.js';
import { SandboxIssuer } from '../../../sandbox/sandbox-issuer.js';
import { openSandboxDb, type SandboxDb } from '../../../sandbox/store/store.js';
import { createRouter, type CallContext, type Handlers, type Router } from '../../../main/app/router.js';
import { StaffSessions } from '../../../main/staff/sessions.js';
import { testClock, type TestClock } from './clock.js';
import { TERMINAL } from './sandbox.js';
import { memoryLog, type MemoryLog } from '../../support/memory-log.js';

export const EIGHT_HOURS_MS = 8 * 60 * 60 * 1000;

export const STATUS: ConsoleStatus = {
  trainingMode: true,
  issuer: 'REACHABLE',
  reader: { state: 'NO_READER', readers: [] },
  terminal: { institutionCode: '088', branchCode: '0101', terminalId: 'T-TRAINING' },
  journal: { state: 'OK', headSeq: 0, anchoredSeq: null },
  day: { state: 'OPEN', businessDate: '2025-03-03' },
};

const A_DAY_SUMMARY = {
  businessDate: '2025-03-03', terminalId: 'T-01', training: true, jobs: [], approvals: [],
  fees: { charged: [], waived: [], total: 0 }, unsettled: { count: 0, jobs: [], explanation: null }, stockCount: null,
};

export const A_SESSION = {
  staffId: 'T0001', name: '김민지', role: 'TELLER', expiresAt: '2025-03-03T08:30:00.000Z', locked: false, idleLockSeconds: 180,
} as const;
export const A_DEVICE = {
  deviceId: 'dev-1', kind: 'DIGITAL_OTP' as const, status: 'ACTIVE' as const, failCount: 0, maxFail: 10,
  institutionCode: '088', registeredAt: '2025-03-03T00:00:00.000Z', lastUsedAt: null,
};

export const SMS_SENT = { registrationId: 'reg-1', status: 'SMS_SENT' as const, smsExpiresAt: '2025-03-03T00:33:00.000Z', resendsLeft: 3 };
export const KEY = '0f8fad5b-d9cb-469f-a165-70867728950e';

/** Spy handlers that answer inside the contract; a test swaps in the one it needs. */
export function spyHandlers() {
  return {
    'status.get': vi.fn(async (_input: Record<string, never>, _ctx: CallContext) => STATUS),
    'config.get': vi.fn(async (_input: Record<string, never>, _ctx: CallContext) => ({
      policyOrigin: '(none)',
      fileOrigin: 'config.json',
      settings: [],
      problems: [],
    })),
    'preferences.get': vi.fn(async (_input: Record<string, never>, _ctx: CallContext) => ({ locale: 'ko' as const, localeSetByPolicy: false })),
    'preferences.setLocale': vi.fn(async (input: { locale: 'ko' | 'en' }, _ctx: CallContext) => ({ locale: input.locale, localeSetByPolicy: false })),
    'staff.current': vi.fn(async (_input: Record<string, never>, _ctx: CallContext) => null),
    'staff.login': vi.fn(async (_input: { staffId: string; password: string }, _ctx: CallContext) => A_SESSION),
    'staff.logout': vi.fn(async (_input: Record<string, never>, _ctx: CallContext) => ({ loggedOut: true as const })),
    'staff.activity': vi.fn(async (_input: Record<string, never>, _ctx: CallContext) => ({ idleLockSeconds: 180 })),
    'staff.lock': vi.fn(async (_input: Record<string, never>, _ctx: CallContext) => ({ ...A_SESSION, locked: true })),
    'staff.unlockConsole': vi.fn(async (_input: { password: string }, _ctx: CallContext) => A_SESSION),
    'approval.request': vi.fn(async (_input: unknown, _ctx: CallContext) => ({
      approvalToken: 'approval-token-0123456789', supervisorId: 'S0001', expiresAt: '2025-03-03T00:32:00.000Z',
    })),
    'device.unlock': vi.fn(async (_input: unknown, _ctx: CallContext) => ({ ...A_DEVICE, notified: ['010-****-5678'] })),
    'device.releaseLoss': vi.fn(async (_input: unknown, _ctx: CallContext) => ({ ...A_DEVICE, notified: ['010-****-5678'] })),
    'journal.list': vi.fn(async (_input: unknown, _ctx: CallContext) => ({ jobs: [], total: 0, next: null })),
    'journal.reprint': vi.fn(async (_input: { seq: number }, _ctx: CallContext) => ({
      seq: 1, startedAt: '2025-03-03T00:30:00.000Z', finishedAt: null, job: 'LOSS_REPORT' as const, terminalId: 'T-TRAINING',
      branchCode: '0101', tellerId: 'T0001', supervisorId: null, customer: null, device: null, result: 'OK',
      issuerRef: null, receiptNo: '20250303-000001', settledAfterRestart: false, training: true, fee: null,
    })),
    'journal.exportCsv': vi.fn(async (_input: unknown, _ctx: CallContext) => ({ fileName: 'journal.csv', csv: '' })),
    'journal.checkIntegrity': vi.fn(async (_input: Record<string, never>, _ctx: CallContext) => STATUS.journal),
    'journal.acknowledgeAlarm': vi.fn(async (_input: Record<string, never>, _ctx: CallContext) => ({
      ...STATUS.journal,
      acknowledgement: { reference: 'anchor #1', supervisorId: 'S0001' },
    })),
    'customer.identify': vi.fn(async (_input: unknown, _ctx: CallContext) => ({
      checkId: 'chk-1',
      result: 'MISMATCH' as const,
      maskedRrn: '900101-1******',
      rrnChecksumWarning: false,
    })),
    'device.reportLoss': vi.fn(async (_input: unknown, _ctx: CallContext) => ({
      reportRef: 'loss-1',
      receiptNo: '20250303-000001',
      reportedAt: '2025-03-03T00:30:00.000Z',
      device: {
        deviceId: 'dev-1', kind: 'DIGITAL_OTP' as const, status: 'LOST' as const, failCount: 0, maxFail: 10,
        institutionCode: '088', registeredAt: '2025-03-03T00:00:00.000Z', lastUsedAt: null,
      },
      notified: ['010-****-5678'],
    })),
    'device.terminate': vi.fn(async (_input: unknown, _ctx: CallContext) => ({
      deviceId: 'dev-1', status: 'REVOKED' as const, terminatedAt: '2025-03-03T00:30:00.000Z', notified: ['010-****-5678'],
      receiptNo: '20250303-000001', device: { ...A_DEVICE, status: 'REVOKED' as const },
    })),
    'customer.changeMobile': vi.fn(async (_input: unknown, _ctx: CallContext) => ({
      mobileNumbers: ['010-****-5678', '010-****-4321'], notified: ['010-****-5678', '010-****-4321'],
    })),
    'fees.get': vi.fn(async (_input: Record<string, never>, _ctx: CallContext) => ({
      currency: 'KRW' as const,
      items: [{ code: 'SMART_OTP_REPLACE' as const, amount: 5000 }],
      waiverReasons: ['DEFECT_WITHIN_1_YEAR' as const, 'SUPERVISOR_DISCRETION' as const],
    })),
    'otp.start': vi.fn(async (_input: unknown, _ctx: CallContext) => SMS_SENT),
    'otp.resendSms': vi.fn(async (_input: unknown, _ctx: CallContext) => SMS_SENT),
    'otp.verifySms': vi.fn(async (_input: unknown, _ctx: CallContext) => ({ status: 'SMS_VERIFIED' as const })),
    'otp.issueAppCode': vi.fn(async (_input: unknown, _ctx: CallContext) => ({ appRegistrationCode: '12345678', expiresAt: '2025-03-03T01:00:00.000Z' })),
    'otp.status': vi.fn(async (_input: unknown, _ctx: CallContext) => ({ registrationId: 'reg-1', status: 'SMS_SENT' as const })),
    'otp.cancel': vi.fn(async (_input: unknown, _ctx: CallContext) => ({ registrationId: 'reg-1', status: 'CANCELLED' as const })),
    'otp.checkOtp': vi.fn(async (_input: unknown, _ctx: CallContext) => ({ ok: true as const })),
    'card.lookup': vi.fn(async (_input: unknown, _ctx: CallContext) => ({ status: 'IN_STOCK' as const, issuingInstitutionCode: '088', ourInstitutionCode: '088' })),
    'card.enroll': vi.fn(async (_input: unknown, _ctx: CallContext) => ({
      deviceId: 'dev-2', kind: 'SMART_OTP' as const, status: 'ACTIVE' as const, failCount: 0, maxFail: 10,
      institutionCode: '088', registeredAt: '2025-03-03T00:00:00.000Z', lastUsedAt: null, notified: ['010-****-5678'],
    })),
    'card.replace': vi.fn(async (_input: unknown, _ctx: CallContext) => ({
      deviceId: 'dev-3', oldDeviceId: 'dev-2', reregisterAt: ['020'], fee: { code: 'SMART_OTP_REPLACE' as const, amount: 5000, waived: false },
      notified: ['010-****-5678'], receiptNo: '20250303-000002',
      device: { ...A_DEVICE, deviceId: 'dev-3', kind: 'SMART_OTP' as const }, oldDevice: { ...A_DEVICE, deviceId: 'dev-2', kind: 'SMART_OTP' as const, status: 'REPLACED' as const },
    })),
    'customer.devices': vi.fn(async (_input: { customerRef: string }, _ctx: CallContext) => []),
    'dayEnd.summary': vi.fn(async (_input: Record<string, never>, _ctx: CallContext) => A_DAY_SUMMARY),
    'dayEnd.prepare': vi.fn(async (_input: unknown, _ctx: CallContext) => ({
      businessDate: '2025-03-03', journalSeq: 7, headHash: 'a'.repeat(64), summary: A_DAY_SUMMARY,
    })),
    'dayEnd.close': vi.fn(async (_input: unknown, _ctx: CallContext) => ({ closeRef: 'close-1', closedAt: '2025-03-03T09:00:00.000Z' })),
    'dayEnd.reopen': vi.fn(async (_input: unknown, _ctx: CallContext) => ({ closeRef: 'close-1', reopenedAt: '2025-03-03T09:30:00.000Z' })),
    'stock.list': vi.fn(async (_input: Record<string, never>, _ctx: CallContext) => ({
      count: 1, cards: [{ vendorCode: '001', serial: '100000000001', deliveryRef: 'SEED-0001', receivedAt: '2025-03-03T00:00:00.000Z' }],
    })),
    'stock.receive': vi.fn(async (_input: unknown, _ctx: CallContext) => ({ received: 10, deliveryRef: 'DLV-1' })),
    'stock.count': vi.fn(async (_input: unknown, _ctx: CallContext) => ({
      countId: 'cnt-1', expected: 1, counted: 1, missing: [], unexpected: [],
    })),
    'stock.dispose': vi.fn(async (_input: unknown, _ctx: CallContext) => ({
      disposalRef: 'dsp-1', status: 'REVOKED' as const, disposedAt: '2025-03-03T00:30:00.000Z',
    })),
    'worklist.pendingActivations': vi.fn(async (_input: Record<string, never>, _ctx: CallContext) => ({
      items: [{ registrationId: 'reg-9', maskedName: '홍*동', maskedMobile: '010-****-5678', staffId: 'T0002', appCodeExpiresAt: '2025-03-03T01:00:00.000Z' }],
    })),
    'worklist.restrictedDevices': vi.fn(async (_input: Record<string, never>, _ctx: CallContext) => ({ items: [] })),
    'training.smsOutbox': vi.fn(async (_input: { registrationId: string } | { mobileNumber: string }, _ctx: CallContext) => ({
      maskedMobile: '010-****-5678',
      messages: [],
    })),
    'training.activateApp': vi.fn(async (_input: { appRegistrationCode: string; rooted: boolean }, _ctx: CallContext) => ({ deviceId: 'dev-1' })),
    'training.currentOtp': vi.fn(async (_input: { deviceId: string }, _ctx: CallContext) => ({ otp: '123456' })),
    'training.useOtp': vi.fn(async (_input: { deviceId: string; otp: string }, _ctx: CallContext) => ({ ok: true as const })),
    'training.clock': vi.fn(async (_input: Record<string, never>, _ctx: CallContext) => ({ now: '2025-03-03T00:00:00.000Z' })),
    'training.advanceClock': vi.fn(async (_input: { minutes: number }, _ctx: CallContext) => ({ now: '2025-03-03T00:31:00.000Z' })),
    'training.reset': vi.fn(async (_input: Record<string, never>, _ctx: CallContext) => ({ reset: true as const })),
  } satisfies Handlers;
}

export type SpyHandlers = ReturnType<typeof spyHandlers>;

/** Every answer must be a well-formed Result, whatever went wrong. */
export function expectWellFormed(result: Result<unknown>): void {
  expect(resultSchema(z.unknown()).safeParse(result).success).toBe(true);
}

export function expectFailure(result: Result<unknown>): ErrorInfo {
  expectWellFormed(result);
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result)}`);
  return result.error;
}

export function expectValue(result: Result<unknown>): unknown {
  expectWellFormed(result);
  if (!result.ok) throw new Error(`expected a value, got ${JSON.stringify(result)}`);
  return result.value;
}

export const allSpies = (handlers: SpyHandlers) => Object.values(handlers);

export interface RouterParts {
  clock: TestClock;
  db: SandboxDb;
  sessions: StaffSessions;
  handlers: SpyHandlers;
  log: MemoryLog;
  router: Router;
}

/** The console's router over spy handlers, with real staff sessions against an in-memory sandbox. */
export function createRouterParts(): RouterParts {
  const clock = testClock();
  const db = openSandboxDb(':memory:');
  const sessions = new StaffSessions({
    issuer: new InProcessIssuer(new SandboxIssuer({ db, now: clock.now }), TERMINAL),
    events: new ConsoleEvents(),
    now: clock.now,
    idleLockSeconds: 180,
  });
  const handlers = spyHandlers();
  const log = memoryLog();
  return { clock, db, sessions, handlers, log, router: createRouter<Contract>({ handlers, sessions, log: log.log }) };
}
