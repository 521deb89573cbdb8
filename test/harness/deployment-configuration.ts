/** For spec files only (it registers vitest suites): import from '@citizen-zero/test-harness/deployment'. */
import { describe, expect, it } from 'vitest';
import { composeEnvironment, variablesRead } from './compose';
import { renderChart } from './helm';

/** Variables the stack sets for reasons other than a service's configuration. */
const OUTSIDE_CONFIG = ['SOFTHSM2_CONF'];

/**
 * Registers the checks that docker-compose.yml and the Helm chart configure a service as its own
 * configuration loader expects: every environment is accepted at boot, and sets no variable the
 * loader does not read (a misspelt variable would otherwise be silently ignored).
 */
export function describeDeploymentConfiguration(service: string, options: { composeServices: readonly string[]; load: (env: Record<string, string | undefined>) => unknown }): void {
  describe(`docker-compose.yml configures the ${service} service as its own loader expects`, () => {
    for (const name of options.composeServices) {
      it(`${name}: accepted at boot, and no variable it does not read`, () => {
        const env = composeEnvironment(name);
        expect(() => options.load(env)).not.toThrow();
        const read = variablesRead(options.load, env);
        expect(Object.keys(env).filter((variable) => !read.has(variable) && !OUTSIDE_CONFIG.includes(variable))).toEqual([]);
      });
    }
  });

  describe(`the Helm chart configures the ${service} service as its own loader expects`, () => {
    const containers = renderChart().containers.filter((candidate) => candidate.name.startsWith(service));
    it(`renders at least one ${service} container`, () => expect(containers.length).toBeGreaterThan(0));
    for (const container of containers) {
      it(`${container.name}: accepted at boot, and no variable it does not read`, () => {
        expect(() => options.load(container.env)).not.toThrow();
        const read = variablesRead(options.load, container.env);
        expect(Object.keys(container.env).filter((variable) => !read.has(variable))).toEqual([]);
      });
    }
  });
}

/** The services a browser app calls, whose CORS allow-list (CZ_CORS_ORIGINS) must hold the app's origin. */
const BROWSER_CALLED_SERVICES = { compose: ['identity', 'biometric', 'verification', 'monitor'], helm: ['identity', 'biometric', 'verification', 'monitor'] } as const;

/**
 * Registers the checks that docker-compose.yml and the Helm chart deploy a web app as it expects:
 * its /config.json (CZ_WEB_APP_CONFIG) is accepted by the app's own parser, the page's CSP lets it
 * reach every service URL in that configuration (and post to the OpenID provider), and every
 * service the browser calls allows the app's origin. The server's own settings are checked in
 * tools/platform/test/web-app-server.spec.ts.
 */
export function describeWebAppDeployment(app: string, options: { readonly parseConfig: (value: unknown) => object; readonly composeOrigin: string; readonly configFiles?: Readonly<Record<string, string>> }): void {
  const deployments = [
    { where: `docker-compose.yml ${app}`, env: composeEnvironment(app), cors: BROWSER_CALLED_SERVICES.compose.map((service) => composeEnvironment(service)['CZ_CORS_ORIGINS'] ?? ''), origin: options.composeOrigin },
    ...renderChart()
      .containers.filter((container) => container.name === app)
      .map((container) => ({
        where: `Helm ${app}`,
        env: container.env,
        cors: BROWSER_CALLED_SERVICES.helm.map((service) => renderChart().containers.find((candidate) => candidate.name === service)?.env['CZ_CORS_ORIGINS'] ?? ''),
        origin: helmOrigin(app),
      })),
  ];
  describe(`the deployments of the ${app} web app`, () => {
    it('are in docker-compose.yml and the Helm chart', () => expect(deployments.map((deployment) => deployment.where)).toEqual([`docker-compose.yml ${app}`, `Helm ${app}`]));
    for (const deployment of deployments) {
      it(`${deployment.where}: its /config.json is accepted by the app, its CSP reaches every URL in it, and the services allow its origin`, () => {
        // Fields read from files at start (CZ_WEB_APP_CONFIG_FILES) get the test's stand-in text for that file.
        const fromFiles = Object.fromEntries(
          (deployment.env['CZ_WEB_APP_CONFIG_FILES'] ?? '')
            .split(',')
            .filter((pair) => pair.trim() !== '')
            .map((pair) => pair.split('=')[0]!.trim())
            .map((field) => [field, options.configFiles?.[field] ?? `(no stand-in for ${field})`]),
        );
        const config = options.parseConfig({ ...(JSON.parse(deployment.env['CZ_WEB_APP_CONFIG'] ?? 'null') as object), ...fromFiles }) as Record<string, unknown>;
        const connect = (deployment.env['CZ_WEB_APP_CONNECT_SRC'] ?? '').split(/\s+/);
        const urls = Object.entries(config).filter(([name, value]) => /Url$|^issuer$/.test(name) && typeof value === 'string').map(([, value]) => new URL(value as string));
        expect(urls.length).toBeGreaterThan(0);
        for (const url of urls) expect(connect, `${deployment.where}: connect-src for ${url.href}`).toContain(url.protocol.startsWith('ws') ? url.origin.replace(/^http/, 'ws') : url.origin);
        if (typeof config['issuer'] === 'string') expect((deployment.env['CZ_WEB_APP_FORM_ACTION'] ?? '').split(/\s+/)).toContain(new URL(config['issuer']).origin);
        for (const [index, list] of deployment.cors.entries()) expect(list.split(','), `${deployment.where}: CORS of ${BROWSER_CALLED_SERVICES.compose[index]}`).toContain(deployment.origin);
      });
    }
  });
}

function helmOrigin(app: string): string {
  const host = renderChart().documents.find((document) => document['kind'] === 'Ingress' && JSON.stringify(document).includes(`"name":"${app}"`));
  const rule = (host?.['spec'] as { rules: Array<{ host: string; http: { paths: Array<{ backend: { service: { name: string } } }> } }> } | undefined)?.rules.find((candidate) => candidate.http.paths.some((path) => path.backend.service.name === app));
  return rule ? `https://${rule.host}` : `(no Ingress rule for ${app})`;
}
