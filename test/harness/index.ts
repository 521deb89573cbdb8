export { createTestToken, createSoftHsmEnvironment, assertSoftHsmInstalled, SOFTHSM_MODULE, type TestToken } from './softhsm';
export { syntheticPortraitJpeg } from '../support/synthetic-portrait';
export { startLocalPostgres, createTestDatabase, POSTGRES_BIN, type LocalPostgres } from './postgres';
export { startLocalRedis, type LocalRedis } from './redis';
export { freeLoopbackPort, waitUntil } from './local-server';
export { readCompose, composeEnvironment, variablesRead, type ComposeService } from './compose';
export { helmBinary, renderChart, type RenderedContainer } from './helm';
export { TestIdentityProvider } from './test-identity-provider';
export { createVerifierAccessPki, type VerifierAccessPki } from './verifier-access-pki';
