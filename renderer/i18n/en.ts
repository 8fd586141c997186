import type { ErrorCode } from '../../shared/errors.js';
import type { MessageKey } from './ko.js';

/** The English catalogue: every Korean key, no more, no less (the types make a missing one an error). */
export const errors: Record<ErrorCode, string> = {
  INVALID_CREDENTIALS: 'Staff ID or password is incorrect.',
  STAFF_LOCKED: 'The staff account is locked after 5 wrong passwords. Ask a supervisor to unlock it.',
  UNAUTHENTICATED: 'The issuer has ended your staff session. Please log in again.',
  INVALID_INPUT: 'Please check what you entered.',
  UNKNOWN_CHANNEL: 'The console does not know this request. Please contact IT.',
  NOT_LOGGED_IN: 'Please log in first.',
  SESSION_EXPIRED: 'Your session has expired. Please log in again.',
  FORBIDDEN_ROLE: 'Only a supervisor can do this.',
  ISSUER_UNREACHABLE: 'The issuer cannot be reached. Check the network and try again.',
  ISSUER_BAD_RESPONSE: 'The issuer sent an answer the console cannot understand. Please contact IT.',
  TRANSPORT_FAILED: 'The connection to the console was lost. Check on screen whether the request went through, then try again.',
  FORBIDDEN_SENDER: 'The request came from a screen that is not allowed.',
  INTERNAL: 'The console hit an internal error. Please contact IT.',
};

type Catalogue = { [K in MessageKey]: string };

export const en: Catalogue = {
  'app.title': 'Branch OTP Console',
  'training.banner': 'TRAINING MODE · not real transactions',
  'status.label': 'Status',
  'status.issuer.CHECKING': 'Checking issuer',
  'status.issuer.REACHABLE': 'Issuer reachable',
  'status.issuer.UNREACHABLE': 'Issuer unreachable',
  'status.reader.PCSC_UNAVAILABLE': 'PC/SC service not running',
  'status.reader.NO_READER': 'No reader',
  'status.reader.READER_READY': 'Reader ready',
  'status.reader.CARD_PRESENT': 'Card present',
  'status.terminal': 'Terminal {terminalId} · branch {branchCode}',
  'language.switch': '한국어',
  'language.switchLabel': '한국어로 전환',
  'login.heading': 'Staff login',
  'login.staffId': 'Staff ID',
  'login.password': 'Password',
  'login.submit': 'Log in',
  'login.submitting': 'Logging in…',
  'login.hint': 'Enter your staff ID and password, then press Enter.',
  'login.attemptsLeft': 'Attempts left: {attemptsLeft}',
  'login.sessionExpired': 'Your session expired and you were logged out. Please log in again.',
  'login.loggedOut': 'You have logged out.',
  'validation.STAFF_ID_FORMAT': 'A staff ID is one letter and 4 digits (e.g. T0001).',
  'validation.PASSWORD_REQUIRED': 'Enter your password.',
  'home.heading': 'Workspace',
  'home.welcome': 'Welcome, {name}.',
  'home.role.TELLER': 'Teller',
  'home.role.SUPERVISOR': 'Supervisor',
  'home.sessionUntil': 'Session ends at {time}',
  'home.logout': 'Log out',
  'host.noSecret.heading': 'Check the address',
  'host.noSecret.body': 'Open the console at the address npm start printed (it includes #secret=…).',
  'shortcut.enter': 'Enter: continue',
};
