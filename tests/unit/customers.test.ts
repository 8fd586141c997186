import { describe, expect, it } from 'vitest';
import { CustomerService } from '../../main/jobs/customers.js';
import { DeviceJobs } from '../../main/jobs/device-jobs.js';
import { HeldApprovals } from '../../main/staff/approvals.js';
import { InProcessIssuer } from '../../main/issuer/in-process.js';
import { SandboxIssuer } from '../../sandbox/sandbox-issuer.js';
import { openSandboxDb } from '../../sandbox/store/store.js';
import { IdentityCheckRequestSchema } from '../../issuer-api/schemas.js';
import { BRANCH_088, identityCheckBody, type SeedCustomer } from '../support/issuer-fixtures.js';

describe('CustomerService and DeviceJobs: the identity check, the customer page, a loss report', () => {
  const db = openSandboxDb(':memory:');
  const issuer = new InProcessIssuer(new SandboxIssuer({ db }), BRANCH_088);
  const service = new CustomerService(issuer);
  const deviceJobs = new DeviceJobs(issuer, new HeldApprovals(issuer), (customerRef, token) => service.devices(customerRef, token));

  const identify = async (who: SeedCustomer, change: { name?: string } = {}) => {
    const { token } = await issuer.call('login', { body: { staffId: 'T0001', password: 'teller-pass-1' } });
    return service.identify(IdentityCheckRequestSchema.parse({ ...identityCheckBody(who), ...change }), token);
  };

  it('answers a verified customer with masked identity and devices, and never the full RRN', async () => {
    const result = await identify('kim');
    expect(result).toMatchObject({ result: 'VERIFIED', maskedRrn: '850615-2******', rrnChecksumWarning: false });
    expect(result.customer?.devices.map((d) => d.kind).sort()).toEqual(['DIGITAL_OTP', 'SMART_OTP']);
    expect(JSON.stringify(result)).not.toContain('2234565');
  });

  it('warns about a number without a valid check digit, and still verifies it', async () => {
    expect(await identify('park')).toMatchObject({ result: 'VERIFIED', rrnChecksumWarning: true, customer: { name: '박서준' } });
  });

  it('gives no customer for a mismatch or a document reported lost', async () => {
    const mismatch = await identify('hong', { name: '홍길순' });
    expect(mismatch).toMatchObject({ result: 'MISMATCH' });
    expect(mismatch.customer).toBeUndefined();
    expect((await identify('jung')).customer).toBeUndefined();
  });

  it('files a loss report once, however often the teller retries with the same key', async () => {
    const { token } = await issuer.call('login', { body: { staffId: 'T0001', password: 'teller-pass-1' } });
    const kim = await service.identify(IdentityCheckRequestSchema.parse(identityCheckBody('kim')), token);
    const input = {
      customerRef: kim.customer!.customerRef,
      deviceId: 'dev-kim-digital',
      reason: 'STOLEN' as const,
      idempotencyKey: '3b9d8f0e-2f54-4c3e-9a0a-5f1d2c3b4a59',
    };
    const first = await deviceJobs.reportLoss(input, token, '20261202-000007');
    const again = await deviceJobs.reportLoss(input, token, '20261202-000008');
    expect(again.reportRef).toBe(first.reportRef);
    expect(first.device).toMatchObject({ deviceId: 'dev-kim-digital', status: 'LOST', lossReason: 'STOLEN' });
    expect(db.prepare('SELECT count(*) AS n FROM loss_reports').get()).toEqual({ n: 1 });
  });
});
