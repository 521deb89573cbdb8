import { describeDeploymentConfiguration } from '@citizen-zero/test-harness/deployment';
import { loadBiometricConfig } from '../src/config/biometric-config';

describeDeploymentConfiguration('biometric', { composeServices: ['biometric'], load: loadBiometricConfig });
