import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IService } from 'kubernetes-models/v1/Service';
import { CHAINCODE_SERVER_PORT, TLS_DIR } from './image-recipe';

/** One department's server for one chaincode, as the manifests describe it. */
export interface ChaincodeServer {
  /** Name of the Deployment, Service and pods' label: `cc-<chaincode>-<department>`. */
  readonly name: string;
  readonly chaincode: string;
  readonly department: string;
  readonly mspId: string;
  /** The department's ccaas package id (`CHAINCODE_ID`). */
  readonly packageId: string;
  /** The server image, built from the package's `image/` directory. */
  readonly image: string;
}

/**
 * A Kubernetes object as the manifests write it: typed by kubernetes-models (a compile-time check of every
 * field name), and checked against the Kubernetes schemas in the tests.
 */
export type Manifest = IDeployment | IService;

/** A container's probe. */
type Probe = NonNullable<NonNullable<IDeployment['spec']>['template']['spec']>['containers'][number]['readinessProbe'];

/** The name of the Secret holding a server's TLS certificate, key and the department's TLS CA. */
export function tlsSecretName(server: Pick<ChaincodeServer, 'name'>): string {
  return `${server.name}-tls`;
}

/**
 * A Deployment and a Service for one department's chaincode server: one replica of the image (one
 * package id per server), the environment contract of the image's README, the TLS Secret (`tls.crt`,
 * `tls.key`, `ca.crt`, as cert-manager writes them) mounted read-only, TCP readiness and liveness probes
 * on the chaincode port, a non-root, read-only, capability-free container, and resource requests.
 *
 * @param server - which server
 * @returns the Deployment, then the Service
 */
export function chaincodeServerManifests(server: ChaincodeServer): [IDeployment, IService] {
  const labels = {
    'app.kubernetes.io/name': server.chaincode,
    'app.kubernetes.io/instance': server.name,
    'app.kubernetes.io/component': 'chaincode-server',
    'app.kubernetes.io/part-of': 'govchain',
    'govchain/department': server.department,
  };
  const selector = { 'app.kubernetes.io/instance': server.name };
  const probe = (initialDelaySeconds: number): Probe => ({
    tcpSocket: { port: 'chaincode' },
    initialDelaySeconds,
    periodSeconds: 10,
  });
  const env = [
    { name: 'CHAINCODE_SERVER_ADDRESS', value: `0.0.0.0:${CHAINCODE_SERVER_PORT}` },
    { name: 'CHAINCODE_ID', value: server.packageId },
    { name: 'CORE_PEER_LOCALMSPID', value: server.mspId },
    { name: 'CHAINCODE_TLS_CERT_FILE', value: `${TLS_DIR}/tls.crt` },
    { name: 'CHAINCODE_TLS_KEY_FILE', value: `${TLS_DIR}/tls.key` },
    { name: 'CHAINCODE_TLS_CLIENT_CACERT_FILE', value: `${TLS_DIR}/ca.crt` },
  ];
  const deployment: IDeployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: server.name, labels, annotations: { 'govchain/package-id': server.packageId } },
    spec: {
      replicas: 1,
      selector: { matchLabels: selector },
      template: {
        metadata: { labels },
        spec: {
          automountServiceAccountToken: false,
          securityContext: {
            runAsNonRoot: true,
            runAsUser: 1000,
            runAsGroup: 1000,
            // The TLS Secret's files (0440) are the group's.
            fsGroup: 1000,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          containers: [
            {
              name: 'chaincode',
              image: server.image,
              ports: [{ name: 'chaincode', containerPort: CHAINCODE_SERVER_PORT, protocol: 'TCP' }],
              env,
              volumeMounts: [{ name: 'tls', mountPath: TLS_DIR, readOnly: true }],
              readinessProbe: probe(5),
              livenessProbe: probe(15),
              resources: {
                requests: { cpu: '100m', memory: '128Mi' },
                limits: { memory: '512Mi' },
              },
              securityContext: {
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                capabilities: { drop: ['ALL'] },
              },
            },
          ],
          volumes: [{ name: 'tls', secret: { secretName: tlsSecretName(server), defaultMode: 0o440 } }],
        },
      },
    },
  };
  const service: IService = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: server.name, labels },
    spec: {
      type: 'ClusterIP',
      selector,
      ports: [{ name: 'chaincode', port: CHAINCODE_SERVER_PORT, targetPort: 'chaincode', protocol: 'TCP' }],
    },
  };
  return [deployment, service];
}
