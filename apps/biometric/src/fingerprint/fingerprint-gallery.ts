import { Inject, Injectable } from '@nestjs/common';
import { type CalibratedScore, type FingerprintTemplate, fuseScores, identify, parseMinutiaeRecord, prepareTemplate } from '@citizen-zero/fingerprint';
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
 * search the id list is compared with PostgreSQL, so templates another replica enrolled or
 * erased are picked up or dropped. 1:N is the library's two-stage search: the global-descriptor
 * pre-filter, then the Minutia Cylinder-Code matcher on the best-ranked share.
 */
@Injectable()
export class FingerprintGallery {
  private readonly fingers = new Map<string, GalleryFinger>();
  private refreshing: Promise<void> | undefined;

  constructor(
    @Inject(BIOMETRIC_CONFIG) private readonly config: BiometricConfig,
    private readonly templates: BiometricTemplateRepository,
    private readonly vault: TemplateVault,
  ) {}

  /** The probe fingers' best matches per subject, fused over fingers, best first. */
  async identify(probes: readonly ProbeFinger[], options: { k: number; excludeSubjects?: readonly string[]; onlySubjects?: readonly string[] }): Promise<FingerprintHit[]> {
    await this.refresh();
    const excluded = new Set(options.excludeSubjects ?? []);
    const only = options.onlySubjects && new Set(options.onlySubjects);
    const eligible = [...this.fingers.values()].filter((finger) => !excluded.has(finger.subjectId) && (!only || only.has(finger.subjectId)));
    // Per subject, per probe finger: the best comparison with any of the subject's same-position fingers.
    const bestBySubject = new Map<string, Map<number, CalibratedScore>>();
    probes.forEach((probe, probeIndex) => {
      const gallery = eligible.filter((finger) => probe.fingerPosition === 0 || finger.fingerPosition === 0 || finger.fingerPosition === probe.fingerPosition).map((finger) => ({ id: finger, template: finger.template }));
      // The configured share of the gallery, but never fewer than 20 fine comparisons.
      const preselect = Math.max(Math.ceil(gallery.length * this.config.fingerprint.preselect), Math.min(gallery.length, 20));
      const candidates = identify(probe.template, gallery, { preselect: Math.max(1, preselect), candidates: Math.max(options.k * 4, 20) });
      for (const candidate of candidates) {
        const perProbe = bestBySubject.get(candidate.id.subjectId) ?? new Map<number, CalibratedScore>();
        const previous = perProbe.get(probeIndex);
        if (!previous || candidate.score.llr > previous.llr) perProbe.set(probeIndex, candidate.score);
        bestBySubject.set(candidate.id.subjectId, perProbe);
      }
    });
    return [...bestBySubject.entries()]
      .map(([subjectId, perProbe]) => {
        const score = fuseScores([...perProbe.values()], this.config.fingerprint.fusion);
        return { subjectId, score: { llr: score.llr, calibrated: score.calibrated }, fingers: perProbe.size };
      })
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
  }
}

/** Prepares a probe finger from a stored template. */
export async function probeFinger(vault: TemplateVault, template: Parameters<TemplateVault['openMinutiae']>[0]): Promise<ProbeFinger> {
  return { fingerPosition: template.fingerPosition ?? 0, template: prepareTemplate(parseMinutiaeRecord(await vault.openMinutiae(template))) };
}
