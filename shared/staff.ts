import { z } from 'zod';
import { RoleSchema } from '../issuer-api/schemas.js';
import { PASSWORD_MAX_LENGTH, STAFF_ID_PATTERN } from './login-rules.js';

/** Staff IDs are a role letter and four digits (T0001, S0001). Typed lower case is accepted. */
export const StaffIdSchema = z.string().trim().toUpperCase().regex(STAFF_ID_PATTERN, 'STAFF_ID_FORMAT');

export const PasswordSchema = z.string().min(1, 'PASSWORD_REQUIRED').max(PASSWORD_MAX_LENGTH);

/** The staff session as the renderer sees it: the issuer's token never leaves the main process. */
export const StaffSessionSchema = z.object({
  staffId: z.string(),
  name: z.string(),
  role: RoleSchema,
  expiresAt: z.iso.datetime(),
  /** The console locked itself after idleLockSeconds without input: only this staff member's password opens it. */
  locked: z.boolean(),
  idleLockSeconds: z.number().int().positive(),
});
export type StaffSession = z.infer<typeof StaffSessionSchema>;
