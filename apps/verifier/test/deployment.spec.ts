// @vitest-environment node
import { describeWebAppDeployment } from '@citizen-zero/test-harness/deployment';
import { parseVerifierConfig } from '../src/config';

/** The file the deployment names stands in as a PEM certificate (any will do for the parser). */
const PINNED_ANCHOR = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUStandIn\n-----END CERTIFICATE-----\n';

describeWebAppDeployment('verifier', { parseConfig: parseVerifierConfig, composeOrigin: 'http://localhost:5175', configFiles: { trustListSignerAnchorsPem: PINNED_ANCHOR } });
