/**
 * deploy/kubernetes/watch.yaml works when copied (no kubectl here: parsed with js-yaml and checked field by field):
 * hardened pods, secrets only by reference, the queue on the claim, the desired state read-only and where git-sync
 * puts it, probes on /healthz, a watch command line the CLI accepts, and only the event path exposed to the Internet.
 */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { parseArgs } from 'node:util';
import { loadAll } from 'js-yaml';
import { loadCommands } from '../../src/commands/index.js';
import { parseWatchOptions } from '../../src/commands/watch.js';

type Yaml = Record<string, any>;

const FILE = 'deploy/kubernetes/watch.yaml';
const docs = loadAll(readFileSync(FILE, 'utf8')) as Yaml[];
const byKind = (kind: string): Yaml => docs.find((d) => d.kind === kind)!;
const deployment = byKind('Deployment');
const pod = deployment.spec.template.spec as Yaml;
const containers = [...(pod.initContainers ?? []), ...pod.containers] as Yaml[];
const watch = pod.containers.find((c: Yaml) => c.name === 'watch') as Yaml;
const gitSync = containers.filter((c) => String(c.image).includes('git-sync'));
const watchCommand = (await loadCommands()).find((c) => c.name === 'watch')!;
const parsed = parseArgs({ args: watch.args.slice(1), options: watchCommand.options, allowPositionals: false, strict: true });
const args = parsed.values as Record<string, string | boolean>;
/** What watch makes of that command line, defaults included. */
const options = parseWatchOptions(parsed);

const envValue = (container: Yaml, name: string): string | undefined => container.env?.find((e: Yaml) => e.name === name)?.value;
const mountFor = (container: Yaml, path: string): Yaml | undefined =>
  (container.volumeMounts as Yaml[]).filter((m) => path === m.mountPath || path.startsWith(`${m.mountPath}/`)).sort((a, b) => b.mountPath.length - a.mountPath.length)[0];
const volume = (name: string): Yaml => (pod.volumes as Yaml[]).find((v) => v.name === name)!;

describe(FILE, () => {
  it('holds a claim, one Deployment, a Service and an Ingress, and no Secret values', () => {
    expect(docs.map((d) => d.kind)).toEqual(['PersistentVolumeClaim', 'Deployment', 'Service', 'Ingress']);
    expect(docs.some((d) => d.kind === 'Secret')).toBe(false);
  });

  it('runs one pod at a time: the queue is one file under a run lock', () => {
    expect(deployment.spec.replicas).toBe(1);
    expect(deployment.spec.strategy.type).toBe('Recreate');
    expect(byKind('PersistentVolumeClaim').spec.accessModes).toEqual(['ReadWriteOnce']);
  });

  it('every container is non-root, read-only, without privilege escalation or capabilities, with requests and a memory limit', () => {
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000, seccompProfile: { type: 'RuntimeDefault' } });
    expect(containers.map((c) => c.name)).toEqual(['git-clone', 'watch', 'git-sync']);
    for (const container of containers) {
      expect({ name: container.name, securityContext: container.securityContext }).toEqual({
        name: container.name,
        securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] } },
      });
      expect(container.resources.requests).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
      expect(container.resources.limits.memory).toEqual(expect.any(String));
    }
  });

  it('runs `watch` with flags the CLI accepts, listening on all interfaces on its container port', () => {
    expect(watch.args[0]).toBe('watch');
    expect(args.host).toBe('0.0.0.0');
    expect(options.host).toBe('0.0.0.0');
    expect(watch.ports).toEqual([{ name: 'http', containerPort: options.port }]);
  });

  it('takes the Zoom credentials and the webhook secret token from Secrets, never as values', () => {
    for (const name of ['ZOOM_ACCOUNT_ID', 'ZOOM_CLIENT_ID', 'ZOOM_CLIENT_SECRET', 'ZOOM_WEBHOOK_SECRET_TOKEN']) {
      const entry = (watch.env as Yaml[]).find((e) => e.name === name)!;
      expect({ name, value: entry.value, secret: entry.valueFrom?.secretKeyRef?.key }).toEqual({ name, value: undefined, secret: name });
    }
  });

  it('keeps the queue and the journal on the claim, and writes nowhere else but /tmp', () => {
    const claim = byKind('PersistentVolumeClaim').metadata.name;
    for (const path of [options.queuePath, args.journal] as string[]) {
      const mount = mountFor(watch, path)!;
      expect({ path, claim: volume(mount.name).persistentVolumeClaim?.claimName, readOnly: mount.readOnly ?? false }).toEqual({ path, claim, readOnly: false });
    }
    const writable = (watch.volumeMounts as Yaml[]).filter((m) => !m.readOnly).map((m) => m.mountPath).sort();
    expect(writable).toEqual(['/tmp', '/work']);
  });

  it('reads the desired state read-only from where git-sync links the checkout, cloned before watch starts', () => {
    const dir = options.dir;
    for (const sync of gitSync) expect(posix.join(envValue(sync, 'GITSYNC_ROOT')!, envValue(sync, 'GITSYNC_LINK')!, 'desired-state')).toBe(dir);
    const mount = mountFor(watch, dir)!;
    expect(mount.readOnly).toBe(true);
    expect(volume(mount.name).emptyDir).toEqual({});
    for (const sync of gitSync) expect(mountFor(sync, envValue(sync, 'GITSYNC_ROOT')!)!.name).toBe(mount.name);
    expect(pod.initContainers.map((c: Yaml) => [c.name, c.args])).toEqual([['git-clone', ['--one-time']]]);
  });

  it('probes /healthz on the named port', () => {
    for (const probe of [watch.livenessProbe, watch.readinessProbe]) expect(probe.httpGet).toEqual({ path: '/healthz', port: 'http' });
  });

  it('the Service selects the pod; the Ingress exposes only the event path, over TLS', () => {
    const service = byKind('Service');
    expect(service.spec.selector).toEqual(deployment.spec.template.metadata.labels);
    expect(service.spec.ports[0].targetPort).toBe('http');
    const ingress = byKind('Ingress');
    expect(ingress.spec.tls).toHaveLength(1);
    const paths = ingress.spec.rules.flatMap((rule: Yaml) => rule.http.paths);
    expect(paths.map((p: Yaml) => [p.path, p.pathType, p.backend.service.name])).toEqual([[options.path, 'Exact', service.metadata.name]]);
  });
});
