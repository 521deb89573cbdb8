import type { IdentityClient, IdentitySchemas } from '@citizen-zero/identity-client';
import { type FormEvent, useId, useState } from 'react';
import { expectData } from '../api/api-error';
import type { Official } from '../auth/oidc-session';
import { applicationTitle, STATE_LABELS } from '../components/application-labels';
import { AsyncView, ErrorMessage, useAsync } from '../components/async-state';
import { Link } from '../router';
import type { ScreenProps } from './screen-props';

type Application = IdentitySchemas['ApplicationResponseDto'];
type Candidates = IdentitySchemas['DeduplicationCandidatesDto'];
type Candidate = Candidates['candidates'][number];

interface Loaded {
  readonly application: Application;
  /** Present while the application waits in adjudication. */
  readonly candidates?: Candidates;
}

/** One registered person among the candidates, with the score of each modality that matched. */
interface CandidatePerson {
  readonly personId: string;
  readonly person?: Candidate['person'];
  readonly matches: readonly { readonly modality: string; readonly score: number; readonly threshold?: number }[];
}

/**
 * One application for an approver: in adjudication, the applicant beside each deduplication
 * candidate — portraits, data, modality and score against the threshold — and the decision the
 * identity service models (not a duplicate → review; duplicate → rejected); in review, approval or
 * rejection. The applicant's and candidates' records are decrypted for the official and audited by
 * the service (`application.read`, `person.read` for the adjudication). Maker–checker is the
 * service's rule; its refusal is shown as given.
 */
export function Adjudication({ apis, official, params }: ScreenProps) {
  const id = params['id'] ?? '';
  const identity = apis.identity;
  const [state, reload] = useAsync<Loaded>(async () => {
    const application = await expectData(identity.GET('/applications/{id}', { params: { path: { id } } }));
    if (application.state !== 'adjudication') return { application };
    return { application, candidates: await expectData(identity.GET('/applications/{id}/candidates', { params: { path: { id } } })) };
  });
  const [done, setDone] = useState<string | undefined>();

  return (
    <section aria-labelledby="adjudication-title" className="adjudication">
      <p>
        <Link to="/review">← Review queue</Link>
      </p>
      <AsyncView state={state} label="the application" onRetry={reload}>
        {({ application, candidates }) => (
          <>
            <h1 id="adjudication-title">
              {application.state === 'adjudication' ? 'Adjudication' : 'Application'}: {applicationTitle(application)}
            </h1>
            <p className="notice" role="note">
              The applicant’s data{candidates ? ' and each candidate’s record' : ''} are decrypted for you and recorded in the audit log under your name.
            </p>
            <dl className="application-facts">
              <div>
                <dt>State</dt>
                <dd>
                  <span className={`state state-${application.state}`}>{STATE_LABELS[application.state] ?? application.state}</span>
                </dd>
              </div>
              <div>
                <dt>Filed</dt>
                <dd>
                  {new Date(application.createdAt).toLocaleString()} by {application.createdBy}
                </dd>
              </div>
              {application.submittedBy && (
                <div>
                  <dt>Submitted by</dt>
                  <dd>{application.submittedBy}</dd>
                </div>
              )}
            </dl>
            <p role="status" aria-live="polite" className="message success">
              {done}
            </p>
            <div className="side-by-side">
              <ApplicantCard application={application} />
              {candidates && groupCandidates(candidates.candidates).map((candidate, index) => <CandidateCard key={candidate.personId} candidate={candidate} index={index + 1} />)}
            </div>
            {candidates && <DeduplicationExplanation candidates={candidates} />}
            <Decision
              key={`${application.state}-${application.version}`}
              identity={identity}
              official={official}
              application={application}
              onDecided={(message) => {
                setDone(message);
                reload();
              }}
            />
            <Journal application={application} />
          </>
        )}
      </AsyncView>
    </section>
  );
}

