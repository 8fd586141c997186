import type { TerminalIdentity } from '../../issuer-api/schemas.js';
import type { Issuer } from './issuer.js';
import type { SandboxIssuer } from '../../sandbox/sandbox-issuer.js';

/**
 * Training mode: the sandbox issuer called in-process, as this terminal. The same rules as over
 * HTTP, without the network; the request is still validated by the sandbox against the contract.
 */
export class InProcessIssuer implements Issuer {
  constructor(
    private readonly sandbox: SandboxIssuer,
    private readonly terminal: TerminalIdentity,
  ) {}

  call: Issuer['call'] = (op, request, options = {}) =>
    this.sandbox.handle(op, request, {
      terminal: this.terminal,
      token: options.token,
      approvalToken: options.approvalToken,
      idempotencyKey: options.idempotencyKey,
    });
}
