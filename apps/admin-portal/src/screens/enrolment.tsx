import type { IdentityClient, IdentitySchemas } from '@citizen-zero/identity-client';
import { type FormEvent, type ReactNode, useId, useRef, useState } from 'react';
import { expectData } from '../api/api-error';
import { APPLICATION_TYPE_LABELS, type ApplicationType, applicationTitle } from '../components/application-labels';
import { type AsyncState, AsyncView, ErrorMessage } from '../components/async-state';
import { type FingerprintFile, FingerprintUpload, keptFingerprintReferences } from '../components/fingerprint-upload';
import { type AcceptedPortrait, PortraitCapture } from '../components/portrait-capture';
import type { ScreenProps } from './screen-props';

type Person = IdentitySchemas['PersonResponseDto'];
type Applicant = IdentitySchemas['RegisterPersonDto'];
type CreateApplication = IdentitySchemas['CreateApplicationDto'];
type Application = IdentitySchemas['ApplicationResponseDto'];

/** What each application type asks for, as the identity service models it (apps/identity/src/applications). */
const TYPES: readonly { readonly type: ApplicationType; readonly hint: string }[] = [
  { type: 'national-id-first', hint: 'Registers a new person: their data, portrait and biometrics. Deduplicated against everyone enrolled.' },
  { type: 'birth-registration', hint: 'Registers a newborn with their parents. No biometrics: it goes straight to review.' },
  { type: 'national-id-renewal', hint: 'A registered person: find them by national ID number, then capture their biometrics again.' },
  { type: 'national-id-replacement', hint: 'A registered person whose card was lost, stolen or damaged (the old card is revoked on approval).' },
  { type: 'passport', hint: 'A registered person applying for a passport.' },
  { type: 'mdl', hint: 'A registered person applying for a mobile driving licence, with their vehicle categories.' },
];

/** Applications that register a new person carry the applicant's data; the others name a registered person. */
const CREATES_PERSON: ReadonlySet<ApplicationType> = new Set(['birth-registration', 'national-id-first']);
/** Newborns are not enrolled biometrically. */
const NEEDS_BIOMETRICS = (type: ApplicationType) => type !== 'birth-registration';
/** The identity service takes at most 12 biometric references per application. */
const MAX_REFERENCES = 12;

interface ApplicantFields {
  familyName: string;
  givenNames: string;
  birthDate: string;
  placeOfBirth: string;
  sex: '' | 'F' | 'M' | 'X';
  nationalities: string;
  addressLine: string;
  locality: string;
  postalCode: string;
  country: string;
}

interface ParentFields {
  role: 'mother' | 'father' | 'parent';
  familyName: string;
  givenNames: string;
}

const EMPTY_APPLICANT: ApplicantFields = { familyName: '', givenNames: '', birthDate: '', placeOfBirth: '', sex: '', nationalities: '', addressLine: '', locality: '', postalCode: '', country: '' };
const EMPTY_PARENTS: readonly ParentFields[] = [
  { role: 'mother', familyName: '', givenNames: '' },
  { role: 'father', familyName: '', givenNames: '' },
];

type StepName = 'create' | 'submit' | 'biometrics';
type StepStatus = 'waiting' | 'running' | 'done' | 'failed';
const STEP_LABELS: Readonly<Record<StepName, string>> = {
  create: 'Filing the application',
  submit: 'Submitting it for review',
  biometrics: 'Recording the biometric captures and asking for deduplication',
};

interface Submission {
  readonly steps: readonly { readonly name: StepName; readonly status: StepStatus }[];
  readonly applicationId?: string;
  readonly error?: Error;
  readonly result?: Application;
}

/**
 * A registrar's enrolment desk: the application (of the types the identity service supports),
 * the applicant's data or the registered person it concerns, the portrait from the camera or a
 * file with the biometric service's quality and liveness feedback, fingerprint minutiae records,
 * then submission — filing, submitting and recording the captures (which starts deduplication)
 * with the progress of each step, resumable where it stopped.
 */
