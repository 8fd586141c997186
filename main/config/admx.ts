import { z } from 'zod';
import { POLICIES, POLICY_PRODUCT, POLICY_VENDOR, type Policy } from './policies.js';
import { ConsoleConfigSchema } from './settings.js';

/**
 * Group Policy templates made from the policy table and the settings schema, so that what IT can
 * set in the Group Policy editor is exactly what the console reads (`npm run policy-templates`
 * writes them; a test fails when the committed ones are stale).
 */
export const POLICY_TEMPLATE_DIR = 'resources/policy';
export const POLICY_TEMPLATE_NAME = 'BranchOTPConsole';
export const ADML_LANGUAGES = { 'en-US': 'en', 'ko-KR': 'ko' } as const;
export type AdmlLanguage = keyof typeof ADML_LANGUAGES;

const NAMESPACE = 'http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions';
const REGISTRY_KEY = `Software\\Policies\\${POLICY_VENDOR}\\${POLICY_PRODUCT}`;
const CATEGORY = 'BranchOTPConsole';
const SUPPORTED = 'SUPPORTED_Console_0_1';

/** The schema of the setting at a config.json path (`issuer.url`), or undefined when there is none. */
export function settingSchemaAt(key: string): z.ZodType | undefined {
  let node: z.ZodType | undefined = ConsoleConfigSchema;
  for (const name of key.split('.')) {
    node = node ? unwrap(node) : undefined;
    node = node instanceof z.ZodObject ? (node.shape as Record<string, z.ZodType>)[name] : undefined;
  }
  return node ? unwrap(node) : undefined;
}

function unwrap(schema: z.ZodType): z.ZodType {
  let node: z.ZodType = schema;
  while (node instanceof z.ZodOptional || node instanceof z.ZodDefault || node instanceof z.ZodPipe) {
    node = node instanceof z.ZodPipe ? (node.def.in as z.ZodType) : (node.def.innerType as z.ZodType);
  }
  return node;
}

function numberRange(policy: Policy): { min?: number; max?: number } {
  const schema = settingSchemaAt(policy.key);
  if (!(schema instanceof z.ZodNumber)) throw new Error(`policy ${policy.name}: ${policy.key} is not a number setting`);
  return { min: schema.minValue ?? undefined, max: schema.maxValue ?? undefined };
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function admxElement(policy: Policy): string {
  const id = `id="${policy.name}" valueName="${policy.name}"`;
  if (policy.kind === 'number') {
    const { min, max } = numberRange(policy);
    return `<decimal ${id}${min !== undefined ? ` minValue="${min}"` : ''}${max !== undefined ? ` maxValue="${max}"` : ''} />`;
  }
  if (policy.kind === 'choice') {
    const items = (policy.choices ?? []).map(
      (choice) => `\n          <item displayName="$(string.${policy.name}_${choice})"><value><string>${escapeXml(choice)}</string></value></item>`,
    );
    return `<enum ${id}>${items.join('')}\n        </enum>`;
  }
  return `<text ${id} required="true" />`;
}

export function renderAdmx(): string {
  const policies = POLICIES.map(
    (policy) => `    <policy name="${policy.name}" class="Machine" displayName="$(string.${policy.name})" explainText="$(string.${policy.name}_Explain)" key="${REGISTRY_KEY}" presentation="$(presentation.${policy.name})">
      <parentCategory ref="${CATEGORY}" />
      <supportedOn ref="${SUPPORTED}" />
      <elements>
        ${admxElement(policy)}
      </elements>
    </policy>`,
  );
  return `<?xml version="1.0" encoding="utf-8"?>
<!-- Generated from main/config/policies.ts by npm run policy-templates: do not edit. -->
<policyDefinitions revision="1.0" schemaVersion="1.0" xmlns="${NAMESPACE}">
  <policyNamespaces>
    <target prefix="branchotpconsole" namespace="${POLICY_VENDOR}.Policies.${POLICY_PRODUCT}" />
  </policyNamespaces>
  <resources minRequiredRevision="1.0" />
  <supportedOn>
    <definitions>
      <definition name="${SUPPORTED}" displayName="$(string.${SUPPORTED})" />
    </definitions>
  </supportedOn>
  <categories>
    <category name="${CATEGORY}" displayName="$(string.${CATEGORY})" />
  </categories>
  <policies>
${policies.join('\n')}
  </policies>
</policyDefinitions>
`;
}

function admlPresentation(policy: Policy, title: string): string {
  if (policy.kind === 'number') {
    const defaults = ConsoleConfigSchema.parse({}) as Record<string, unknown>;
    const value = policy.key.split('.').reduce<unknown>((node, name) => (node as Record<string, unknown> | undefined)?.[name], defaults);
    const defaultValue = typeof value === 'number' ? ` defaultValue="${value}"` : '';
    return `<decimalTextBox refId="${policy.name}"${defaultValue}>${escapeXml(title)}</decimalTextBox>`;
  }
  if (policy.kind === 'choice') return `<dropdownList refId="${policy.name}" noSort="true">${escapeXml(title)}</dropdownList>`;
  return `<textBox refId="${policy.name}"><label>${escapeXml(title)}</label></textBox>`;
}

export function renderAdml(language: AdmlLanguage): string {
  const lang = ADML_LANGUAGES[language];
  const product = lang === 'ko' ? 'Branch OTP Console (지점 OTP 콘솔)' : 'Branch OTP Console';
  const strings = [
    [CATEGORY, product],
    [SUPPORTED, lang === 'ko' ? 'Branch OTP Console 0.1 이상' : 'Branch OTP Console 0.1 or later'],
    ...POLICIES.flatMap((policy) => [
      [policy.name, policy[lang].title],
      [`${policy.name}_Explain`, policy[lang].explain],
      ...(policy.choices ?? []).map((choice) => [`${policy.name}_${choice}`, choice === 'ko' ? '한국어' : choice === 'en' ? 'English' : choice]),
    ]),
  ];
  return `<?xml version="1.0" encoding="utf-8"?>
<!-- Generated from main/config/policies.ts by npm run policy-templates: do not edit. -->
<policyDefinitionResources revision="1.0" schemaVersion="1.0" xmlns="${NAMESPACE}">
  <displayName>${escapeXml(product)}</displayName>
  <description>${escapeXml(product)}</description>
  <resources>
    <stringTable>
${strings.map(([id, text]) => `      <string id="${id}">${escapeXml(text!)}</string>`).join('\n')}
    </stringTable>
    <presentationTable>
${POLICIES.map((policy) => `      <presentation id="${policy.name}">${admlPresentation(policy, policy[lang].title)}</presentation>`).join('\n')}
    </presentationTable>
  </resources>
</policyDefinitionResources>
`;
}

/** Every template file, by its path under the project. */
export function policyTemplates(): Record<string, string> {
  return {
    [`${POLICY_TEMPLATE_DIR}/${POLICY_TEMPLATE_NAME}.admx`]: renderAdmx(),
    ...Object.fromEntries(
      (Object.keys(ADML_LANGUAGES) as AdmlLanguage[]).map((language) => [
        `${POLICY_TEMPLATE_DIR}/${language}/${POLICY_TEMPLATE_NAME}.adml`,
        renderAdml(language),
      ]),
    ),
  };
}
