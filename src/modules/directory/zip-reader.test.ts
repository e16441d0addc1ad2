import { describe, expect, it } from 'vitest';
import { makeZip } from '../../../test/helpers/zip.js';
import { looksLikeZip, readZip, ZipError } from './zip-reader.js';

const LIMITS = { maxEntries: 10, maxTotalBytes: 1024 * 1024 };
const problem = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err instanceof ZipError ? err.problem : String(err);
  }
  return 'no error';
};

describe('reading a ZIP archive', () => {
  it('gives back every file, deflated or stored, with its path, and skips folders', () => {
    const files = [
      { path: 'pacchetto/services.csv', content: 'id,name\n1,Sportello àèìòù\n' },
      { path: 'pacchetto/', content: '' },
      { path: 'pacchetto/datapackage.json', content: '{"resources":[]}' },
    ];
    for (const store of [false, true]) {
      const zip = makeZip(files, { store });
      expect(looksLikeZip(zip)).toBe(true);
      expect(readZip(zip, LIMITS).map((e) => [e.path, e.data.toString('utf8')])).toEqual([
        ['pacchetto/services.csv', 'id,name\n1,Sportello àèìòù\n'],
        ['pacchetto/datapackage.json', '{"resources":[]}'],
      ]);
    }
  });

  it('knows a ZIP by its bytes, not by its name', () => {
    expect(looksLikeZip(Buffer.from('id,name\n'))).toBe(false);
    expect(problem(() => readZip(Buffer.from('id,name\n1,a\n'.repeat(5)), LIMITS))).toBe('not_zip');
  });

  it('refuses, without unpacking, what would unpack beyond the limit or holds too many files', () => {
    expect(problem(() => readZip(makeZip([{ path: 'a.csv', content: Buffer.alloc(2 * 1024 * 1024) }]), LIMITS))).toBe('too_large');
    const many = Array.from({ length: 11 }, (_, i) => ({ path: `${i}.csv`, content: 'x' }));
    expect(problem(() => readZip(makeZip(many), LIMITS))).toBe('too_many_files');
  });

  it('refuses an entry that unpacks to more than its header says, and one whose content was altered', () => {
    const liar = makeZip([{ path: 'a.csv', content: Buffer.alloc(100_000, 0x41) }]);
    liar.writeUInt32LE(10, 22);
    liar.writeUInt32LE(10, liar.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])) + 24);
    expect(problem(() => readZip(liar, LIMITS))).toBe('too_large');

    const altered = makeZip([{ path: 'a.csv', content: 'id,name\n1,a\n' }], { store: true });
    altered[30 + 'a.csv'.length] = 'X'.charCodeAt(0);
    expect(problem(() => readZip(altered, LIMITS))).toBe('corrupt');
  });

  it('refuses encrypted entries', () => {
    const zip = makeZip([{ path: 'a.csv', content: 'x' }]);
    const central = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    zip.writeUInt16LE(zip.readUInt16LE(central + 8) | 1, central + 8);
    expect(problem(() => readZip(zip, LIMITS))).toBe('unsupported');
  });
});