export function Enrolment({ apis }: ScreenProps) {
  const [type, setType] = useState<ApplicationType>('national-id-first');
  const [applicant, setApplicant] = useState<ApplicantFields>(EMPTY_APPLICANT);
  const [parents, setParents] = useState<readonly ParentFields[]>(EMPTY_PARENTS);
  const [person, setPerson] = useState<Person | undefined>();
  const [replacementReason, setReplacementReason] = useState<'' | 'lost' | 'stolen' | 'damaged'>('');
  const [vehicleCategories, setVehicleCategories] = useState('');
  const [note, setNote] = useState('');
  const [portrait, setPortrait] = useState<AcceptedPortrait | undefined>();
  const [fingerprints, setFingerprints] = useState<readonly FingerprintFile[]>([]);
  const [problems, setProblems] = useState<readonly string[]>([]);
  const [submission, setSubmission] = useState<Submission | undefined>();
  const problemsRef = useRef<HTMLDivElement>(null);
  const ids = { type: useId(), note: useId(), reason: useId(), categories: useId() };

  const createsPerson = CREATES_PERSON.has(type);
  const biometrics = NEEDS_BIOMETRICS(type);
  // The form can be changed until the application is filed (a refused filing leaves it editable).
  const locked = submission !== undefined && !(submission.error !== undefined && submission.applicationId === undefined);

  const reset = () => {
    setType('national-id-first');
    setApplicant(EMPTY_APPLICANT);
    setParents(EMPTY_PARENTS);
    setPerson(undefined);
    setReplacementReason('');
    setVehicleCategories('');
    setNote('');
    setPortrait(undefined);
    setFingerprints([]);
    setProblems([]);
    setSubmission(undefined);
  };

  const validate = (): string[] => {
    const found: string[] = [];
    if (createsPerson) {
      const required: [keyof ApplicantFields, string][] = [
        ['familyName', 'the family name'],
        ['givenNames', 'the given names'],
        ['birthDate', 'the date of birth'],
        ['placeOfBirth', 'the place of birth'],
        ['sex', 'the sex'],
      ];
      for (const [field, label] of required) if (applicant[field].trim() === '') found.push(`Enter ${label}.`);
      if (codes(applicant.nationalities).length === 0 || codes(applicant.nationalities).some((code) => !/^[A-Z]{2}$/.test(code))) found.push('Enter the nationalities as two-letter country codes (ISO 3166-1), separated by commas.');
      const addressGiven = [applicant.addressLine, applicant.locality, applicant.postalCode, applicant.country].some((value) => value.trim() !== '');
      if (type === 'national-id-first' || addressGiven) {
        if (applicant.addressLine.trim() === '' || applicant.locality.trim() === '') found.push('Enter the residence address: street and locality.');
        if (!/^[A-Z]{2}$/.test(applicant.country.trim().toUpperCase())) found.push('Enter the country of residence as a two-letter code (ISO 3166-1).');
      }
      if (type === 'birth-registration' && !parents.some((parent) => parent.familyName.trim() !== '' && parent.givenNames.trim() !== '')) found.push('Name at least one parent (family name and given names).');
    } else if (!person) {
      found.push('Find the registered person by their national ID number.');
    }
    if (type === 'national-id-replacement' && replacementReason === '') found.push('Say why the card is replaced: lost, stolen or damaged.');
    if (type === 'mdl') {
      const categories = codes(vehicleCategories);
      if (categories.length === 0 || categories.some((code) => !/^[A-Z][A-Z0-9]{0,3}$/.test(code))) found.push('Enter the vehicle categories, such as B or C1E, separated by commas.');
    }
    if (biometrics) {
      if (!portrait) found.push('Take or upload the portrait, check the feedback, and keep it.');
      if (fingerprints.some((file) => file.state.status === 'reading')) found.push('Wait until the fingerprint records have been read.');
      if (fingerprints.some((file) => file.state.status === 'refused')) found.push('Remove the fingerprint records the biometric service refused (or upload correct ones).');
      if ((portrait ? 1 : 0) + keptFingerprintReferences(fingerprints).length > MAX_REFERENCES) found.push(`An application takes at most ${MAX_REFERENCES} biometric captures: the portrait and at most ${MAX_REFERENCES - 1} finger templates.`);
    }
    if (note.trim() === '') found.push('Write a note for the application’s journal (for example, which documents you checked).');
    return found;
  };

  const body = (): CreateApplication => {
    const base = { type, reason: note.trim() };
    const extra = {
      ...(type === 'national-id-replacement' && replacementReason !== '' && { replacementReason }),
      ...(type === 'mdl' && { drivingPrivileges: codes(vehicleCategories).map((vehicleCategoryCode) => ({ vehicleCategoryCode })) }),
    };
    if (!createsPerson) return { ...base, ...extra, personId: person!.id };
    const address = applicant.addressLine.trim() === '' ? [] : [{ kind: 'residence' as const, lines: [applicant.addressLine.trim()], locality: applicant.locality.trim(), ...(applicant.postalCode.trim() && { postalCode: applicant.postalCode.trim() }), country: applicant.country.trim().toUpperCase() }];
    const registered: Applicant = {
      familyName: applicant.familyName.trim(),
      givenNames: applicant.givenNames.trim(),
      birthDate: applicant.birthDate,
      placeOfBirth: applicant.placeOfBirth.trim(),
      sex: applicant.sex as 'F' | 'M' | 'X',
      nationalities: codes(applicant.nationalities),
      addresses: address,
      ...(type === 'birth-registration' && { parents: parents.filter((parent) => parent.familyName.trim() !== '' && parent.givenNames.trim() !== '').map((parent) => ({ role: parent.role, familyName: parent.familyName.trim(), givenNames: parent.givenNames.trim() })) }),
      // The portrait printed on the documents is the enrolment capture.
      ...(portrait && { portrait: portrait.jpegBase64 }),
    };
    return { ...base, ...extra, applicant: registered };
  };

  const run = async (from: Submission) => {
    let applicationId = from.applicationId;
    let result = from.result;
    let steps = from.steps;
    const mark = (name: StepName, status: StepStatus) => {
      steps = steps.map((step) => (step.name === name ? { ...step, status } : step));
      return steps;
    };
    for (const step of from.steps) {
      if (step.status === 'done') continue;
      setSubmission({ steps: mark(step.name, 'running'), ...(applicationId && { applicationId }) });
      try {
        if (step.name === 'create') {
          result = await expectData(apis.identity.POST('/applications', { body: body() }));
          applicationId = result.id;
        } else if (step.name === 'submit') {
          result = await expectData(apis.identity.POST('/applications/{id}/submission', { params: { path: { id: applicationId! } }, body: { reason: 'applicant present at the desk; data checked by the registrar' } }));
        } else {
          const fingerReferences = keptFingerprintReferences(fingerprints);
          const references = [{ modality: 'face' as const, reference: portrait!.reference }, ...fingerReferences.map((reference) => ({ modality: 'fingerprint' as const, reference }))];
          const how = portrait!.source === 'camera' ? 'portrait captured live by camera' : 'portrait uploaded from a file';
          result = await expectData(apis.identity.POST('/applications/{id}/biometrics', { params: { path: { id: applicationId! } }, body: { reason: `${how} at the enrolment desk${fingerReferences.length > 0 ? `; ${fingerReferences.length} finger template(s)` : ''}`, references } }));
        }
        mark(step.name, 'done');
      } catch (error) {
        setSubmission({ steps: mark(step.name, 'failed'), ...(applicationId && { applicationId }), error: error as Error });
        return;
      }
    }
    setSubmission({ steps, ...(applicationId && { applicationId }), ...(result && { result }) });
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (locked) return;
    setSubmission(undefined);
    const found = validate();
    setProblems(found);
    if (found.length > 0) {
      // Move to the list of what is missing, so keyboard and screen-reader users hear it.
      requestAnimationFrame(() => problemsRef.current?.focus());
      return;
    }
    const names: StepName[] = biometrics ? ['create', 'submit', 'biometrics'] : ['create', 'submit'];
    void run({ steps: names.map((name) => ({ name, status: 'waiting' as const })) });
  };

  const field = (name: keyof ApplicantFields, label: string, input: Partial<{ type: string; autoComplete: string; placeholder: string; hint: string }> = {}) => (
    <label className="field">
      {label}
      {input.hint && <span className="hint">{input.hint}</span>}
      <input name={name} type={input.type ?? 'text'} value={applicant[name]} onChange={(event) => setApplicant({ ...applicant, [name]: event.target.value })} autoComplete={input.autoComplete ?? 'off'} placeholder={input.placeholder} disabled={locked} />
    </label>
  );

  return (
    <section aria-labelledby="enrolment-title" className="enrolment">
      <h1 id="enrolment-title">Enrolment</h1>
      <form onSubmit={onSubmit} noValidate>
        <Step number={1} title="Application">
          <label className="field" htmlFor={ids.type}>
            Type of application
          </label>
          <select
            id={ids.type}
            value={type}
            disabled={locked}
            onChange={(event) => {
              setType(event.target.value as ApplicationType);
              setProblems([]);
            }}
          >
            {TYPES.map((option) => (
              <option key={option.type} value={option.type}>
                {APPLICATION_TYPE_LABELS[option.type]}
              </option>
            ))}
          </select>
          <p className="hint">{TYPES.find((option) => option.type === type)!.hint}</p>
          {type === 'national-id-replacement' && (
            <label className="field" htmlFor={ids.reason}>
              Why is the card replaced?
              <select id={ids.reason} value={replacementReason} onChange={(event) => setReplacementReason(event.target.value as typeof replacementReason)} disabled={locked}>
                <option value="">Choose…</option>
                <option value="lost">Lost</option>
                <option value="stolen">Stolen</option>
                <option value="damaged">Damaged</option>
              </select>
            </label>
          )}
          {type === 'mdl' && (
            <label className="field" htmlFor={ids.categories}>
              Vehicle categories
              <span className="hint">As on the licence, separated by commas (ISO/IEC 18013-1), e.g. B, C1E</span>
              <input id={ids.categories} value={vehicleCategories} onChange={(event) => setVehicleCategories(event.target.value)} autoComplete="off" disabled={locked} />
            </label>
          )}
        </Step>

        <Step number={2} title={createsPerson ? (type === 'birth-registration' ? 'The child' : 'The applicant') : 'The registered person'}>
          {createsPerson ? (
            <>
              <div className="field-row">
                {field('familyName', 'Family name')}
                {field('givenNames', 'Given names')}
              </div>
              <div className="field-row">
                {field('birthDate', 'Date of birth', { type: 'date' })}
                {field('placeOfBirth', 'Place of birth')}
                <label className="field">
                  Sex
                  <select name="sex" value={applicant.sex} onChange={(event) => setApplicant({ ...applicant, sex: event.target.value as ApplicantFields['sex'] })} disabled={locked}>
                    <option value="">Choose…</option>
                    <option value="F">F (female)</option>
                    <option value="M">M (male)</option>
                    <option value="X">X (unspecified)</option>
                  </select>
                </label>
                {field('nationalities', 'Nationalities', { hint: 'Two-letter codes, comma-separated', placeholder: 'e.g. UT' })}
              </div>
              <fieldset className="address">
                <legend>Residence address{type === 'birth-registration' ? ' (optional)' : ''}</legend>
                <div className="field-row">
                  {field('addressLine', 'Street and number', { autoComplete: 'off' })}
                  {field('locality', 'Locality')}
                  {field('postalCode', 'Postal code (optional)')}
                  {field('country', 'Country', { hint: 'Two-letter code', placeholder: 'e.g. UT' })}
                </div>
              </fieldset>
              {type === 'birth-registration' && (
                <fieldset className="parents">
                  <legend>Parents (at least one)</legend>
                  {parents.map((parent, index) => (
                    <div className="field-row" key={index}>
                      <label className="field">
                        Parent {index + 1}
                        <select value={parent.role} onChange={(event) => setParents(parents.map((entry, at) => (at === index ? { ...entry, role: event.target.value as ParentFields['role'] } : entry)))} disabled={locked}>
                          <option value="mother">Mother</option>
                          <option value="father">Father</option>
                          <option value="parent">Parent</option>
                        </select>
                      </label>
                      <label className="field">
                        Parent {index + 1}: family name
                        <input value={parent.familyName} onChange={(event) => setParents(parents.map((entry, at) => (at === index ? { ...entry, familyName: event.target.value } : entry)))} autoComplete="off" disabled={locked} />
                      </label>
                      <label className="field">
                        Parent {index + 1}: given names
                        <input value={parent.givenNames} onChange={(event) => setParents(parents.map((entry, at) => (at === index ? { ...entry, givenNames: event.target.value } : entry)))} autoComplete="off" disabled={locked} />
                      </label>
                    </div>
                  ))}
                </fieldset>
              )}
            </>
          ) : (
            <PersonLookup identity={apis.identity} person={person} onPerson={setPerson} disabled={locked} />
          )}
        </Step>

        {biometrics && (
          <>
            <Step number={3} title="Portrait">
              <p className="hint">Take the photo with the camera, or upload one (JPEG, PNG or WebP). The biometric service checks its quality and liveness before you keep it.{' '}
                {createsPerson ? 'The kept portrait is also the one printed on the documents.' : 'It is compared for deduplication; the documents keep the portrait on the person’s record.'}
              </p>
              {locked ? portrait && <img className="portrait-thumbnail" src={`data:image/jpeg;base64,${portrait.jpegBase64}`} alt="The applicant's kept portrait" /> : <PortraitCapture biometric={apis.biometric} accepted={portrait} onAcceptedChange={setPortrait} />}
            </Step>
            <Step number={4} title="Fingerprints (optional)">
              <p className="hint">Minutiae records from the fingerprint scanner’s software: ISO/IEC 19794-2:2005 or ANSI INCITS 378-2004 files. Each finger view becomes one template.</p>
              {locked ? <p>{keptFingerprintReferences(fingerprints).length} finger template(s).</p> : <FingerprintUpload biometric={apis.biometric} files={fingerprints} onFilesChange={(update) => setFingerprints(update)} />}
            </Step>
          </>
        )}

        <Step number={biometrics ? 5 : 3} title="Submit">
          <label className="field" htmlFor={ids.note}>
            Note for the application’s journal
            <span className="hint">Kept with the application: for example, which documents you checked.</span>
          </label>
          <textarea id={ids.note} value={note} onChange={(event) => setNote(event.target.value)} rows={2} disabled={locked} />
          {problems.length > 0 && (
            <div role="alert" className="message error problems" tabIndex={-1} ref={problemsRef}>
              <p>The application cannot be submitted yet:</p>
              <ul>
                {problems.map((problem) => (
                  <li key={problem}>{problem}</li>
                ))}
              </ul>
            </div>
          )}
          {!locked && (
            <div className="actions">
              <button type="submit">Submit the application</button>
            </div>
          )}
        </Step>
      </form>
      {submission && <SubmissionProgress submission={submission} type={type} onRetry={() => void run({ ...submission, steps: submission.steps.map((step) => (step.status === 'failed' ? { ...step, status: 'waiting' } : step)) })} onAnother={reset} />}
    </section>
  );
}

