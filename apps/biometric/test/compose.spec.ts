import { describeDeploymentConfiguration } from '@citizen-zero/test-harness';
import { loadBiometricConfig } from '../src/config/biometric-config';

describeDeploymentConfiguration('biometric', { composeServices: ['biometric'], load: loadBiometricConfig });
