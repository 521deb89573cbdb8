import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { declaredRoutes } from '@citizen-zero/test-harness';
import { BiometricModule } from '../src/biometric.module';
import { ConfigError, loadBiometricConfig } from '../src/config/biometric-config';

const minimal = { CZ_BIOMETRIC_DATABASE_URL: 'postgres://localhost/x', CZ_REDIS_URL: 'redis://localhost:6379', CZ_OIDC_ISSUER: 'https://idp.example', CZ_HSM_PIN: '1234' };

describe('biometric service: access control on every route, configuration at boot', () => {
  const config = loadBiometricConfig(minimal);
  const routes = declaredRoutes(BiometricModule.forConfig(config).controllers ?? []);

  it('gives every route a permission or marks it public; public is only health and metrics', () => {
    expect(routes.length).toBeGreaterThanOrEqual(12);
    expect(routes.filter((route) => !route.permission && !route.isPublic)).toEqual([]);
    expect(routes.filter((route) => route.isPublic).map((route) => route.route.split(' ')[0]).sort()).toEqual(['HealthController.live', 'HealthController.ready', 'MetricsController.scrape']);
  });

  it('defaults to the shipped model, exact pgvector search, even odds for faces and 0.99 for fingerprints', () => {
    expect(config.gallery.index).toBe('pgvector-exact');
    expect(config.face.thresholds['face-api/face-recognition@1.7.15+onnx.1']).toBe(0.5);
    expect(config.fingerprint).toEqual({ threshold: 0.99, fusion: 'sum-llr', preselect: 0.2 });
  });

  it('reads per-model thresholds and refuses malformed ones', () => {
    expect(loadBiometricConfig({ ...minimal, CZ_FACE_THRESHOLDS: 'vendor/arcface-r100@2026.1=0.42' }).face.thresholds).toMatchObject({ 'vendor/arcface-r100@2026.1': 0.42, 'face-api/face-recognition@1.7.15+onnx.1': 0.5 });
    expect(() => loadBiometricConfig({ ...minimal, CZ_FACE_THRESHOLDS: 'arcface=2' })).toThrow(/CZ_FACE_THRESHOLDS/);
  });

  it('reports every configuration problem at once', () => {
    try {
      loadBiometricConfig({ CZ_BIOMETRIC_PORT: 'x', CZ_FACE_GALLERY_INDEX: 'faiss', CZ_FINGERPRINT_PRESELECT: '0' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toEqual(
        expect.arrayContaining([
          'CZ_BIOMETRIC_DATABASE_URL is required',
          'CZ_REDIS_URL is required',
          'CZ_OIDC_ISSUER is required',
          'CZ_HSM_PIN is required',
          'CZ_BIOMETRIC_PORT must be an integer from 0 to 65535',
          'CZ_FACE_GALLERY_INDEX: "faiss" is not one of pgvector-exact, pgvector-hnsw, memory',
          'CZ_FINGERPRINT_PRESELECT must be above 0',
        ]),
      );
    }
  });
});
