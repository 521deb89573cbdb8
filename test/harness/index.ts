export { createTestToken, createSoftHsmEnvironment, assertSoftHsmInstalled, SOFTHSM_MODULE, type TestToken } from './softhsm';
export { syntheticPortraitJpeg } from '../support/synthetic-portrait';