function ApplicantCard({ application }: { readonly application: Application }) {
  const applicant = application.applicant;
  const faces = application.biometricReferences.filter((reference) => reference.modality === 'face').length;
  const fingers = application.biometricReferences.filter((reference) => reference.modality === 'fingerprint').length;
  return (
    <article className="comparison-card applicant-card" aria-label="Applicant">
      <h2>Applicant</h2>
      {applicant?.portrait ? <img className="portrait" src={`data:image/jpeg;base64,${applicant.portrait}`} alt="Portrait of the applicant" /> : <p className="portrait missing">{applicant ? 'No portrait on the application.' : 'A registered person: see their record in citizen search.'}</p>}
      {applicant ? (
        <dl>
          <div>
            <dt>Name</dt>
            <dd>
              {applicant.familyName.toUpperCase()}, {applicant.givenNames}
            </dd>
          </div>
          <div>
            <dt>Born</dt>
            <dd>
              {applicant.birthDate} in {applicant.placeOfBirth}
            </dd>
          </div>
          <div>
            <dt>Sex</dt>
            <dd>{applicant.sex}</dd>
          </div>
          <div>
            <dt>Nationalities</dt>
            <dd>{applicant.nationalities.join(', ')}</dd>
          </div>
        </dl>
      ) : (
        application.personId && (
          <p>
            Registered person <code>{application.personId.slice(0, 8)}</code>
          </p>
        )
      )}
      <p className="captures">
        Captures: {faces} face, {fingers} finger template{fingers === 1 ? '' : 's'}
      </p>
    </article>
  );
}

function CandidateCard({ candidate, index }: { readonly candidate: CandidatePerson; readonly index: number }) {
  const person = candidate.person;
  const name = person ? `${person.familyName.toUpperCase()}, ${person.givenNames}` : 'no registry record';
  return (
    <article className="comparison-card candidate-card" aria-label={`Candidate ${index}: ${name}`}>
      <h2>
        Candidate {index}: {name}
      </h2>
      {person?.portrait ? <img className="portrait" src={`data:image/jpeg;base64,${person.portrait}`} alt={`Portrait of candidate ${index}`} /> : <p className="portrait missing">{person ? 'No portrait on record.' : 'The registry holds no record for this candidate (erased, or unknown to the registry).'}</p>}
      {person && (
        <dl>
          <div>
            <dt>National ID number</dt>
            <dd>{person.nationalIdNumber}</dd>
          </div>
          <div>
            <dt>Born</dt>
            <dd>{person.birthDate}</dd>
          </div>
          <div>
            <dt>Sex</dt>
            <dd>{person.sex}</dd>
          </div>
          <div>
            <dt>Record</dt>
            <dd>{person.status}</dd>
          </div>
        </dl>
      )}
      <ul className="scores" aria-label={`Scores of candidate ${index}`}>
        {candidate.matches.map((match) => (
          <li key={match.modality}>
            <span className="modality">{match.modality === 'face' ? 'Face' : match.modality === 'fingerprint' ? 'Fingerprints' : match.modality}</span> score <strong>{scoreText(match.score)}</strong>
            {match.threshold !== undefined && <> (threshold {scoreText(match.threshold)})</>}
            <meter min={0} max={1} value={match.score} {...(match.threshold !== undefined && { high: match.threshold })} aria-label={`${match.modality} score`} />
          </li>
        ))}
      </ul>
    </article>
  );
}

function DeduplicationExplanation({ candidates }: { readonly candidates: Candidates }) {
  const { thresholds } = candidates;
  return (
    <div className="notice dedup-explanation">
      {candidates.outcome === 'possible-duplicate' && (
        <p>
          The biometric service found {new Set(candidates.candidates.map((candidate) => candidate.personId)).size} possible duplicate(s). Scores are calibrated from 0 to 1: 0.5 means even odds that two captures are of the same person. A candidate is reported from the deduplication threshold (face {scoreText(thresholds.face)}, fingerprints {scoreText(thresholds.fingerprint)}). A score at or above it is a reason to compare, not proof: compare the portraits and the data, and ask the applicant for documents when in doubt.
        </p>
      )}
      {candidates.outcome === 'timed-out' && <p>The biometric service did not answer in time, so there are no candidates to compare. Decide from the documents, or reject so that the application is filed again.</p>}
      {candidates.outcome === 'failed' && <p>Deduplication failed, so there are no candidates to compare. Decide from the documents, or reject so that the biometrics are captured again.</p>}
      {candidates.models.length > 0 && <p className="reference">Models: {candidates.models.join(', ')}</p>}
    </div>
  );
}

type Choice = 'not-duplicate' | 'duplicate' | 'approve' | 'reject';

const CHOICES: Readonly<Record<string, readonly { readonly value: Choice; readonly label: string; readonly hint: string }[]>> = {
  adjudication: [
    { value: 'not-duplicate', label: 'Not a duplicate', hint: 'The applicant is none of the candidates: the application goes on to review.' },
    { value: 'duplicate', label: 'Duplicate', hint: 'The applicant is already registered: the application is rejected.' },
  ],
  review: [
    { value: 'approve', label: 'Approve', hint: 'The identity is established: the person is registered (for a new person) and the documents are issued.' },
    { value: 'reject', label: 'Reject', hint: 'The application ends here.' },
  ],
};

