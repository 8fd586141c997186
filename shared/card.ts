import { z } from 'zod';
import { InstitutionCodeSchema, SerialSchema, VendorCodeSchema } from '../issuer-api/domain.js';

/**
 * What can go wrong reading a Smart OTP card (SMART-OTP-CARD.md), each named precisely so the
 * teller is told what to do: tap again, use another card, or type the numbers from its back.
 */
export const CARD_ERROR_CODES = [
  /** SELECT answered 6A 82: the OTP application is not on the card. */
  'NOT_SMART_OTP',
  /** 69 85: the card refused for now (conditions of use not satisfied). */
  'CONDITIONS_NOT_SATISFIED',
  /** 6D 00: the card does not know the instruction. */
  'UNKNOWN_INSTRUCTION',
  /** Any other status word. */
  'UNEXPECTED_STATUS',
  /** A response shorter than a status word, or bytes that are not the expected structure. */
  'MALFORMED_RESPONSE',
  /** A TLV whose length runs past the end of the response. */
  'TLV_OVERRUN',
  /** A required tag (vendor code, serial) is missing. */
  'MISSING_TAG',
  /** A value with the wrong number of digits, or not digits at all. */
  'BAD_VALUE',
  /** The card left the field in the middle of the read. */
  'CARD_REMOVED',
  /** The card stopped answering. */
  'CARD_TIMEOUT',
  /** The reader itself failed. */
  'READER_ERROR',
] as const;
export const CardErrorCodeSchema = z.enum(CARD_ERROR_CODES);
export type CardErrorCode = z.infer<typeof CardErrorCodeSchema>;

export const CardIdentitySchema = z.object({
  vendorCode: VendorCodeSchema,
  serial: SerialSchema,
  issuingInstitutionCode: InstitutionCodeSchema.optional(),
});
export type CardIdentity = z.infer<typeof CardIdentitySchema>;

/** What the reader service tells the renderer about cards, as it happens. */
export const CardEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('present'), reader: z.string() }),
  z.object({ type: z.literal('read'), reader: z.string(), uid: z.string().regex(/^[0-9A-F]*$/), card: CardIdentitySchema }),
  z.object({
    type: z.literal('error'),
    reader: z.string(),
    code: CardErrorCodeSchema,
    /** e.g. the status word `6985`, or the tag that was missing. */
    detail: z.string().max(64).optional(),
  }),
  z.object({ type: z.literal('removed'), reader: z.string() }),
]);
export type CardEvent = z.infer<typeof CardEventSchema>;

/** What a card's lookup allows at this institution (ISSUER-API.md "Smart OTP card"). */
export type CardAction =
  | { kind: 'ISSUE' }
  | { kind: 'REGISTER' }
  | { kind: 'REFUSED'; code: 'CARD_NOT_USABLE' | 'HOLDER_MISMATCH' | 'CARD_NOT_IN_STOCK' | 'ALREADY_REGISTERED_AT_INSTITUTION' };

/**
 * Issue from this branch's stock, register a card issued elsewhere, or say why neither: the
 * console proposes, the issuer still decides (and says no with the same codes).
 */
export function proposeCardAction(
  lookup: { status: 'IN_STOCK' | 'ACTIVE' | 'LOST' | 'REVOKED'; issuingInstitutionCode: string; holderMatches?: boolean },
  ourInstitutionCode: string,
): CardAction {
  const ours = lookup.issuingInstitutionCode === ourInstitutionCode;
  if (lookup.status === 'LOST' || lookup.status === 'REVOKED') return { kind: 'REFUSED', code: 'CARD_NOT_USABLE' };
  if (lookup.status === 'IN_STOCK') return ours ? { kind: 'ISSUE' } : { kind: 'REFUSED', code: 'CARD_NOT_IN_STOCK' };
  if (lookup.holderMatches === false) return { kind: 'REFUSED', code: 'HOLDER_MISMATCH' };
  if (ours) return { kind: 'REFUSED', code: 'ALREADY_REGISTERED_AT_INSTITUTION' };
  return { kind: 'REGISTER' };
}
