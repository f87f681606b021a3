import { CLERK_ROLE_ATTRIBUTE } from '@govchain/protocol';
import type { TestContext } from './test-context';

/*
 * Self-signed P-256 certificates (openssl req -x509, subject /C=CN/O=tax.gov.local/OU=…/CN=…) standing in for
 * Fabric CA enrolment certificates: the chaincode reads only their subject's organizational units.
 */

/** A department administrator (NodeOU `admin`). */
export const ADMIN_CERT = `-----BEGIN CERTIFICATE-----
MIIB/TCCAaOgAwIBAgIUAKsw53HhIgTjIPucnCRlIE9hQKgwCgYIKoZIzj0EAwIw
UzELMAkGA1UEBhMCQ04xFjAUBgNVBAoMDXRheC5nb3YubG9jYWwxDjAMBgNVBAsM
BWFkbWluMRwwGgYDVQQDDBNBZG1pbkB0YXguZ292LmxvY2FsMCAXDTI2MTIwMTEx
MjUxM1oYDzIxMjYxMTA3MTEyNTEzWjBTMQswCQYDVQQGEwJDTjEWMBQGA1UECgwN
dGF4Lmdvdi5sb2NhbDEOMAwGA1UECwwFYWRtaW4xHDAaBgNVBAMME0FkbWluQHRh
eC5nb3YubG9jYWwwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAASXXyaoIbkYfGjX
UT+rcI+HmYhQPAQIsgWHNx66Lbe2F8OZbfGDGa0pRejQRUy9CfsAwps76vvMOcgA
ZQHFpNyqo1MwUTAdBgNVHQ4EFgQUh6yiHAQw6z2yTy+EBj2GTlbAzRMwHwYDVR0j
BBgwFoAUh6yiHAQw6z2yTy+EBj2GTlbAzRMwDwYDVR0TAQH/BAUwAwEB/zAKBggq
hkjOPQQDAgNIADBFAiEAwhPgcpLNE7zdrPNRTYtytGW1jiSV8Jxh4Tyb4ZBYF6YC
ICXD3j4s9Yvp790DjPjeYMxVimSpBLnFhzAs0Y0FicSF
-----END CERTIFICATE-----
`;

/** A clerk (NodeOU `client`). */
export const CLERK_CERT = `-----BEGIN CERTIFICATE-----
MIIB6DCCAY+gAwIBAgIUHhrw3LBLTPSCT8EZpQLdY7YIExswCgYIKoZIzj0EAwIw
STELMAkGA1UEBhMCQ04xFjAUBgNVBAoMDXRheC5nb3YubG9jYWwxDzANBgNVBAsM
BmNsaWVudDERMA8GA1UEAwwIY2xlcmstbGkwIBcNMjYxMjAxMTEyNTEzWhgPMjEy
NjExMDcxMTI1MTNaMEkxCzAJBgNVBAYTAkNOMRYwFAYDVQQKDA10YXguZ292Lmxv
Y2FsMQ8wDQYDVQQLDAZjbGllbnQxETAPBgNVBAMMCGNsZXJrLWxpMFkwEwYHKoZI
zj0CAQYIKoZIzj0DAQcDQgAEleCEGemH4IgveZ/qdpHVQt8SEZR/j9DEO3fe75zv
+NYI+KFZrBrQIsqXcsHT7Xj9p3abtXIOJJR6ovTXPeW53aNTMFEwHQYDVR0OBBYE
FGRgS7qV2cYJUG6oQ8/oGNgmSqK9MB8GA1UdIwQYMBaAFGRgS7qV2cYJUG6oQ8/o
GNgmSqK9MA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDRwAwRAIgLIQ1lowi
dk0pekKGL9lAdDzm68OBTN8JAlyE3/Ms2QgCIAPmWVachYCV3QcKr/D6YEbXB7jx
Ekdg6vnmsEm9InM8
-----END CERTIFICATE-----
`;

/** A clerk whose common name merely contains `OU=admin`. */
export const CLERK_NAMED_ADMIN_CERT = `-----BEGIN CERTIFICATE-----
MIIB9jCCAZugAwIBAgIUDwmkA0cThUm6L83yA8eD28wkJrMwCgYIKoZIzj0EAwIw
TzELMAkGA1UEBhMCQ04xFjAUBgNVBAoMDXRheC5nb3YubG9jYWwxDzANBgNVBAsM
BmNsaWVudDEXMBUGA1UEAwwOY2xlcmsgT1U9YWRtaW4wIBcNMjYxMjAxMTEyNTEz
WhgPMjEyNjExMDcxMTI1MTNaME8xCzAJBgNVBAYTAkNOMRYwFAYDVQQKDA10YXgu
Z292LmxvY2FsMQ8wDQYDVQQLDAZjbGllbnQxFzAVBgNVBAMMDmNsZXJrIE9VPWFk
bWluMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE3w7UEttqYKN+mbJsl0SA0vEw
lmEYkiLgH9q6BAnWPsixWFw9gP2hMtANquUKDKmyDEj0Ca5bPze4ooYeTQHqzaNT
MFEwHQYDVR0OBBYEFKbA6slZ0mKJcRDx+6Hwz334KCxEMB8GA1UdIwQYMBaAFKbA
6slZ0mKJcRDx+6Hwz334KCxEMA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwID
SQAwRgIhAMm/rZPnRAbNPJzVvSpgmt+nYq+wmCFcepQVbOq7ahumAiEAlveb8d/9
qxLeI8blpDsk2TYTw9w+wIo299u265C/G08=
-----END CERTIFICATE-----
`;

/** Who calls: a clerk with roles, an administrator, or an identity with neither. */
export interface ClerkCaller {
  /** The `govchain.role` attribute's value (default: none). */
  readonly roles?: string;
  /** A department administrator (default: false). */
  readonly admin?: boolean;
  /** The certificate (default: by `admin`). */
  readonly cert?: string;
}

/**
 * Makes the context's caller the given clerk: its `govchain.role` attribute and its certificate.
 *
 * @param ctx - a test context
 * @param caller - the clerk
 */
export function actAs(ctx: TestContext, caller: ClerkCaller): void {
  const cert = caller.cert ?? (caller.admin === true ? ADMIN_CERT : CLERK_CERT);
  ctx.clientIdentity.getIDBytes.returns(new TextEncoder().encode(cert));
  ctx.clientIdentity.getAttributeValue.callsFake((name: string) =>
    name === CLERK_ROLE_ATTRIBUTE ? (caller.roles ?? null) : null,
  );
}