function Step(props: { readonly number: number; readonly title: string; readonly children: ReactNode }) {
  const id = useId();
  return (
    <section className="enrolment-step" aria-labelledby={id}>
      <h2 id={id}>
        <span className="step-number">{props.number}</span> {props.title}
      </h2>
      {props.children}
    </section>
  );
}

/** Finds a registered person by national ID number (an audited search) for the applications that concern one. */
function PersonLookup(props: { readonly identity: IdentityClient; readonly person: Person | undefined; readonly onPerson: (person: Person | undefined) => void; readonly disabled: boolean }) {
  const [nin, setNin] = useState('');
  const [lookup, setLookup] = useState<AsyncState<Person[]> | undefined>();
  const inputId = useId();

  const find = async () => {
    if (nin.trim() === '') {
      setLookup({ status: 'error', error: new Error('Enter the national ID number, then choose Find.') });
      return;
    }
    props.onPerson(undefined);
    setLookup({ status: 'loading' });
    try {
      const found = await expectData(props.identity.GET('/persons', { params: { query: { nationalIdNumber: nin.trim() } } }));
      setLookup({ status: 'ready', value: found });
      if (found.length === 1) props.onPerson(found[0]);
    } catch (error) {
      setLookup({ status: 'error', error: error as Error });
    }
  };

  return (
    <div className="person-lookup">
      <p className="notice" role="note">
        The search and the record it shows are decrypted for you and recorded in the audit log under your name.
      </p>
      <label className="field" htmlFor={inputId}>
        National ID number
      </label>
      <div className="inline">
        <input
          id={inputId}
          value={nin}
          onChange={(event) => setNin(event.target.value)}
          onKeyDown={(event) => {
            // Enter finds the person instead of submitting the whole application.
            if (event.key === 'Enter') {
              event.preventDefault();
              void find();
            }
          }}
          inputMode="numeric"
          autoComplete="off"
          disabled={props.disabled}
        />
        <button type="button" onClick={() => void find()} disabled={props.disabled || lookup?.status === 'loading'}>
          Find
        </button>
      </div>
      {lookup && (
        <AsyncView state={lookup} label="the person" isEmpty={(found) => found.length === 0} empty="No registered person has this national ID number. Check the number on the applicant’s document.">
          {() =>
            props.person && (
              <p className="found-person" role="status">
                {props.person.familyName.toUpperCase()}, {props.person.givenNames} · born {props.person.birthDate} · {props.person.status}
              </p>
            )
          }
        </AsyncView>
      )}
    </div>
  );
}

