import type { ApprovalAction } from '../../issuer-api/schemas.js';
import type { ChannelArgs } from '../../shared/contract.js';
import { replacementRequest, type Approval, type ApprovedRequest } from '../../shared/supervisor.js';
import { approvalDigest } from '../../issuer-api/approval-digest.js';
import { IssuerError } from '../../issuer-api/errors.js';
import type { Issuer } from '../issuer/issuer.js';

/** The channels an approval opens to a teller's session, and the action each needs. */
const ACTION_OF_CHANNEL: Record<string, ApprovalAction> = {
  'device.unlock': 'DEVICE_UNLOCK',
  'device.releaseLoss': 'LOSS_REPORT_RELEASE',
  'stock.receive': 'STOCK_RECEIPT',
  'stock.dispose': 'STOCK_DISPOSAL',
  'dayEnd.close': 'DAY_END_CLOSE',
  'dayEnd.reopen': 'DAY_END_REOPEN',
};

interface HeldApproval {
  action: ApprovalAction;
  /** The staff session that asked for it: an approval never moves to another teller. */
  sessionToken: string;
  supervisorId: string;
}

/**
 * Dual control at the counter (ISSUER-API.md "Staff"). The override dialog sends a supervisor's ID
 * and password for one named request; the console asks the issuer for an approval bound to that
 * request's digest and keeps a note of it, so the router can let this teller's session call the
 * one supervisor channel it opens. The issuer still decides: it checks the supervisor, the
 * digest, the expiry and single use, and the console shows its answer.
 */
export class HeldApprovals {
  private readonly held = new Map<string, HeldApproval>();

  constructor(private readonly issuer: Issuer) {}

  async requestApproval(input: ChannelArgs<'approval.request'>, sessionToken: string): Promise<Approval> {
    const { supervisorId, password, request } = input;
    const actionDigest = digestOf(request);
    const approval = await this.issuer.call(
      'approve',
      { body: { supervisorId, password, action: request.action, actionDigest } },
      { token: sessionToken },
    );
    this.held.set(approval.approvalToken, { action: request.action, sessionToken, supervisorId: approval.supervisorId });
    return approval;
  }

  /** Whether this session holds an approval for the action behind `channel` (the router's question). */
  permits(channel: string, input: unknown, sessionToken: string): boolean {
    const action = ACTION_OF_CHANNEL[channel];
    const token = (input as { approvalToken?: unknown } | null)?.approvalToken;
    if (!action || typeof token !== 'string') return false;
    const approval = this.held.get(token);
    return approval !== undefined && approval.action === action && approval.sessionToken === sessionToken;
  }

  /** Who approved the request carrying this token (for the journal). */
  supervisorOf(approvalToken: string): string | null {
    return this.held.get(approvalToken)?.supervisorId ?? null;
  }

  /** Approvals of a session that has ended are of no use to anyone. */
  forgetSession(sessionToken: string): void {
    for (const [token, approval] of this.held) if (approval.sessionToken === sessionToken) this.held.delete(token);
  }

  /**
   * Runs the approved call. Once the issuer has answered, the approval is spent (used) or dead (refused): forget it. When
   * no answer came (unreachable), keep it: the retry carries the same idempotency key and token.
   */
  async spend<T>(approvalToken: string, call: () => Promise<T>): Promise<T> {
    try {
      const result = await call();
      this.held.delete(approvalToken);
      return result;
    } catch (error) {
      if (error instanceof IssuerError && error.code === 'APPROVAL_INVALID') this.held.delete(approvalToken);
      throw error;
    }
  }
}

/** The digest of the exact issuer call an approved request becomes. */
function digestOf(request: ApprovedRequest): string {
  switch (request.action) {
    case 'DEVICE_UNLOCK': {
      const { deviceId, reason, identityCheckId } = request;
      return approvalDigest('unlock', { params: { deviceId }, body: { reason, identityCheckId } });
    }
    case 'LOSS_REPORT_RELEASE':
      return approvalDigest('releaseLoss', { params: { deviceId: request.deviceId }, body: {} });
    case 'FEE_WAIVER':
      return approvalDigest('replaceCard', { body: replacementRequest({ ...request.replacement, oldDeviceId: request.deviceId }) });
    case 'STOCK_RECEIPT':
      return approvalDigest('receiveStock', { body: request.receipt });
    case 'STOCK_DISPOSAL':
      return approvalDigest('disposeStock', { body: request.disposal });
    case 'DAY_END_CLOSE':
      return approvalDigest('closeDay', { body: request.close });
    case 'DAY_END_REOPEN':
      return approvalDigest('reopenDay', { body: request.reopen });
  }
}
