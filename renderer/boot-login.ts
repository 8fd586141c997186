/**
 * The login form index.html paints before any script has run, so a teller can type their staff ID
 * as soon as the page shows (the scripts that follow take a few hundred milliseconds to evaluate on
 * a counter PC). The login screen takes over what was typed there, and the field the teller was
 * in; any other first screen just removes it.
 */
const BOOT_FORM_ID = 'boot-login';
type Field = 'staffId' | 'password';

const bootInput = (name: Field) => document.getElementById(BOOT_FORM_ID)?.querySelector<HTMLInputElement>(`input[name="${name}"]`) ?? null;

/**
 * Puts the caret in the first-paint staff ID field now: the browser's own autofocus waits for its
 * next rendering, which comes only after the rest of the scripts have been evaluated.
 */
export function focusBootLogin(): void {
  // The form has no submit button, so Enter does nothing there: it is noted, and the login screen sends it.
  document.getElementById(BOOT_FORM_ID)?.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') enterPressed = true;
  });
  if (document.activeElement === document.body) bootInput('staffId')?.focus();
}
let enterPressed = false;

/**
 * The first-paint field the teller is in. Read while the login screen renders: once it commits,
 * its own autofocused field has taken the focus.
 */
export function bootFieldFocused(): Field | null {
  const active = document.activeElement;
  if (active && active === bootInput('password')) return 'password';
  return active && active === bootInput('staffId') ? 'staffId' : null;
}

/** What was typed into the first-paint form, taken once: the form leaves the page. */
export function takeBootLogin(): (Record<Field, string> & { enterPressed: boolean }) | null {
  const form = document.getElementById(BOOT_FORM_ID);
  if (!form) return null;
  const typed = { staffId: bootInput('staffId')?.value ?? '', password: bootInput('password')?.value ?? '', enterPressed };
  form.remove();
  return typed;
}
