/**
 * The settings IT may set by machine policy: on Windows as values under POLICY_REGISTRY_KEY
 * (written by the MSI's properties or by Group Policy through the ADMX templates), elsewhere as
 * the same names in a JSON policy file. One table: the loader, the installer definition and the
 * ADMX/ADML templates are all made from it.
 */
export const POLICY_VENDOR = 'BranchOTP';
export const POLICY_PRODUCT = 'Console';
export const POLICY_REGISTRY_KEY = `HKLM\\SOFTWARE\\Policies\\${POLICY_VENDOR}\\${POLICY_PRODUCT}`;

export interface Policy {
  /** The registry value / policy-file name. */
  name: string;
  /** The setting's path in config.json. */
  key: string;
  kind: 'text' | 'number' | 'choice';
  /** Choices of a `choice` policy, as stored. */
  choices?: readonly string[];
  /** The MSI property that sets it at install time, if any. */
  msiProperty?: string;
  /** For the ADML templates: a short title and an explanation, in English and Korean. */
  en: { title: string; explain: string };
  ko: { title: string; explain: string };
}

export const POLICIES: readonly Policy[] = [
  {
    name: 'IssuerUrl',
    key: 'issuer.url',
    kind: 'text',
    msiProperty: 'ISSUER_URL',
    en: { title: 'Issuer URL', explain: 'The issuer API this counter talks to (https only). Not set: the console runs in training mode.' },
    ko: { title: '발급기관 주소', explain: '이 창구가 연결할 발급기관 API 주소(https만 허용). 설정하지 않으면 연습 모드로 실행됩니다.' },
  },
  {
    name: 'InstitutionCode',
    key: 'terminal.institutionCode',
    kind: 'text',
    msiProperty: 'INSTITUTION_CODE',
    en: { title: 'Institution code', explain: "The bank's 3-digit institution code, e.g. 088." },
    ko: { title: '기관 코드', explain: '은행의 3자리 기관 코드(예: 088).' },
  },
  {
    name: 'BranchCode',
    key: 'terminal.branchCode',
    kind: 'text',
    msiProperty: 'BRANCH_CODE',
    en: { title: 'Branch code', explain: 'The 4-digit branch code, e.g. 0101.' },
    ko: { title: '지점 코드', explain: '4자리 지점 코드(예: 0101).' },
  },
  {
    name: 'TerminalId',
    key: 'terminal.terminalId',
    kind: 'text',
    msiProperty: 'TERMINAL_ID',
    en: { title: 'Terminal ID', explain: "This counter PC's terminal ID, e.g. T-0101-03; it appears in every journal entry." },
    ko: { title: '단말 번호', explain: '이 창구 PC의 단말 번호(예: T-0101-03). 모든 전자저널에 기록됩니다.' },
  },
  {
    name: 'ClientCertFile',
    key: 'issuer.clientCertFile',
    kind: 'text',
    msiProperty: 'CLIENT_CERT_FILE',
    en: { title: 'Client certificate file', explain: "The terminal's client certificate (PEM). A relative path is taken from the console's data folder." },
    ko: { title: '클라이언트 인증서 파일', explain: '단말의 클라이언트 인증서(PEM). 상대 경로는 콘솔 데이터 폴더 기준입니다.' },
  },
  {
    name: 'ClientKeyFile',
    key: 'issuer.clientKeyFile',
    kind: 'text',
    msiProperty: 'CLIENT_KEY_FILE',
    en: { title: 'Client key file', explain: "The client certificate's private key (PEM), readable only by the console's users." },
    ko: { title: '클라이언트 개인키 파일', explain: '클라이언트 인증서의 개인키(PEM). 콘솔 사용자만 읽을 수 있어야 합니다.' },
  },
  {
    name: 'CaFile',
    key: 'issuer.caFile',
    kind: 'text',
    msiProperty: 'CA_FILE',
    en: { title: 'Issuer CA file', explain: "The CA bundle (PEM) that signs the issuer's server certificate." },
    ko: { title: '발급기관 CA 파일', explain: '발급기관 서버 인증서를 서명한 CA 묶음(PEM).' },
  },
  {
    name: 'ClientCertSubject',
    key: 'issuer.clientCertSubject',
    kind: 'text',
    msiProperty: 'CLIENT_CERT_SUBJECT',
    en: {
      title: 'Client certificate in the Windows store',
      explain: "The subject common name of the terminal's certificate in the Windows certificate store (its key may be non-exportable). Use instead of the PEM files.",
    },
    ko: {
      title: 'Windows 인증서 저장소의 클라이언트 인증서',
      explain: 'Windows 인증서 저장소에 있는 단말 인증서의 주체 CN(개인키 내보내기 불가 가능). PEM 파일 대신 사용합니다.',
    },
  },
  {
    name: 'IdleLockSeconds',
    key: 'idleLockSeconds',
    kind: 'number',
    msiProperty: 'IDLE_LOCK_SECONDS',
    en: { title: 'Idle lock (seconds)', explain: 'The counter locks after this many seconds without input (5 to 3600; default 180).' },
    ko: { title: '자동 잠금(초)', explain: '입력이 없으면 이 시간(초) 뒤에 창구 화면이 잠깁니다(5~3600, 기본 180).' },
  },
  {
    name: 'Language',
    key: 'locale',
    kind: 'choice',
    choices: ['ko', 'en'],
    en: { title: 'Console language', explain: 'Fixes the console language; staff cannot change it at the counter.' },
    ko: { title: '콘솔 언어', explain: '콘솔 언어를 고정합니다. 창구에서 바꿀 수 없습니다.' },
  },
];

export const policyForKey = (key: string): Policy | undefined => POLICIES.find((policy) => policy.key === key);
