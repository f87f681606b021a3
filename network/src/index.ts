export { NetworkError } from './errors';
export { clerkRolesOf, loadTopology, parseTopology, listProfiles } from './topology';
export type {
  Topology,
  Consensus,
  Department,
  ChaincodeSpec,
  CollectionSpec,
  BootstrapCall,
  OrdererSpec,
  OrdererOrgSpec,
  MemberServices,
} from './topology';
export { layoutFor, pathsFor, address, caPorts, bridgeFor, sansOf } from './layout';
export type {
  Layout,
  Paths,
  OrgLayout,
  PeerNode,
  OrdererNode,
  OrdererOrgLayout,
  CaNode,
  Machine,
  Bridge,
} from './layout';
export { ensureHosts, removeHosts, setReachable, machinesOf } from './hosts';
export {
  up,
  down,
  clean,
  nestedHomes,
  status,
  statusProblems,
  currentLayout,
  chooseMemberServices,
  logFiles,
} from './network';
export {
  caServerConfig,
  tlsCaConfig,
  enrolmentPlan,
  enrolmentSecret,
  nodeOuConfig,
  redact,
  systemClerkRoles,
  inBatches,
  REGISTRAR_ATTRIBUTES,
  ROLE_ATTRIBUTE,
  resolveFabricCa,
} from './ca';
export type { IdentityPlan, FabricCa } from './ca';
export { ordererEnv, peerEnv } from './nodes';
export { resolveFabric } from './fabric';
export type { Fabric } from './fabric';
export type { NetworkStatus, NodeStatus, OrdererConsensusStatus, ChaincodeStatus, CaStatus } from './network';
export { ProcessTable, getMetrics, processMemory } from './procs';
export { compareLedgers } from './ledgers';
export { departmentNodes, downDepartment, upDepartment } from './department-host';
export type { DepartmentNodes } from './department-host';
export type { LedgerComparison, PeerLedger } from './ledgers';
export type { ProcessRecord } from './procs';
export { commonConnectionProfile, commonConnectionProfileFile, profileFor, writeProfiles } from './profiles';
export type { CommonConnectionProfile, ConnectionProfile } from './profiles';
export { anyMemberRule, cryptoConfig, configtx, CAPABILITIES, READER_ROLES, WRITER_ROLES } from './artefacts';
export {
  signaturePolicy,
  collectionsConfig,
  governanceOf,
  planChaincode,
  bootstrap,
  CLOCK_RETRIES,
  bootstrapTransaction,
} from './chaincode';
export { submitThroughGateway, writesAnything } from './gateway';
export type { AdminTransaction, Submitter } from './gateway';
export { ensureHome, ensurePrivateDir, readSecret, PRIVATE_DIR_MODE, SECRET_FILE_MODE } from './home';
export type { ChaincodePlan } from './chaincode';
export { judgeRaft, gauge, raftLeader, raftView } from './raft';
export type { RaftView, RaftVerdict } from './raft';
export { judgeBft, bftLeader, bftQuorum, bftView } from './bft';
export type { BftView, BftVerdict } from './bft';
export { TOPOLOGY_SCHEMA_FILE, topologySchema, writeTopologySchema } from './topology-schema';
export {
  anyMemberPolicy,
  applicationOrgs,
  fetchChannelConfig,
  majorityNeeded,
  withApplicationOrgs,
  publishCrl,
  publishDepartmentCrl,
  revocationListOf,
  submitConfigUpdate,
  withRevocationList,
} from './channel-config';
export type { ChannelConfig } from './channel-config';
export { applyChange, changedGroups, signaturesNeeded, unmetNeeds } from './config-update';
export type { ConfigGroupJson, SignatureNeed } from './config-update';
export {
  addDepartment,
  admissionProblems,
  readDepartmentFile,
  reconcileGovernance,
  removeDepartment,
  rolesDifferences,
} from './membership';
export type { Membership } from './topology';
export {
  countListedIdentities,
  departmentIdentities,
  generateCrl,
  requireCrlPem,
  revocationsOf,
  type DepartmentIdentities,
  writeAdministratorMsp,
} from './registrar';
export {
  DASHBOARD_PANELS,
  grafanaDashboard,
  metricsOf,
  prometheusConfig,
  scrapeJobs,
  type ScrapeJob,
  writeMonitoring,
} from './monitoring';
export {
  chaincodeDefinition,
  hostCommand,
  hostConfig,
  hostName,
  packageFor,
  startHost,
  writeGovernanceFile,
} from './chaincode';
export type { Served } from './chaincode';
export { DeployInputError, EXIT as DEPLOY_EXIT, deploy, deployStatus, upgrade } from './deploy';
export type { ChaincodeDeployStatus, DeployOptions, DeployResult } from './deploy';
export type { ChaincodeDefinition } from './chaincode';
export { ccaasConnection, packageIdOf, tarGz, writeCcaasPackage } from './chaincode-package';
export { packageChaincodes, serverName, NODE_START } from './packaging';
export type { PackageOptions, PackageResult, ChaincodePackages, PackageFile } from './packaging';
export { chaincodeServerManifests, tlsSecretName } from './k8s';
export type { ChaincodeServer, Manifest } from './k8s';
export { CHAINCODE_SERVER_PORT, SERVER_ENVIRONMENT, TLS_DIR } from './image-recipe';
export { columns } from './columns';
