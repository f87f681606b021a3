import {
  ProfileError,
  listDepartments,
  loadProfile,
  parseProfile,
  readIdentity,
  resolveProfilesDir,
  findRepoRoot,
} from '@govchain/gateway-client';
import * as chai from 'chai';
import chaiAsPromised from 'chai-as-promised';
import { rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CERT_PEM, type TempDir, tempDir, writeProfiles } from './fixtures';

chai.use(chaiAsPromised);
const { expect } = chai;

const DEPARTMENTS = [
  { department: 'tax', mspId: 'TaxMSP', name: 'Tax Bureau', endpoint: '127.0.0.1:7210' },
  {
    department: 'public-security',
    mspId: 'PublicSecurityMSP',
    name: 'Public Security Bureau',
    endpoint: '127.0.0.1:7110',
  },
  { department: 'trading-center-2', mspId: 'TradingCenter2MSP' },
];

async function profileError(promise: Promise<unknown>): Promise<ProfileError> {
  const err: unknown = await promise.then(
    () => expect.fail('expected a ProfileError'),
    (e: unknown) => e,
  );
  expect(err).to.be.instanceOf(ProfileError);
  return err as ProfileError;
}

describe('profiles', () => {
  let dir: TempDir;
  let profilesDir: string;
  beforeEach(() => {
    dir = tempDir();
    profilesDir = writeProfiles(dir.path, DEPARTMENTS);
  });
  afterEach(() => {
    dir.cleanup();
  });

  describe('listDepartments', () => {
    it('returns the departments with a profile, sorted, ignoring other files', async () => {
      writeFileSync(join(profilesDir, 'README.txt'), 'not a profile');
      expect(await listDepartments({ profilesDir })).to.deep.equal(['public-security', 'tax', 'trading-center-2']);
    });

    it('refuses a missing profiles directory and says to start the network', async () => {
      const err = await profileError(listDepartments({ profilesDir: join(dir.path, 'absent') }));
      expect(err.code).to.equal('PROFILES_NOT_FOUND');
      expect(err.message).to.contain('npm run network:up').and.contain(join(dir.path, 'absent'));
    });
  });

  describe('loadProfile', () => {
    it('returns the validated profile', async () => {
      const profile = await loadProfile('public-security', { profilesDir });
      expect(profile).to.include({
        department: 'public-security',
        name: 'Public Security Bureau',
        mspId: 'PublicSecurityMSP',
        channel: 'govchannel',
        source: join(profilesDir, 'public-security.json'),
      });
      expect(profile.peer).to.deep.equal({
        endpoint: '127.0.0.1:7110',
        hostAlias: 'peer0.public-security.gov.local',
        tlsCACertPath: join(dir.path, 'crypto', 'public-security', 'tlsca.pem'),
      });
      expect(profile.identities.admin?.keyPath).to.equal(join(dir.path, 'crypto', 'public-security', 'admin-priv_sk'));
      expect(profile.chaincodes).to.deep.equal({
        'bid-record': 'bid-record',
        'e-license': 'e-license',
        'real-estate': 'real-estate',
      });
      expect(Object.isFrozen(profile)).to.equal(true);
    });

    it('refuses an unknown department and lists the known ones', async () => {
      const err = await profileError(loadProfile('finance', { profilesDir }));
      expect(err.code).to.equal('UNKNOWN_DEPARTMENT');
      expect(err.message).to.equal(
        'unknown department "finance"; known departments: public-security, tax, trading-center-2',
      );
    });

    it('refuses a department name that tries to leave the directory', async () => {
      const err = await profileError(loadProfile('../profiles/tax', { profilesDir }));
      expect(err.code).to.equal('UNKNOWN_DEPARTMENT');
    });

    it('refuses an empty profiles directory as PROFILES_NOT_FOUND', async () => {
      for (const d of DEPARTMENTS) {
        rmSync(join(profilesDir, `${d.department}.json`));
      }
      expect((await profileError(loadProfile('tax', { profilesDir }))).code).to.equal('PROFILES_NOT_FOUND');
    });

    it('reads the directory from GOVCHAIN_PROFILES when none is given', async () => {
      const saved = process.env.GOVCHAIN_PROFILES;
      process.env.GOVCHAIN_PROFILES = profilesDir;
      try {
        expect((await loadProfile('tax')).mspId).to.equal('TaxMSP');
      } finally {
        if (saved === undefined) {
          delete process.env.GOVCHAIN_PROFILES;
        } else {
          process.env.GOVCHAIN_PROFILES = saved;
        }
      }
    });

    it('refuses a profile that is not JSON', async () => {
      writeFileSync(join(profilesDir, 'tax.json'), '{ nope');
      const err = await profileError(loadProfile('tax', { profilesDir }));
      expect(err.code).to.equal('INVALID_PROFILE');
      expect(err.message).to.contain(join(profilesDir, 'tax.json'));
    });

    it("refuses a file holding another department's profile", async () => {
      const other = JSON.parse(JSON.stringify(await loadProfile('tax', { profilesDir }))) as Record<string, unknown>;
      delete other.source; // the loaded profile's own member, not one of the file's
      writeFileSync(join(profilesDir, 'health.json'), JSON.stringify(other));
      const err = await profileError(loadProfile('health', { profilesDir }));
      expect(err.code).to.equal('INVALID_PROFILE');
      expect(err.message).to.contain('"department"');
    });
  });

  describe('readIdentity', () => {
    it('reads the certificate and returns the key path', async () => {
      const profile = await loadProfile('tax', { profilesDir });
      const identity = await readIdentity(profile, 'admin');
      expect(identity.mspId).to.equal('TaxMSP');
      expect(Buffer.from(identity.certificate).toString()).to.equal(CERT_PEM);
      expect(identity.key).to.deep.equal({ path: join(dir.path, 'crypto', 'tax', 'admin-priv_sk') });
    });

    it('refuses a missing certificate file, naming it', async () => {
      const profile = await loadProfile('tax', { profilesDir });
      const certPath = profile.identities.user?.certPath ?? '';
      rmSync(certPath);
      const err = await profileError(readIdentity(profile, 'user'));
      expect(err.code).to.equal('CREDENTIAL_NOT_FOUND');
      expect(err.message).to.contain(certPath).and.contain('does not exist');
    });
  });
});

