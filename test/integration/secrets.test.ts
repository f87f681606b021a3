import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { expect } from 'chai';
import { HOME } from './support';

const mode = (file: string): number => statSync(file).mode & 0o777;

/** What every process this user can inspect was started with: its argv and environment. */
function processTexts(): { pid: string; text: string }[] {
  const texts: { pid: string; text: string }[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    for (const part of ['cmdline', 'environ']) {
      try {
        texts.push({ pid, text: readFileSync(path.join('/proc', pid, part)).toString('latin1') });
      } catch {
        // Gone, or another user's: not ours to read.
      }
    }
  }
  return texts;
}

describe('network secrets on the running network', function () {
  const secretsDir = path.join(HOME, 'secrets');
  const holderRefKey = path.join(secretsDir, 'holderRefKey');

  it('keeps the runtime directory and its secrets to the owner (0700, 0700, 0600)', function () {
    expect(mode(HOME).toString(8)).to.equal('700');
    expect(mode(secretsDir).toString(8)).to.equal('700');
    for (const name of readdirSync(secretsDir)) {
      expect(mode(path.join(secretsDir, name)).toString(8), name).to.equal('600');
    }
  });

  it('has no process with the holder-reference key in its command line or environment', function () {
    if (!existsSync(holderRefKey)) this.skip();
    const secret = readFileSync(holderRefKey, 'utf8').trim();
    const forms = [secret, Buffer.from(secret).toString('base64')];
    const holders = processTexts()
      .filter(({ text }) => forms.some((form) => text.includes(form)))
      .map(({ pid }) => pid);
    expect(holders).to.deep.equal([]);
  });
});
