import { expect } from 'chai';
import { plainToInstance } from 'class-transformer';
import {
  ID_RULE,
  Int,
  Nested,
  NestedList,
  OneOf,
  Optional,
  Text,
  TextMap,
  Time,
  parseRecord,
} from '@govchain/protocol';
import { protocolSchemas } from '@govchain/protocol/schema';
import { LicenseCheck } from '@govchain/protocol/e-license';
import { TenderProject } from '@govchain/protocol/bid-record';

class Line {
  @Int(1, 10) rank!: number;
}

class Sample {
  @Text(ID_RULE) id!: string;

  @OneOf(['OPEN', 'CLOSED']) status!: 'OPEN' | 'CLOSED';

  @Time({ empty: true }) closedAt!: string;

  @Optional() @Text({ maxLength: 8 }) note?: string;

  @NestedList(() => Line, { max: 3 }) lines!: Line[];

  @Nested(() => Line) best!: Line;

  @TextMap({ maxLength: 8 }, { maxLength: 16 }, 2) tags!: Record<string, string>;
}

const fail = (detail: string): Error => new RangeError(detail);
const valid = {
  id: 'S-1',
  status: 'OPEN',
  closedAt: '',
  lines: [{ rank: 1 }, { rank: 2 }],
  best: { rank: 1 },
  tags: { a: 'x' },
};

function problem(value: unknown): string {
  try {
    parseRecord(Sample, value, 'sample', fail);
  } catch (err) {
    expect(err).to.be.instanceOf(RangeError);
    return (err as Error).message;
  }
  throw new Error('expected a refusal');
}

describe('protocol records', () => {
  it('turns plain JSON into a checked instance, nested records included', () => {
    const sample = parseRecord(Sample, valid, 'sample', fail);
    expect(sample).to.be.instanceOf(Sample);
    expect(sample.lines[1]).to.be.instanceOf(Line);
    expect(sample.best).to.be.instanceOf(Line);
    expect(JSON.parse(JSON.stringify(sample))).to.deep.equal(valid);
  });

  it('names the member that breaks its rule, at any depth', () => {
    expect(problem({ ...valid, id: 'has space' })).to.equal(
      'sample.id must be letters, digits and . _ : - (at most 128)',
    );
    expect(problem({ ...valid, status: 'GONE' })).to.equal('sample.status must be one of OPEN, CLOSED');
    expect(problem({ ...valid, lines: [{ rank: 1 }, { rank: 11 }] })).to.equal(
      'sample.lines[1].rank must be an integer from 1 to 10',
    );
    expect(problem({ ...valid, best: { rank: 0 } })).to.equal('sample.best.rank must be an integer from 1 to 10');
    expect(problem({ ...valid, closedAt: '2025-02-30T00:00:00Z' })).to.equal(
      'sample.closedAt is not a real calendar time',
    );
    expect(problem({ ...valid, tags: { a: 'x', b: 'y', c: 'z' } })).to.equal('sample.tags must have at most 2 entries');
    expect(problem({ ...valid, lines: [{}, {}, {}, {}] })).to.equal('sample.lines must have from 0 to 3 elements');
  });

  it('says a missing member is required, and accepts an optional one left out or given', () => {
    const noId: Partial<typeof valid> = { ...valid };
    delete noId.id;
    expect(problem(noId)).to.equal('sample.id is required');
    expect(parseRecord(Sample, { ...valid, note: 'short' }, 'sample', fail).note).to.equal('short');
    expect(problem({ ...valid, note: 'far too long' })).to.equal('sample.note must have at most 8 characters');
  });

  it('refuses members the class does not declare, at the top and nested', () => {
    expect(problem({ ...valid, extra: 1 })).to.equal('sample has unknown field "extra"');
    expect(problem({ ...valid, best: { rank: 1, extra: true } })).to.equal('sample.best has unknown field "extra"');
  });

  it('refuses __proto__ and constructor members before building anything', () => {
    const polluted = JSON.parse(`{"__proto__": {"status": "CLOSED"}, ${JSON.stringify(valid).slice(1)}`) as unknown;
    expect(problem(polluted)).to.equal('sample has unknown field "__proto__"');
    expect(problem({ ...valid, best: { rank: 1, constructor: {} } })).to.equal(
      'sample.best has unknown field "constructor"',
    );
    expect(({} as Record<string, unknown>).status).to.equal(undefined);
  });

  it('refuses what is not an object', () => {
    for (const value of [null, 'text', 5, [valid]]) expect(problem(value)).to.equal('sample must be a JSON object');
  });

  it('builds the instance class-transformer builds, nested records as instances, copies of the rest', () => {
    class Child extends Sample {
      @Optional() @Nested(() => Line) extra?: Line;
    }
    const input = { ...valid, extra: { rank: 3 } };
    const fast = parseRecord(Child, input, 'sample', fail);
    const reference = plainToInstance(Child, input);
    expect(fast).to.deep.equal(reference);
    expect(fast.extra, 'a nested member a base class does not declare').to.be.instanceOf(Line);
    expect(fast.best, 'a nested member of the base class').to.be.instanceOf(Line);
    expect(fast.tags).to.not.equal(input.tags);
    expect(fast.lines).to.not.equal(input.lines);
  });

  it('accepts only real instants: leap days, month lengths, hours, minutes and seconds', () => {
    const at = (closedAt: string): string | undefined => {
      try {
        parseRecord(Sample, { ...valid, closedAt }, 'sample', fail);
        return undefined;
      } catch (err) {
        return (err as Error).message;
      }
    };
    for (const time of ['2024-02-29T00:00:00Z', '2000-02-29T12:00:00.5Z', '2025-04-30T23:59:59.999Z']) {
      expect(at(time), time).to.equal(undefined);
    }
    for (const time of [
      '2025-02-29T00:00:00Z',
      '1900-02-29T00:00:00Z',
      '2025-04-31T00:00:00Z',
      '2025-13-01T00:00:00Z',
      '2025-00-10T00:00:00Z',
      '2025-01-00T00:00:00Z',
      '2025-01-01T24:00:00Z',
      '2025-01-01T23:60:00Z',
      '2025-01-01T23:59:60Z',
    ]) {
      expect(at(time), time).to.equal('sample.closedAt is not a real calendar time');
    }
  });

  it('parses stored records of nested classes as class-transformer does', () => {
    const check = {
      licenceId: 'BL-1',
      result: 'NOT_FOUND',
      checkedAt: '2025-03-01T08:00:00.000Z',
      licence: null,
    };
    expect(parseRecord(LicenseCheck, check, 'check', fail)).to.deep.equal(plainToInstance(LicenseCheck, check));
    expect(Object.keys(new TenderProject()).length, 'a class with initializers').to.be.greaterThan(0);
  });

  it('emits a JSON Schema from the same decorators', () => {
    const schema = protocolSchemas().Guarantee as {
      properties: Record<string, Record<string, unknown>>;
      required: string[];
    };
    expect(schema.required).to.include.members(['guaranteeId', 'amount', 'status']);
    expect(schema.properties.amount).to.include({ type: 'integer', minimum: 1 });
    expect(schema.properties.status).to.deep.include({ enum: ['ISSUED', 'RELEASED', 'CLAIMED'] });
    expect(schema.properties.bidderCode).to.include({ type: 'string', pattern: '^[0-9A-HJ-NPQRTUWXY]{18}$' });
  });
});
