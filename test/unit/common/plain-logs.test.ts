import { expect } from 'chai';
import { createRequire } from 'node:module';
import { honourNoColor } from '@govchain/chaincode-common';

interface ShimLogger {
  readonly format: { transform: (info: object, opts: object) => Record<symbol, unknown> };
}

/** One line as fabric-shim's own logger formats it. */
function shimLine(): string {
  const { getLogger } = createRequire(require.resolve('fabric-shim'))('./lib/logger') as {
    getLogger: (name: string) => ShimLogger;
  };
  const info = { level: 'info', message: 'seeded', [Symbol.for('level')]: 'info' };
  return String(getLogger('plain-logs-test').format.transform(info, {})[Symbol.for('message')]);
}

/** The colour switch logform (fabric-shim's winston) colours with. */
function logformColours(): { enabled: boolean } {
  const fromWinston = createRequire(createRequire(require.resolve('fabric-shim')).resolve('winston'));
  return createRequire(fromWinston.resolve('logform/colorize'))('@colors/colors/safe') as { enabled: boolean };
}

describe('chaincode logs without ANSI codes (NO_COLOR)', function () {
  // As logform leaves them when it loads (a chaincode package loaded under NO_COLOR may have switched them off).
  beforeEach(function () {
    logformColours().enabled = true;
  });

  afterEach(function () {
    logformColours().enabled = true;
  });

  it("switches off the colours of fabric-shim's logger when NO_COLOR is set", function () {
    expect(shimLine()).to.include('\u001b[32minfo\u001b[39m');
    expect(honourNoColor({ NO_COLOR: '1' })).to.equal(true);
    expect(shimLine())
      .to.match(/^\S+ info \[c-api:plain-logs-test\] +seeded/)
      .and.not.include('\u001b[');
  });

  it('leaves them as they are without NO_COLOR, or with it empty', function () {
    expect(honourNoColor({})).to.equal(false);
    expect(honourNoColor({ NO_COLOR: '' })).to.equal(false);
    expect(shimLine()).to.include('\u001b[');
  });
});
