import { DOMParser } from '@xmldom/xmldom';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { policyTemplates, renderAdml, renderAdmx, settingSchemaAt } from '../../main/config/admx.js';
import { loadConfiguration } from '../../main/config/load.js';
import { POLICIES } from '../../main/config/policies.js';

const parseXml = (text: string) => {
  const errors: string[] = [];
  // xmldom reports a mismatched tag only as a warning: any report at all fails.
  const doc = new DOMParser({ errorHandler: (level: string, message: string) => void errors.push(`${level}: ${message}`) }).parseFromString(text, 'text/xml');
  expect(errors).toEqual([]);
  return doc;
};
const attributes = (doc: Document, tag: string, name: string) => Array.from(doc.getElementsByTagName(tag), (element) => element.getAttribute(name) ?? '');

describe('Group Policy templates', () => {
  it('are committed as `npm run policy-templates` makes them', () => {
    for (const [file, text] of Object.entries(policyTemplates())) expect(readFileSync(file, 'utf8'), `${file} is stale`).toBe(text);
  });

  it('map every policy to a setting of the console, with a matching type', () => {
    for (const policy of POLICIES) {
      const schema = settingSchemaAt(policy.key);
      expect(schema, `${policy.name} → ${policy.key}`).toBeDefined();
      const type = { number: 'number', text: 'string', choice: 'enum' }[policy.kind];
      expect(schema?.def.type, policy.name).toBe(type);
      if (policy.kind === 'choice') expect((schema as z.ZodEnum).options, policy.name).toEqual(policy.choices);
    }
    expect(settingSchemaAt('issuer.nonsense')).toBeUndefined();
  });

  it('declare each policy once, as a machine policy under the console key, with strings and a presentation in both languages', () => {
    const admx = parseXml(renderAdmx());
    expect(attributes(admx, 'policy', 'name')).toEqual(POLICIES.map((policy) => policy.name));
    expect(new Set(attributes(admx, 'policy', 'class'))).toEqual(new Set(['Machine']));
    expect(new Set(attributes(admx, 'policy', 'key'))).toEqual(new Set(['Software\\Policies\\BranchOTP\\Console']));
    const referenced = [...renderAdmx().matchAll(/\$\(string\.(\w+)\)/g)].map((match) => match[1]);
    for (const language of ['en-US', 'ko-KR'] as const) {
      const adml = parseXml(renderAdml(language));
      const strings = new Set(attributes(adml, 'string', 'id'));
      for (const id of referenced) expect(strings.has(id!), `${language}: string ${id}`).toBe(true);
      expect(attributes(adml, 'presentation', 'id')).toEqual(POLICIES.map((policy) => policy.name));
    }
  });

  it('bound a number policy by the setting’s own rule', () => {
    const admx = renderAdmx();
    expect(admx).toContain('<decimal id="IdleLockSeconds" valueName="IdleLockSeconds" minValue="5" maxValue="3600" />');
    expect(loadConfiguration({ policy: { origin: 'test', values: { IdleLockSeconds: 3601 } }, file: '/nonexistent/config.json' }).ok).toBe(false);
  });

  it('offer exactly the choices the console accepts', () => {
    for (const choice of POLICIES.find((policy) => policy.name === 'Language')!.choices!) {
      expect(loadConfiguration({ policy: { origin: 'test', values: { Language: choice } }, file: '/nonexistent/config.json' }).ok).toBe(true);
    }
  });
});
