import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { helmBinary, renderChart } from '@citizen-zero/test-harness';

const ROOT = resolve(__dirname, '../..');

describe('the Helm chart (charts/citizen-zero)', () => {
  it('lints and renders', () => {
    expect(execFileSync(helmBinary(), ['lint', join(ROOT, 'charts/citizen-zero')], { encoding: 'utf8' })).toContain('0 chart(s) failed');
    const { documents } = renderChart();
    expect(documents.map((document) => `${document['kind']}/${(document['metadata'] as { name: string }).name}`).sort()).toEqual(['Deployment/biometric', 'Deployment/biometric-worker', 'Deployment/identity', 'Deployment/identity-worker', 'Deployment/verification', 'Service/biometric', 'Service/identity', 'Service/verification']);
  });

  it('runs every container as non-root with a read-only root filesystem, no privilege escalation and resource limits; APIs have probes', () => {
    for (const container of renderChart().containers) {
      expect((container.podSpec['securityContext'] as { runAsNonRoot: boolean }).runAsNonRoot, container.name).toBe(true);
      expect(container.spec['securityContext'], container.name).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
      expect((container.spec['resources'] as { limits?: unknown }).limits, container.name).toBeDefined();
      if (container.name !== 'identity-worker') expect(container.spec['readinessProbe'], container.name).toMatchObject({ httpGet: { path: '/health/ready' } });
    }
  });

  it('takes the PIN and database URLs from Kubernetes secrets, never as values', () => {
    const text = JSON.stringify(renderChart().documents);
    for (const secret of ['CZ_HSM_PIN', 'CZ_IDENTITY_DATABASE_URL', 'CZ_VERIFICATION_DATABASE_URL', 'CZ_BIOMETRIC_DATABASE_URL']) {
      for (const container of renderChart().containers) {
        const variable = (container.spec['env'] as Array<{ name: string; value?: string; valueFrom?: unknown }>).find((entry) => entry.name === secret);
        if (variable) expect(variable.valueFrom, `${container.name} ${secret}`).toBeDefined();
      }
    }
    expect(text).not.toMatch(/postgres:\/\/[^"]*:[^"]*@/);
  });
});
