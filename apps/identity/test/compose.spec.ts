import { describeDeploymentConfiguration } from '@citizen-zero/test-harness/deployment';
import { loadIdentityConfig } from '../src/config/identity-config';

describeDeploymentConfiguration('identity', { composeServices: ['identity', 'identity-worker'], load: loadIdentityConfig });