const DONE_MESSAGES: Readonly<Record<Choice, string>> = {
  'not-duplicate': 'Recorded: not a duplicate. The application is now in review.',
  duplicate: 'Recorded: duplicate. The application is rejected.',
  approve: 'Approved. The documents are being issued.',
  reject: 'Rejected.',
};

function Decision(props: { readonly identity: IdentityClient; readonly official: Official; readonly application: Application; readonly onDecided: (message: string) => void }) {
  const { identity, application } = props;
  const choices = CHOICES[application.state];
  const [choice, setChoice] = useState<Choice | undefined>();
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | undefined>();
  const reasonId = useId();
  const problemId = useId();

  if (!choices) {
    return <p className="message empty">This application is {STATE_LABELS[application.state] ?? application.state}: there is nothing to decide here.</p>;
  }
  const isMaker = application.createdBy === props.official.subject || application.submittedBy === props.official.subject;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!choice) {
      setProblem('Choose a decision.');
      return;
    }
    if (reason.trim() === '') {
      setProblem('Give a reason: it is recorded with your decision.');
      return;
    }
    setProblem(undefined);
    setError(undefined);
    setBusy(true);
    try {
      const path = { params: { path: { id: application.id } } };
      const body = { reason: reason.trim() };
      if (choice === 'approve') await expectData(identity.POST('/applications/{id}/approval', { ...path, body }));
      else if (choice === 'reject') await expectData(identity.POST('/applications/{id}/rejection', { ...path, body }));
      else await expectData(identity.POST('/applications/{id}/adjudication', { ...path, body: { ...body, decision: choice } }));
      props.onDecided(`${applicationTitle(application)}: ${DONE_MESSAGES[choice]}`);
    } catch (caught) {
      setError(caught as Error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="decision" onSubmit={(event) => void submit(event)} noValidate aria-label="Decision" aria-describedby={problem ? problemId : undefined}>
      <h2>{application.state === 'adjudication' ? 'Your adjudication' : 'Your decision'}</h2>
      {isMaker && (
        <p className="notice">You filed or submitted this application: the identity service will refuse your decision (maker–checker). Ask another approver.</p>
      )}
      <fieldset>
        <legend>Decision</legend>
        {choices.map((option) => (
          <label key={option.value} className="choice">
            <input type="radio" name="decision" value={option.value} checked={choice === option.value} onChange={() => setChoice(option.value)} />
            <span>
              <strong>{option.label}</strong> — {option.hint}
            </span>
          </label>
        ))}
      </fieldset>
      <label htmlFor={reasonId}>Reason (kept in the application’s journal)</label>
      <textarea id={reasonId} value={reason} onChange={(event) => setReason(event.target.value)} rows={3} required aria-invalid={problem !== undefined && reason.trim() === ''} />
      {problem && (
        <p id={problemId} role="alert" className="message error">
          {problem}
        </p>
      )}
      {error && <ErrorMessage error={error} />}
      <div className="actions">
        <button type="submit" disabled={busy}>
          {busy ? 'Sending…' : 'Record the decision'}
        </button>
      </div>
    </form>
  );
}

function Journal({ application }: { readonly application: Application }) {
  if (application.journal.length === 0) return null;
  return (
    <details className="journal">
      <summary>Journal ({application.journal.length} entries)</summary>
      <ol>
        {application.journal.map((entry, index) => (
          <li key={index}>
            {new Date(entry.at).toLocaleString()}: {entry.from ?? '—'} → {entry.to} by {entry.actor} — {entry.reason}
          </li>
        ))}
      </ol>
    </details>
  );
}

function groupCandidates(candidates: readonly Candidate[]): CandidatePerson[] {
  const byPerson = new Map<string, CandidatePerson>();
  for (const candidate of candidates) {
    const entry = byPerson.get(candidate.personId) ?? { personId: candidate.personId, ...(candidate.person && { person: candidate.person }), matches: [] };
    byPerson.set(candidate.personId, { ...entry, matches: [...entry.matches, { modality: candidate.modality, score: candidate.score, ...(candidate.threshold !== undefined && { threshold: candidate.threshold }) }] });
  }
  return [...byPerson.values()];
}

/** Three decimals: fingerprint scores crowd just under 1, where two decimals would round a 0.995 next to a 0.99 threshold. */
function scoreText(score: number): string {
  return score.toFixed(3);
}
