// @vitest-environment node
import { describeWebAppDeployment } from '@citizen-zero/test-harness/deployment';
import { parseWalletConfig } from '../src/config';

describeWebAppDeployment('wallet', { parseConfig: parseWalletConfig, composeOrigin: 'http://localhost:5174' });
