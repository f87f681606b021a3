import { expect } from 'chai';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { clean, nestedHomes } from '@govchain/network';

describe('network:clean', function () {
  let saved: string | undefined;
  let root: string;

  beforeEach(function () {
    saved = process.env.GOVCHAIN_HOME;
    root = mkdtempSync(path.join(tmpdir(), 'govchain-clean-'));
  });

  afterEach(function () {
    if (saved === undefined) Reflect.deleteProperty(process.env, 'GOVCHAIN_HOME');
    else process.env.GOVCHAIN_HOME = saved;
  });

  it("refuses to remove a home holding another network's runtime directory, and removes nothing", async function () {
    const home = path.join(root, '.govchain');
    const test = path.join(home, 'test');
    mkdirSync(path.join(test, 'run'), { recursive: true });
    writeFileSync(path.join(test, 'network.json'), '{}');
    writeFileSync(path.join(home, 'network.json'), '{}');
    Reflect.deleteProperty(process.env, 'GOVCHAIN_HOME');
    expect(nestedHomes(root, home)).to.deep.equal([test]);
    const lines: string[] = [];
    await expect(clean(root, (line) => lines.push(line))).to.be.rejectedWith(
      `${home} holds the runtime directory of another network (${test}); clean that one first (GOVCHAIN_HOME=${test} npm run network:clean) — nothing was stopped or removed`,
    );
    expect(existsSync(path.join(test, 'network.json'))).to.equal(true);
    expect(lines).to.deep.equal([]);
  });

  it('removes a home whose subdirectories are its own', async function () {
    const home = path.join(root, 'home');
    mkdirSync(path.join(home, 'logs'), { recursive: true });
    writeFileSync(path.join(home, 'network.json'), '{}');
    process.env.GOVCHAIN_HOME = home;
    expect(nestedHomes(root, home)).to.deep.equal([]);
    await clean(root, () => undefined);
    expect(existsSync(home)).to.equal(false);
  });
});
