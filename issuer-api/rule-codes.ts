import { z } from 'zod';

/**
 * Stable codes: error codes (`SMS_CODE_MISMATCH`) and the rule names our schemas use as their
 * messages (`RRN_FORMAT`). Each side translates them; none of them carries what was typed.
 */
export const CODE_PATTERN = /^[A-Z][A-Z0-9_]*$/;
export const CodeSchema = z.string().regex(CODE_PATTERN);

/**
 * Which fields failed and the rule each broke: `{ "document.issueDate": "DATE_INVALID" }`. Our
 * rule name where the schema has one, else zod's issue code (`invalid_type`); an unknown field is
 * named itself (`{ pin: "unrecognized_keys" }`). Never the value: it may be an RRN or a password.
 * `whole` names the input itself when the issue is about all of it (not an object, say).
 */
export function fieldRules(issues: readonly z.core.$ZodIssue[], whole: string): Record<string, string> {
  const fields: Record<string, string> = {};
  const name = (path: readonly PropertyKey[]) => (path.length > 0 ? path.map(String).join('.') : whole);
  const note = (field: string, rule: string) => {
    fields[field] ??= rule; // the first rule a field breaks is the one to fix first
  };
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) note(name([...issue.path, key]), issue.code);
    } else {
      note(name(issue.path), CODE_PATTERN.test(issue.message) ? issue.message : issue.code);
    }
  }
  return fields;
}
