// A stand-in for Electron's Windows dist where Electron's binary cannot be downloaded: one
// `electron.exe` that is an empty x64 PE image (it does not run), with what electron-builder edits
// in a real one: a version resource (for the asar integrity and version strings) and Electron's fuse
// wire, found by the sentinel @electron/fuses looks for. So the packaging steps are the real ones.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

// The same PE editor and fuse constants electron-builder uses (both come with it).
const builderRequire = createRequire(createRequire(import.meta.url).resolve('app-builder-lib/package.json'));
const { NtExecutable, NtExecutableResource, Resource } = builderRequire('resedit');
const { SENTINEL } = builderRequire('@electron/fuses/dist/constants.js');

/**
 * Electron's fuse wire as it ships (build/fuses/fuses.json5 in Electron): version 1, then one byte
 * per fuse, '1' on and '0' off, in this order. Electron 43 and later have nine fuses; the ninth,
 * wasm trap handlers, has no name in @electron/fuses 1.8.
 */
const FUSE_WIRE_VERSION = 1;
const ELECTRON_DEFAULT_FUSES = [
  ['runAsNode', '1'],
  ['enableCookieEncryption', '0'],
  ['enableNodeOptionsEnvironmentVariable', '1'],
  ['enableNodeCliInspectArguments', '1'],
  ['enableEmbeddedAsarIntegrityValidation', '0'],
  ['onlyLoadAppFromAsar', '0'],
  ['loadBrowserProcessSpecificV8Snapshot', '0'],
  ['grantFileProtocolExtraPrivileges', '1'],
  ['wasmTrapHandlers', '1'],
];

/** Writes `<dir>/electron.exe` and returns its path. */
export function writePlaceholderElectron(dir) {
  const exe = NtExecutable.createEmpty(false, false); // 64-bit, an .exe rather than a DLL
  const resources = NtExecutableResource.from(exe);
  const version = Resource.VersionInfo.createEmpty();
  version.lang = 1033;
  version.setStringValues({ lang: 1033, codepage: 1200 }, { FileDescription: 'placeholder for electron.exe' });
  version.outputToResourceEntries(resources.entries);
  resources.outputResource(exe);

  const states = ELECTRON_DEFAULT_FUSES.map(([, state]) => state).join('');
  const wire = Buffer.concat([
    Buffer.from(SENTINEL, 'ascii'),
    Buffer.from([FUSE_WIRE_VERSION, ELECTRON_DEFAULT_FUSES.length]),
    Buffer.from(states, 'ascii'),
  ]);
  // After the image's sections: PE tools (resedit included) carry such trailing data along.
  exe.setExtraData(wire);

  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'electron.exe');
  writeFileSync(file, Buffer.from(exe.generate()));
  return file;
}
