import { loadBackofficeConfig } from '@dsar/backoffice';
import { loadCollectorHttpConfig } from '@dsar/collector-http';
import { loadCollectorManualConfig } from '@dsar/collector-manual';
import { loadCollectorConfig } from '@dsar/collector-postgres';
import { loadCollectorPushConfig } from '@dsar/collector-push';
import { loadFulfilmentConfig } from '@dsar/fulfilment';
import { loadIdentityConfig } from '@dsar/identity';
import { loadIntakeConfig } from '@dsar/intake';
import { loadNotificationConfig } from '@dsar/notification';
import { Environment } from '@dsar/platform';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { ServiceName, SERVICES } from './services';

const REPO_ROOT = resolve(__dirname, '../../..');
const read = (path: string) => readFileSync(join(REPO_ROOT, path), 'utf8');

/** What a deployment runs: the services of both local modes, and the collectors only real systems need. */
const DEPLOYED = [...SERVICES, 'collector-http', 'collector-push'] as const;
type DeployedService = ServiceName | 'collector-http' | 'collector-push';

/** Every service's configuration loader: a deployment whose settings it refuses would never start. */
const LOADERS: Record<DeployedService, (env: Environment) => unknown> = {
  intake: loadIntakeConfig,
  identity: loadIdentityConfig,
  fulfilment: loadFulfilmentConfig,
  notification: loadNotificationConfig,
  backoffice: loadBackofficeConfig,
  'collector-postgres': loadCollectorConfig,
  'collector-manual': loadCollectorManualConfig,
  'collector-http': loadCollectorHttpConfig,
  'collector-push': loadCollectorPushConfig,
};

function envFile(path: string): Record<string, string> {
  return Object.fromEntries(
    read(path)
      .split('\n')
      .filter((line) => /^[A-Z0-9_]+=/.test(line))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

describe('docker/compose.yaml', () => {
  const secrets = envFile('docker/.env.example');
  // Compose interpolates ${NAME:?message} in the parsed strings, here from the example env file.
  const interpolate = (value: unknown): unknown => {
    if (typeof value === 'string') {
      return value.replace(/\$\{([A-Z0-9_]+)(?::\?[^}]*|:-([^}]*))?\}/g, (_, name: string, fallback?: string) => {
        if (name in secrets) return secrets[name];
        if (fallback !== undefined) return fallback;
        throw new Error(`docker/.env.example lacks ${name}`);
      });
    }
    if (Array.isArray(value)) return value.map(interpolate);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v)]));
    return value;
  };
  const compose = interpolate(parse(read('docker/compose.yaml'), { merge: true })) as {
    services: Record<string, { command?: string[]; environment?: Record<string, string>; depends_on?: Record<string, unknown> }>;
  };

  it.each([...DEPLOYED])('runs %s with settings its configuration accepts', (service) => {
    const definition = compose.services[service];
    expect(definition).toBeDefined();
    expect(definition.command).toEqual([`dist/apps/${service}/src/main.js`]);
    expect(() => LOADERS[service]({ ...definition.environment })).not.toThrow();
  });

  it('starts every command that exists, and only after what it depends on is defined', () => {
    for (const [name, definition] of Object.entries(compose.services)) {
      for (const script of (definition.command ?? []).filter((arg) => arg.startsWith('dist/')))
        expect(existsSync(join(REPO_ROOT, sourceOf(script)))).toBe(true);
      for (const dependency of Object.keys(definition.depends_on ?? {}))
        expect(compose.services).toHaveProperty(dependency, expect.anything());
      expect(name).toMatch(/^[a-z0-9-]+$/);
    }
  });
});

/** The TypeScript a built entry point (`dist/….js`, written by `npm run build`) is compiled from. */
function sourceOf(script: string): string {
  return script.replace(/^dist\//, '').replace(/\.js$/, '.ts');
}

describe('k8s/ (kustomize base and overlays)', () => {
  const kustomization = parse(read('k8s/base/kustomization.yaml')) as {
    resources: string[];
    configMapGenerator: Array<{ name: string; literals: string[] }>;
  };
  const config = Object.fromEntries(
    kustomization.configMapGenerator
      .find((generator) => generator.name === 'dsar-config')!
      .literals.map((literal) => [literal.slice(0, literal.indexOf('=')), literal.slice(literal.indexOf('=') + 1)]),
  );
  const secrets = envFile('k8s/secrets.example.env');

  it.each([...DEPLOYED])('deploys %s with settings its configuration accepts, and probes its health', (service) => {
    expect(kustomization.resources).toContain(`${service}.yaml`);
    const documents = parseAllDocuments(read(`k8s/base/${service}.yaml`)).map((doc) => doc.toJS());
    const deployment = documents.find((doc) => doc.kind === 'Deployment');
    const container = deployment.spec.template.spec.containers[0];
    expect(container.args).toEqual([`dist/apps/${service}/src/main.js`]);
    expect(container.readinessProbe.httpGet.path).toBe('/health');
    expect(deployment.spec.template.metadata.annotations).toMatchObject({
      'prometheus.io/scrape': 'true',
      'prometheus.io/path': '/metrics',
    });
    // Blobs live in the S3-compatible bucket: no volume shared between pods, whatever the node.
    expect(deployment.spec.template.spec.volumes).toBeUndefined();
    expect(container.volumeMounts).toBeUndefined();
    expect(documents.find((doc) => doc.kind === 'Service')?.metadata.name).toBe(service);
    const own = Object.fromEntries((container.env ?? []).map((entry: { name: string; value: string }) => [entry.name, entry.value]));
    expect(() => LOADERS[service]({ ...config, ...secrets, ...own })).not.toThrow();
    if (service !== 'notification' && service !== 'backoffice' && service !== 'collector-http') {
      expect(LOADERS[service]({ ...config, ...secrets, ...own })).toMatchObject({ STORAGE_BACKEND: 's3', S3_BUCKET: 'dsar-blobs' });
    }
  });

  it('lists only files that exist, in the base and in each overlay', () => {
    for (const folder of ['k8s/base', 'k8s/overlays/local', 'k8s/overlays/production']) {
      const { resources } = parse(read(`${folder}/kustomization.yaml`)) as { resources: string[] };
      for (const resource of resources) expect(existsSync(join(REPO_ROOT, folder, resource))).toBe(true);
    }
  });
});
