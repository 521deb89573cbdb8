import { Inject, Injectable } from '@nestjs/common';
import { type CalibratedScore, compare, type FingerprintTemplate, fuseScores, identify, parseMinutiaeRecord, prepareTemplate } from '@citizen-zero/fingerprint';
import { BIOMETRIC_CONFIG, type BiometricConfig } from '../config/biometric-config';
import { BiometricTemplateRepository } from '../templates/biometric-template.repository';
import { TemplateVault } from '../templates/template-vault';

interface GalleryFinger {
  readonly templateId: string;
  readonly subjectId: string;
  /** 0 = unknown. */
  readonly fingerPosition: number;
  readonly template: FingerprintTemplate;
}

export interface ProbeFinger {
  readonly fingerPosition: number;
  readonly template: FingerprintTemplate;
}

export interface FingerprintHit {
  readonly subjectId: string;
  /** Fused over the probe's fingers (see `fuseScores`). */
  readonly score: CalibratedScore;
  readonly fingers: number;
}

/**
 * The fingerprint gallery: enrolled templates decrypted and prepared once, held in this process
 * (MCC templates are compared in memory; there is no database index for minutiae). Before each
 * search the gallery's version in PostgreSQL (bumped by a trigger) is compared with the loaded
 * one; when it changed, the id list is compared, so templates another replica enrolled or erased
 * are picked up or dropped. 1:N is the library's two-stage search: the global-descriptor
 * pre-filter, then the Minutia Cylinder-Code matcher on the best-ranked share.
 */
@Injectable()
export class FingerprintGallery {
  private readonly fingers = new Map<string, GalleryFinger>();
  private refreshing: Promise<void> | undefined;
  /** The gallery version the in-memory templates reflect. */
  private loadedVersion: string | undefined;

  constructor(
    @Inject(BIOMETRIC_CONFIG) private readonly config: BiometricConfig,
    private readonly templates: BiometricTemplateRepository,
    private readonly vault: TemplateVault,
  ) {}

  /**
   * The probe fingers' best matches per subject, fused over fingers, best first. Two stages: each
   * probe finger's 1:N search (pre-filter + fine matcher) nominates candidate subjects; then every
   * candidate is compared on all probe fingers, so a finger that did not nominate a subject still
   * counts against it (fusing only the nominating fingers would inflate impostor scores).
   */
  async identify(probes: readonly ProbeFinger[], options: { k: number; excludeSubjects?: readonly string[]; onlySubjects?: readonly string[] }): Promise<FingerprintHit[]> {
    await this.refresh();
    const excluded = new Set(options.excludeSubjects ?? []);
    const only = options.onlySubjects && new Set(options.onlySubjects);
    const eligible = [...this.fingers.values()].filter((finger) => !excluded.has(finger.subjectId) && (!only || only.has(finger.subjectId)));
    const candidates = new Set<string>();
    for (const probe of probes) {
      const gallery = eligible.filter((finger) => samePosition(probe.fingerPosition, finger.fingerPosition)).map((finger) => ({ id: finger.subjectId, template: finger.template }));
      // The configured share of the gallery, but never fewer than 20 fine comparisons.
      const preselect = Math.max(Math.ceil(gallery.length * this.config.fingerprint.preselect), Math.min(gallery.length, 20));
      for (const candidate of identify(probe.template, gallery, { preselect: Math.max(1, preselect), candidates: Math.max(options.k * 4, 20) })) candidates.add(candidate.id);
    }
    const fingersOf = new Map<string, GalleryFinger[]>();
    for (const finger of eligible) if (candidates.has(finger.subjectId)) fingersOf.set(finger.subjectId, [...(fingersOf.get(finger.subjectId) ?? []), finger]);
    return [...fingersOf.entries()]
      .map(([subjectId, fingers]) => {
        const fused = fuseFingers(probes, fingers, this.config.fingerprint.fusion);
        return { subjectId, score: { llr: fused.llr, calibrated: fused.calibrated }, fingers: fused.fingers };
      })
      .filter((hit) => hit.fingers > 0)
      .sort((a, b) => b.score.llr - a.score.llr || (a.subjectId < b.subjectId ? -1 : 1))
      .slice(0, options.k);
  }

  /** This process erased a subject: drop it now rather than at the next refresh. */
  forgetSubject(subjectId: string): void {
    for (const [id, finger] of this.fingers) if (finger.subjectId === subjectId) this.fingers.delete(id);
  }

  forgetTemplate(templateId: string): void {
    this.fingers.delete(templateId);
  }

  get size(): number {
    return this.fingers.size;
  }

  private refresh(): Promise<void> {
    this.refreshing ??= this.load().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private async load(): Promise<void> {
    // One small query per search while the gallery is unchanged; the id list only when it changed.
    const version = await this.templates.fingerprintGalleryVersion();
    if (version === this.loadedVersion) return;
    const current = new Set<string>();
    let after: string | undefined;
    for (;;) {
      const page = await this.templates.enrolledFingerprintIds(after, 5000);
      if (page.length === 0) break;
      const missing: string[] = [];
      for (const row of page) {
        current.add(row.id);
        const known = this.fingers.get(row.id);
        if (!known || known.subjectId !== row.subjectId) missing.push(row.id);
      }
      for (const template of await this.templates.findMany(missing)) {
        if (!template.subjectId) continue;
        const record = parseMinutiaeRecord(await this.vault.openMinutiae(template));
        this.fingers.set(template.id, { templateId: template.id, subjectId: template.subjectId, fingerPosition: template.fingerPosition ?? 0, template: prepareTemplate(record) });
      }
      after = page[page.length - 1]!.id;
    }
    for (const id of this.fingers.keys()) if (!current.has(id)) this.fingers.delete(id);
    // Read before listing: a change made meanwhile bumps the version again and is picked up next time.
    this.loadedVersion = version;
  }
}

/** Finger positions match when equal or when either is unknown (0). */
function samePosition(a: number, b: number): boolean {
  return a === 0 || b === 0 || a === b;
}

/**
 * Multi-finger comparison: each probe finger against the target's fingers at the same position
 * (any position when one is unknown), the best per probe finger, fused (libs/fingerprint).
 * `fingers` is how many probe fingers had a counterpart.
 */
export function fuseFingers(probes: readonly ProbeFinger[], targets: readonly ProbeFinger[], rule: 'sum-llr' | 'max-llr'): CalibratedScore & { fingers: number } {
  const perProbe: CalibratedScore[] = [];
  for (const probe of probes) {
    let best: CalibratedScore | undefined;
    for (const target of targets) {
      if (!samePosition(probe.fingerPosition, target.fingerPosition)) continue;
      const score = compare(probe.template, target.template);
      if (!best || score.llr > best.llr) best = score;
    }
    if (best) perProbe.push(best);
  }
  if (perProbe.length === 0) return { llr: -Infinity, calibrated: 0, fingers: 0 };
  const fused = fuseScores(perProbe, rule);
  return { llr: fused.llr, calibrated: fused.calibrated, fingers: perProbe.length };
}

/** Prepares a probe finger from a stored template. */
export async function probeFinger(vault: TemplateVault, template: Parameters<TemplateVault['openMinutiae']>[0]): Promise<ProbeFinger> {
  return { fingerPosition: template.fingerPosition ?? 0, template: prepareTemplate(parseMinutiaeRecord(await vault.openMinutiae(template))) };
}
