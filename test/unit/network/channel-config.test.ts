import { expect } from 'chai';
import * as path from 'node:path';
import { KEYUTIL, KJUR } from 'jsrsasign';
import {
  countListedIdentities,
  NetworkError,
  requireCrlPem,
  revocationListOf,
  revocationsOf,
  withRevocationList,
  type ChannelConfig,
} from '@govchain/network';

const CRL = '-----BEGIN X509 CRL-----\nMIIBczCCARkCAQEwCgYIKoZIzj0EAwIw\n-----END X509 CRL-----\n';

const CA_KEY = KEYUTIL.generateKeypair('EC', 'secp256r1').prvKeyObj;

/** A CRL signed by a test CA, as Fabric CA's gencrl writes one; `thisUpdate` differs with each generation. */
function signedCrl(issuer: string, serials: readonly string[], thisUpdate: string): string {
  // jsrsasign 10.9 takes the CRL's fields directly; @types/jsrsasign still describes the older constructor.
  const Crl = KJUR.asn1.x509.CRL as unknown as new (fields: Record<string, unknown>) => { getPEM(): string };
  return new Crl({
    sigalg: 'SHA256withECDSA',
    issuer: { str: issuer },
    thisupdate: thisUpdate,
    nextupdate: '20271201000000Z',
    revcert: serials.map((hex) => ({ sn: { hex }, date: '20261201000000Z' })),
    cakey: CA_KEY,
  }).getPEM();
}

/** The part of a decoded channel configuration the CRL lives in: two departments' MSP definitions. */
function config(): ChannelConfig {
  const msp = (name: string): unknown => ({
    values: { MSP: { mod_policy: 'Admins', value: { config: { name, root_certs: ['cm9vdA=='] }, type: 0 } } },
  });
  return {
    channel_group: { groups: { Application: { groups: { TaxMSP: msp('TaxMSP'), HealthMSP: msp('HealthMSP') } } } },
  };
}

describe('channel configuration: a department’s CRL on the channel', function () {
  it('puts the CRL into the department’s MSP definition only, base64 as configtxlator encodes bytes', function () {
    const original = config();
    const updated = withRevocationList(original, 'TaxMSP', CRL);
    expect(revocationListOf(updated, 'TaxMSP')).to.deep.equal([CRL]);
    expect(revocationListOf(updated, 'HealthMSP')).to.deep.equal([]);
    const tax = (updated as { channel_group: { groups: { Application: { groups: Record<string, unknown> } } } })
      .channel_group.groups.Application.groups.TaxMSP as { values: { MSP: { value: { config: unknown } } } };
    expect(tax.values.MSP.value.config).to.deep.equal({
      name: 'TaxMSP',
      root_certs: ['cm9vdA=='],
      revocation_list: [Buffer.from(CRL).toString('base64')],
    });
  });

  it('leaves the original untouched and replaces an earlier CRL rather than adding to it', function () {
    const original = config();
    const once = withRevocationList(original, 'TaxMSP', CRL);
    const newer = CRL.replace('MIIB', 'MIIC');
    expect(revocationListOf(withRevocationList(once, 'TaxMSP', newer), 'TaxMSP')).to.deep.equal([newer]);
    expect(revocationListOf(original, 'TaxMSP')).to.deep.equal([]);
  });

  it('refuses an organization that is not in the Application group, naming it', function () {
    expect(() => withRevocationList(config(), 'RogueMSP', CRL)).to.throw(
      NetworkError,
      "RogueMSP is not an organization of the channel's Application group",
    );
  });

  it('takes a PEM CRL out of surrounding text and refuses anything else, naming the source', function () {
    expect(requireCrlPem(`revoked clerk-li of tax\n${CRL}`, 'out.txt')).to.equal(CRL);
    expect(requireCrlPem(CRL.trimEnd(), 'out.txt')).to.equal(CRL);
    const certificate = CRL.replace(/X509 CRL/g, 'CERTIFICATE');
    expect(() => requireCrlPem(certificate, path.join('tmp', 'cert.pem'))).to.throw(
      NetworkError,
      `${path.join('tmp', 'cert.pem')} holds no PEM certificate revocation list (X509 CRL)`,
    );
  });

  it('reads what a CRL revokes, not when it was generated: two generations of one revocation compare equal', function () {
    const issuer = '/C=CN/O=tax.gov.local/CN=ca.tax.gov.local';
    const first = revocationsOf(signedCrl(issuer, ['0B', '01AB'], '20261202000000Z'));
    expect(first.serials).to.deep.equal(['01ab', '0b']);
    expect(revocationsOf(signedCrl(issuer, ['01ab', '0b'], '20261202010000Z'))).to.deep.equal(first);
    expect(revocationsOf(signedCrl(issuer, ['01ab'], '20261202010000Z')).serials).to.deep.equal(['01ab']);
    expect(revocationsOf(signedCrl('/C=CN/O=health.gov.local', ['01ab', '0b'], '20261202000000Z')).issuer).to.not.equal(
      first.issuer,
    );
    expect(revocationsOf(signedCrl(issuer, [], '20261202000000Z')).serials).to.deep.equal([]);
    expect(() => revocationsOf(CRL)).to.throw(NetworkError, /^cannot read the CRL: /);
  });
});

describe('registrar: what a department CA lists', function () {
  it('counts the identities fabric-ca-client identity list prints, one Name line each', function () {
    const printed = [
      'Name: User1@tax.gov.local, Type: client, Affiliation: , Max Enrollments: -1, Attributes: [{Name:govchain.role Value:examiner ECert:true}]',
      'Name: clerk-li, Type: client, Affiliation: , Max Enrollments: -1, Attributes: []',
      '',
    ].join('\n');
    expect(countListedIdentities(printed)).to.equal(2);
    expect(countListedIdentities('')).to.equal(0);
  });
});
