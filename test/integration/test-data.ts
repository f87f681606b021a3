/**
 * Personal test data (ID numbers, names) that integration tests send to the network, only ever as transient
 * data. Every value is registered here so that the last test file (zz-privacy.test.ts) can read every block
 * of the channel and check that none of them contains any of it in plaintext.
 *
 * Register through {@link person} (or {@link registerPersonalData} for other personal strings) before sending
 * anything. Values are also appended to a file in the network's runtime directory, so that a privacy check run
 * on its own, or later against a kept ledger, also covers the data of earlier runs.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { USCC_ALPHABET, usccCheckCharacter } from '@govchain/bid-record';
import { type GovchainConnection, eLicenseClient } from '@govchain/gateway-client';
import { HOME } from './support';

/** Every personal value registered by this test process (ID numbers, names, …). */
export const PERSONAL_DATA: string[] = [];

/** A test holder: personal data that must never appear in a block. */
export interface TestPerson {
  readonly name: string;
  readonly idNumber: string;
}

/** Where registered values are kept across test processes, one JSON string per line. */
export const PERSONAL_DATA_FILE = path.join(HOME, 'test-personal-data.jsonl');

/**
 * Registers personal values that a test is about to send to the network.
 *
 * @param values - ID numbers, names or other personal strings (at least 4 characters, to keep the check meaningful).
 * @returns nothing; the values are in {@link PERSONAL_DATA} and the runtime file.
 */
export function registerPersonalData(...values: string[]): void {
  for (const value of values) {
    if (value.length < 4) {
      throw new Error(`personal test value "${value}" is too short to look for in blocks`);
    }
    if (!PERSONAL_DATA.includes(value)) {
      PERSONAL_DATA.push(value);
      try {
        mkdirSync(path.dirname(PERSONAL_DATA_FILE), { recursive: true });
        appendFileSync(PERSONAL_DATA_FILE, `${JSON.stringify(value)}\n`);
      } catch {
        // The in-memory registry is what this run checks; the file only widens later checks.
      }
    }
  }
}

/**
 * Registers a test person and returns it.
 *
 * @param name - the person's name.
 * @param idNumber - the person's ID number.
 * @returns the person.
 */
export function person(name: string, idNumber: string): TestPerson {
  registerPersonalData(name, idNumber);
  return { name, idNumber };
}

/**
 * Every personal value registered by this process and by earlier test runs against the same network.
 *
 * @returns the values, without duplicates.
 */
export function allRegisteredPersonalData(): string[] {
  const values = new Set(PERSONAL_DATA);
  if (existsSync(PERSONAL_DATA_FILE)) {
    for (const line of readFileSync(PERSONAL_DATA_FILE, 'utf8').split('\n')) {
      if (line.trim() !== '') {
        values.add(JSON.parse(line) as string);
      }
    }
  }
  return [...values];
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/**
 * A fresh, well-formed 18-character resident ID number (area, birth date, sequence, ISO 7064 check
 * character), random so that reruns against a kept ledger get new holders.
 *
 * @returns the ID number.
 */
export function uniqueIdNumber(): string {
  const area = String(110000 + randomInt(0, 90000));
  const birth = new Date(Date.UTC(1950 + randomInt(0, 55), randomInt(0, 12), 1 + randomInt(0, 28)));
  const date = birth.toISOString().slice(0, 10).replace(/-/g, '');
  const body = `${area}${date}${String(randomInt(0, 1000)).padStart(3, '0')}`;
  const sum = ID_WEIGHTS.reduce((acc, weight, i) => acc + Number(body.charAt(i)) * weight, 0);
  return `${body}${ID_CHECK[sum % 11] ?? '0'}`;
}

const GIVEN = ['Wei', 'Fang', 'Min', 'Jing', 'Lei', 'Yan', 'Jun', 'Hui', 'Qiang', 'Li'];
const FAMILY = ['Zhang', 'Wang', 'Li', 'Zhao', 'Chen', 'Liu', 'Yang', 'Huang', 'Zhou', 'Wu'];

/**
 * A registered test person with a fresh ID number and a distinctive name (it carries a random tag so that it
 * cannot appear in a block by coincidence).
 *
 * @param label - what the person is for, e.g. `licensee`.
 * @returns the registered person.
 */
export function newPerson(label: string): TestPerson {
  const tag = randomInt(0, 36 ** 6)
    .toString(36)
    .padStart(6, '0');
  const name = `${FAMILY[randomInt(0, FAMILY.length)] ?? 'Zhang'} ${GIVEN[randomInt(0, GIVEN.length)] ?? 'Wei'} ${label} ${tag}`;
  return person(name, uniqueIdNumber());
}

const grants = new Map<string, Promise<string>>();

/**
 * The transient holder fields of a raw IssueLicense, RenewLicense, ReplaceLicense, RegisterUnit,
 * RegisterTransfer or ReplaceCertificate: the submitting department's holder-reference grant (requested
 * once per department and person through e-license RequestHolderRef, reused within its 24 h), ID number,
 * name and a fresh random salt for the private detail (the chaincodes refuse a write of private detail
 * without one; the typed clients add grant and salt themselves).
 *
 * @param connection - the submitting department
 * @param holder - the person
 * @returns the transient fields
 */
export async function holderTransient(
  connection: GovchainConnection,
  holder: TestPerson,
): Promise<{ holderRefGrant: string; idNumber: string; name: string; salt: string }> {
  const key = `${connection.mspId}|${holder.idNumber}`;
  let grant = grants.get(key);
  if (grant === undefined) {
    const purpose = connection.mspId === 'RealEstateMSP' ? 'REGISTER_PROPERTY' : 'ISSUE_LICENCE';
    grant = eLicenseClient(connection)
      .requestHolderRef(holder.idNumber, purpose)
      .then((g) => g.grantId);
    grants.set(key, grant);
  }
  return {
    holderRefGrant: await grant,
    idNumber: holder.idNumber,
    name: holder.name,
    salt: randomBytes(32).toString('hex'),
  };
}

/** A fresh, valid unified social credit code (random, so reruns against a kept ledger get new enterprises). */
export function newEnterpriseCode(): string {
  const body = Array.from({ length: 9 }, () => USCC_ALPHABET.charAt(randomInt(0, USCC_ALPHABET.length))).join('');
  const first17 = `91${String(310000 + randomInt(0, 9000))}${body}`;
  return `${first17}${usccCheckCharacter(first17)}`;
}
