/**
 * The model repository on disk: models/<name>/<version>/{manifest.json, model.onnx, variants...,
 * golden.json}. A graph is read into memory and its sha256 checked against the manifest before ONNX
 * Runtime ever parses it; the checked bytes are what the workers load.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { IntegrityError, ManifestError, ModelNotFoundError } from '../errors/inference.errors';
import { readGolden, type Golden } from './golden';
import { modelManifestSchema, type ModelManifest } from './manifest';

export const FP32 = 'fp32';

export interface ModelFiles {
  manifest: ModelManifest;
  directory: string;
  variant: string;
  graph: Uint8Array;
  golden?: Golden;
}

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Parses and cross-checks a manifest; `source` names it in errors. */
export function parseManifest(raw: unknown, source: string): ModelManifest {
  const parsed = modelManifestSchema.safeParse(raw);
  if (!parsed.success) throw new ManifestError(`${source} is not a valid manifest:\n${z.prettifyError(parsed.error)}`);
  const manifest = parsed.data;
  const outputs = new Map(manifest.outputs.map((o) => [o.name, o]));
  const problems: string[] = [];
  for (const key of ['routerWeightsOutput', 'routerIndicesOutput'] as const) {
    const output = outputs.get(manifest.moe[key]);
    if (!output) problems.push(`moe.${key} names "${manifest.moe[key]}", which is not an output`);
    else if (output.shape.length < 2 || output.shape.at(-1) !== manifest.moe.topK) {
      problems.push(`moe.${key} "${output.name}" must be [batch, ${manifest.moe.topK}] (or [batch, seq, ${manifest.moe.topK}]), is [${output.shape.join(', ')}]`);
    }
  }
  if (manifest.moe.topK > manifest.moe.experts) problems.push(`moe.topK ${manifest.moe.topK} exceeds moe.experts ${manifest.moe.experts}`);
  if (FP32 in manifest.variants) problems.push(`variants may not be named "${FP32}" (that is the main graph)`);
  for (const d of manifest.drift) {
    if (d.reference.length !== d.edges.length + 1) problems.push(`drift "${d.name}" needs ${d.edges.length + 1} reference shares, has ${d.reference.length}`);
    if (![...manifest.inputs, ...manifest.outputs].some((t) => t.name === d.tensor)) problems.push(`drift "${d.name}" reads "${d.tensor}", which is neither an input nor an output`);
  }
  if (problems.length > 0) throw new ManifestError(`${source}: ${problems.join('; ')}`);
  return manifest;
}

export class ModelRepository {
  constructor(readonly root: string) {}

  names(): string[] {
    if (!existsSync(this.root)) return [];
    return readdirSync(this.root, { withFileTypes: true })
      .filter((d) => d.isDirectory() && this.versions(d.name).length > 0)
      .map((d) => d.name)
      .sort();
  }

  /** Versions that have a manifest, oldest first. */
  versions(name: string): string[] {
    const dir = join(this.root, name);
    if (!/^[a-z0-9-]+$/.test(name) || !existsSync(dir)) return [];
    return readdirSync(dir)
      .filter((v) => /^\d+\.\d+\.\d+$/.test(v) && existsSync(join(dir, v, 'manifest.json')))
      .sort(compareVersions);
  }

  latestVersion(name: string): string {
    const latest = this.versions(name).at(-1);
    if (!latest) throw new ModelNotFoundError(`no model "${name}" under ${this.root}`);
    return latest;
  }

  manifest(name: string, version: string): ModelManifest {
    if (!this.versions(name).includes(version)) {
      const known = this.versions(name);
      throw new ModelNotFoundError(`no version ${version} of "${name}" under ${this.root}${known.length ? ` (have ${known.join(', ')})` : ''}`);
    }
    const path = join(this.root, name, version, 'manifest.json');
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new ManifestError(`${path} is not readable JSON: ${(error as Error).message}`);
    }
    const manifest = parseManifest(raw, path);
    if (manifest.name !== name || manifest.version !== version) {
      throw new ManifestError(`${path} describes ${manifest.name}@${manifest.version}, but sits in ${name}/${version}`);
    }
    return manifest;
  }

  /** Reads a graph and refuses it unless its size and sha256 are the manifest's. */
  open(name: string, version: string, variant: string = FP32): ModelFiles {
    const manifest = this.manifest(name, version);
    const directory = join(this.root, name, version);
    const entry = variant === FP32 ? manifest.graph : manifest.variants[variant];
    if (!entry) {
      throw new ModelNotFoundError(`${name}@${version} has no variant "${variant}" (have ${[FP32, ...Object.keys(manifest.variants)].join(', ')})`);
    }
    const path = join(directory, entry.file);
    if (!existsSync(path)) throw new IntegrityError(`${path} is missing (listed in ${name}@${version}'s manifest)`);
    const graph = new Uint8Array(readFileSync(path));
    const sha256 = createHash('sha256').update(graph).digest('hex');
    if (graph.byteLength !== entry.bytes || sha256 !== entry.sha256) {
      throw new IntegrityError(
        `refusing ${path}: its sha256 is ${sha256} (${graph.byteLength} bytes) but the manifest of ${name}@${version} expects ${entry.sha256} (${entry.bytes} bytes)`,
      );
    }
    const goldenPath = join(directory, 'golden.json');
    return { manifest, directory, variant, graph, golden: existsSync(goldenPath) ? readGolden(goldenPath) : undefined };
  }
}
