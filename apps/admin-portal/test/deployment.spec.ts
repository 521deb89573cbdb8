// @vitest-environment node
import { describeWebAppDeployment } from '@citizen-zero/test-harness/deployment';
import { parsePortalConfig } from '../src/config';

describeWebAppDeployment('admin-portal', { parseConfig: parsePortalConfig, composeOrigin: 'http://localhost:5173' });
