import { describeDeploymentConfiguration } from '@citizen-zero/test-harness/deployment';
import { loadMonitorConfig } from '../src/config/monitor-config';

describeDeploymentConfiguration('monitor', { composeServices: ['monitor'], load: loadMonitorConfig });
