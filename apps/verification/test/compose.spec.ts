import { describeDeploymentConfiguration } from '@citizen-zero/test-harness/deployment';
import { loadVerificationConfig } from '../src/config/verification-config';

describeDeploymentConfiguration('verification', { composeServices: ['verification'], load: loadVerificationConfig });
