/**
 * The scale-out topology in deploy/ (docker-compose.yml with nginx.conf, and the Kubernetes
 * manifests in deploy/k8s/): every file parses, the replicas are configured as the server reads
 * its configuration (the same key for all, the replay store at the Redis service's address),
 * and ports, probes and the autoscaler's target all name what exists. The topology itself runs
 * for real in packages/cli/src/commands/serve-scale-out.test.ts.
 */
import { unwrap } from '@verilab/core';
import { loadServerConfig } from '@verilab/openenv';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');
const SAMPLE_KEY = 'ab'.repeat(32);

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- manifests are arbitrary YAML
type Doc = any;

function documents(file: string): Doc[] {
  return parseAllDocuments(read(file)).map((document) => {
    expect(document.errors, file).toEqual([]);
    return document.toJS();
  });
}

/** The server configuration these environment variables give, as `verilab serve` loads it. */
function serverConfigFrom(env: Record<string, string>) {
  return unwrap(loadServerConfig(env, {}), 'server configuration');
}

describe('deploy/k8s', () => {
  const all = [...documents('deploy/k8s/verilab.yaml'), ...documents('deploy/k8s/redis.yaml')];
  const find = (kind: string, name: string): Doc => {
    const found = all.find((doc) => doc.kind === kind && doc.metadata.name === name);
    expect(found, `${kind} ${name}`).toBeDefined();
    return found;
  };

  it('runs replicas with probes on /health at the port the server listens on, sharing the key and the Redis replay store', () => {
    const deployment = find('Deployment', 'verilab');
    const container = deployment.spec.template.spec.containers[0];
    const env = Object.fromEntries(container.env.filter((e: Doc) => e.value !== undefined).map((e: Doc) => [e.name, e.value]));
    const keyFrom = container.env.find((e: Doc) => e.name === 'VERILAB_TOKEN_KEY')?.valueFrom?.secretKeyRef;
    expect(keyFrom).toEqual({ name: 'verilab-token-key', key: 'key' });
    const config = serverConfigFrom({ ...env, VERILAB_TOKEN_KEY: SAMPLE_KEY });
    const port = container.ports.find((p: Doc) => p.name === 'http');
    expect(port.containerPort).toBe(config.port);
    for (const probe of [container.readinessProbe, container.livenessProbe]) expect(probe.httpGet).toEqual({ path: '/health', port: 'http' });
    expect(deployment.spec.selector.matchLabels).toEqual(deployment.spec.template.metadata.labels);

    const redisService = find('Service', 'verilab-redis');
    expect(config.replayStore).toEqual({ host: redisService.metadata.name, port: redisService.spec.ports[0].port });
    const redis = find('Deployment', 'verilab-redis');
    expect(redis.spec.template.spec.containers[0].ports[0]).toMatchObject({ name: redisService.spec.ports[0].targetPort, containerPort: 6379 });
    expect(redisService.spec.selector).toEqual(redis.spec.template.metadata.labels);
  });

  it('puts a Service in front and an autoscaler on the Deployment', () => {
    const service = find('Service', 'verilab');
    expect(service.spec.selector).toEqual(find('Deployment', 'verilab').spec.template.metadata.labels);
    expect(service.spec.ports[0].targetPort).toBe('http');
    const hpa = find('HorizontalPodAutoscaler', 'verilab');
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'verilab' });
    expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
    expect(hpa.spec.maxReplicas).toBeGreaterThan(hpa.spec.minReplicas);
  });
});

describe('deploy/docker-compose.yml', () => {
  const compose = parse(read('deploy/docker-compose.yml')) as Doc;
  const nginxConf = read('deploy/nginx.conf');

  it('runs replicas of the repository image with the Redis replay store, behind nginx round-robin', () => {
    const verilab = compose.services.verilab;
    expect(path.resolve(ROOT, 'deploy', verilab.build.context)).toBe(ROOT);
    expect(verilab.deploy.replicas).toBeGreaterThanOrEqual(2);
    expect(verilab.environment.VERILAB_TOKEN_KEY).toMatch(/^\$\{VERILAB_TOKEN_KEY:\?/);
    const config = serverConfigFrom({ ...verilab.environment, VERILAB_TOKEN_KEY: SAMPLE_KEY });
    expect(config.replayStore).toEqual({ host: 'redis', port: 6379 });
    expect(compose.services.redis.image).toMatch(/^redis:/);
    expect(verilab.expose).toEqual([String(config.port)]);

    const nginx = compose.services.nginx;
    expect(nginx.volumes).toContain('./nginx.conf:/etc/nginx/nginx.conf:ro');
    expect(nginxConf).toMatch(new RegExp(`upstream verilab \\{\\s*server verilab:${config.port};`));
    expect(nginxConf).toMatch(/proxy_pass http:\/\/verilab;/);
    // WebSocket sessions pass through, and the server sees the Host (port included) a browser's Origin names.
    expect(nginxConf).toMatch(/proxy_set_header Upgrade \$http_upgrade;/);
    expect(nginxConf).toMatch(/proxy_set_header Host \$http_host;/);
    const listen = /listen (\d+);/.exec(nginxConf)?.[1];
    expect(nginx.ports).toEqual([`${config.port}:${listen}`]);
  });
});