describe('parseProfile', () => {
  const valid = {
    department: 'tax',
    name: 'Tax Bureau',
    mspId: 'TaxMSP',
    channel: 'govchannel',
    peer: { endpoint: '127.0.0.1:7210', hostAlias: 'peer0.tax.gov.local', tlsCACertPath: '/abs/tlsca.pem' },
    identities: { user: { certPath: '/abs/cert.pem', keyPath: '/abs/priv_sk' } },
    chaincodes: { 'e-license': 'e-license' },
  };

  it('accepts a profile with only a user identity', () => {
    const profile = parseProfile(valid, 'inline');
    expect(profile.identities.user).to.deep.equal({ certPath: '/abs/cert.pem', keyPath: '/abs/priv_sk' });
    expect(profile.identities.admin).to.equal(undefined);
  });

  const broken: [string, unknown, string][] = [
    ['a non-object', [], '(root)'],
    ['a missing mspId', { ...valid, mspId: undefined }, 'mspId'],
    ['an empty channel', { ...valid, channel: ' ' }, 'channel'],
    ['a peer without endpoint', { ...valid, peer: { ...valid.peer, endpoint: 7210 } }, 'peer.endpoint'],
    ['a relative TLS CA path', { ...valid, peer: { ...valid.peer, tlsCACertPath: 'tlsca.pem' } }, 'peer.tlsCACertPath'],
    ['no identities', { ...valid, identities: {} }, 'identities'],
    [
      'a relative key path',
      { ...valid, identities: { user: { certPath: '/c', keyPath: 'k' } } },
      'identities.user.keyPath',
    ],
    ['a non-string chaincode name', { ...valid, chaincodes: { 'e-license': 1 } }, 'chaincodes.e-license'],
    ['an upper-case department', { ...valid, department: 'Tax' }, 'department'],
  ];
  it('names every problem of a profile at once', () => {
    const json = { ...valid, mspId: undefined, peer: { ...valid.peer, tlsCACertPath: 'tlsca.pem' }, extra: true };
    expect(() => parseProfile(json, 'inline'))
      .to.throw(ProfileError)
      .with.property('message')
      .that.contains('"mspId" is required')
      .and.contains('"peer.tlsCACertPath" must be an absolute path')
      .and.contains('"(root)" has unknown field "extra"');
  });

  for (const [what, json, field] of broken) {
    it(`refuses ${what}, naming "${field}"`, () => {
      expect(() => parseProfile(json, 'inline'))
        .to.throw(ProfileError, `"${field}"`)
        .with.property('code', 'INVALID_PROFILE');
    });
  }
});

describe('resolveProfilesDir', () => {
  it('prefers the explicit directory, then GOVCHAIN_PROFILES, GOVCHAIN_HOME/profiles, <repo>/.govchain/profiles', () => {
    expect(resolveProfilesDir('/x/p', { GOVCHAIN_PROFILES: '/y' })).to.equal('/x/p');
    expect(resolveProfilesDir(undefined, { GOVCHAIN_PROFILES: '/y', GOVCHAIN_HOME: '/h' })).to.equal('/y');
    expect(resolveProfilesDir(undefined, { GOVCHAIN_HOME: '/h' })).to.equal('/h/profiles');
    expect(resolveProfilesDir(' ', { GOVCHAIN_PROFILES: '' })).to.not.equal('');
    const root = findRepoRoot(__dirname);
    expect(root).to.be.a('string');
    expect(resolveProfilesDir(undefined, {})).to.equal(join(resolve(root ?? ''), '.govchain', 'profiles'));
  });
});