function SubmissionProgress(props: { readonly submission: Submission; readonly type: ApplicationType; readonly onRetry: () => void; readonly onAnother: () => void }) {
  const { submission } = props;
  const running = submission.steps.some((step) => step.status === 'running');
  const done = submission.result !== undefined && submission.steps.every((step) => step.status === 'done');
  const application = submission.result;
  return (
    <section className="submission" aria-labelledby="submission-title">
      <h2 id="submission-title">Submission</h2>
      <ol className="progress-steps" aria-label="Submission steps">
        {submission.steps.map((step) => (
          <li key={step.name} className={`step-${step.status}`}>
            {STEP_LABELS[step.name]}: <strong>{{ waiting: 'waiting', running: 'in progress…', done: 'done', failed: 'failed' }[step.status]}</strong>
          </li>
        ))}
      </ol>
      <p role="status" aria-live="polite" className="message">
        {running ? 'Sending to the identity service…' : ''}
      </p>
      {submission.error && (
        <>
          <ErrorMessage error={submission.error} />
          {submission.applicationId ? (
            <>
              <p>
                The application <code>{submission.applicationId.slice(0, 8)}</code> is filed; trying again continues from the step that failed.
              </p>
              <div className="actions">
                <button type="button" onClick={props.onRetry}>
                  Try again
                </button>
              </div>
            </>
          ) : (
            <p>Nothing was filed. Correct what the message says, then submit again.</p>
          )}
        </>
      )}
      {done && application && (
        <div className="message success-panel" role="status">
          <p>
            <strong>{applicationTitle(application)}</strong> is submitted.{' '}
            {props.type === 'birth-registration'
              ? 'It waits in the approvers’ review queue.'
              : 'The biometric service is checking it for duplicates; it then goes to the approvers’ review queue, or to adjudication if a possible duplicate is found.'}{' '}
            Another official must approve it.
          </p>
          <button type="button" onClick={props.onAnother}>
            Start another application
          </button>
        </div>
      )}
    </section>
  );
}

/** "ut, fr " → ["UT", "FR"]. */
function codes(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((code) => code.trim().toUpperCase())
    .filter((code) => code !== '');
}
