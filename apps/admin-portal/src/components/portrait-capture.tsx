import { type ChangeEvent, useCallback, useEffect, useId, useRef, useState } from 'react';
import type { ServiceClient } from '../api/service-client';
import { ErrorMessage } from './async-state';
import type { CapturedFace, FaceAssessment } from './biometric-answers';
import { bytesToBase64, isJpeg, readFileBytes } from './file-bytes';

/** The identity service keeps the portrait as a JPEG of at most 300 KB (RegisterPersonDto.portrait). */
export const MAX_PORTRAIT_BYTES = 300_000;
/** Larger files are not read at all. */
const MAX_UPLOAD_BYTES = 15 * 1024 * 1024;
/** Longest side of a picture the portal re-encodes (the biometric service works at ≤ 1024 px). */
const MAX_SIDE = 1024;

/** A portrait the registrar kept: the biometric capture's reference and the JPEG printed on the documents. */
export interface AcceptedPortrait {
  /** The biometric service's template reference (goes into the application's biometric references). */
  readonly reference: string;
  /** The same picture, JPEG base64, for the applicant's record. */
  readonly jpegBase64: string;
  readonly source: 'camera' | 'file';
  readonly assessment: FaceAssessment;
}

interface Candidate {
  readonly jpegBase64: string;
  readonly source: 'camera' | 'file';
  readonly label: string;
}

type Assessment = { readonly status: 'checking' } | { readonly status: 'ready'; readonly value: FaceAssessment } | { readonly status: 'error'; readonly error: Error };
type CameraState = { readonly status: 'off' } | { readonly status: 'starting' } | { readonly status: 'on'; readonly stream: MediaStream } | { readonly status: 'problem'; readonly message: string };

/** What to do about each refusal code of the biometric service (quality rejection codes of libs/face-analysis, and the service's own). */
const REFUSAL_ADVICE: Readonly<Record<string, string>> = {
  QUALITY_TOO_FEW_FACES: 'Make sure the face is in the picture, uncovered and lit.',
  QUALITY_MULTIPLE_FACES: 'Only the applicant may be in the picture: ask others to step out of the frame.',
  QUALITY_INTER_EYE_DISTANCE: 'Move the camera closer, or use a larger picture: the face is too small.',
  QUALITY_FACE_SIZE: 'Frame head and shoulders: the face is too small or too large in the picture.',
  QUALITY_POSE: 'Ask the applicant to look straight into the camera, head upright.',
  QUALITY_BLUR: 'Hold still and check the focus, then take the photo again.',
  QUALITY_UNDEREXPOSED: 'Add light in front of the face.',
  QUALITY_OVEREXPOSED: 'Reduce direct light or glare on the face.',
  QUALITY_LOW_CONTRAST: 'Light the face evenly, against a plain background.',
  QUALITY_FACE_NOT_CENTRED: 'Centre the face in the picture.',
  QUALITY_FACE_NOT_IN_FRAME: 'The whole face must be inside the picture.',
  QUALITY_SCORE_LOW: 'Retake the photo in better conditions (light, focus, pose).',
  PRESENTATION_ATTACK_SUSPECTED: 'Photograph the applicant directly, not a printed photo or a screen.',
};

/**
 * Captures the applicant's portrait from the camera (getUserMedia) or a file, has the biometric
 * service assess it (`POST /assessments/face`: quality with coded refusals and the labelled,
 * non-certified liveness baseline; nothing kept) and shows that before the registrar keeps it.
 * Keeping it stores the capture (`POST /captures/face`) and gives its reference.
 */
export function PortraitCapture(props: {
  readonly biometric: ServiceClient;
  readonly accepted: AcceptedPortrait | undefined;
  readonly onAcceptedChange: (portrait: AcceptedPortrait | undefined) => void;
  /** The camera (defaults to the browser's `navigator.mediaDevices`). */
  readonly mediaDevices?: Pick<MediaDevices, 'getUserMedia'> | undefined;
}) {
  const { biometric, accepted, onAcceptedChange } = props;
  const [camera, setCamera] = useState<CameraState>({ status: 'off' });
  const [candidate, setCandidate] = useState<Candidate | undefined>();
  const [assessment, setAssessment] = useState<Assessment | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  const [keeping, setKeeping] = useState(false);
  const [keepError, setKeepError] = useState<Error | undefined>();
  const videoRef = useRef<HTMLVideoElement>(null);
  const attempt = useRef(0);
  const fileId = useId();

  const stream = camera.status === 'on' ? camera.stream : undefined;
  const streamRef = useRef<MediaStream | undefined>(undefined);
  useEffect(() => {
    const video = videoRef.current;
    if (video && stream) video.srcObject = stream;
  }, [stream]);
  // The camera is released when the official leaves the screen.
  useEffect(() => () => streamRef.current?.getTracks().forEach((track) => track.stop()), []);

  const assess = useCallback(
    async (next: Candidate) => {
      const run = ++attempt.current;
      setCandidate(next);
      setKeepError(undefined);
      setAssessment({ status: 'checking' });
      try {
        const value = await biometric.post<FaceAssessment>('/assessments/face', { image: next.jpegBase64, purpose: 'enrolment' });
        if (run === attempt.current) setAssessment({ status: 'ready', value });
      } catch (error) {
        if (run === attempt.current) setAssessment({ status: 'error', error: error as Error });
      }
    },
    [biometric],
  );

  const startCamera = async () => {
    const devices = props.mediaDevices ?? (typeof navigator !== 'undefined' ? navigator.mediaDevices : undefined);
    if (!devices?.getUserMedia) {
      setCamera({ status: 'problem', message: 'This browser gives the portal no camera here (it needs HTTPS, or a camera at all). Upload a photo instead.' });
      return;
    }
    setCamera({ status: 'starting' });
    try {
      const media = await devices.getUserMedia({ video: { width: { ideal: 1280 }, height: { ideal: 960 }, facingMode: 'user' }, audio: false });
      streamRef.current = media;
      setCamera({ status: 'on', stream: media });
    } catch (error) {
      setCamera({ status: 'problem', message: cameraProblem(error) });
    }
  };

  const stopCamera = () => {
    streamRef.current?.getTracks().forEach((track) => track.stop());
    streamRef.current = undefined;
    setCamera({ status: 'off' });
  };

  const takePhoto = async () => {
    const video = videoRef.current;
    if (!video || video.videoWidth === 0) {
      setProblem('The camera gives no picture yet. Wait a moment and take the photo again, or upload a photo.');
      return;
    }
    setProblem(undefined);
    try {
      const jpeg = await encodeJpeg(video, video.videoWidth, video.videoHeight);
      await assess({ jpegBase64: bytesToBase64(jpeg), source: 'camera', label: 'Photo from the camera' });
    } catch (error) {
      setAssessment({ status: 'error', error: error as Error });
    }
  };

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setProblem(undefined);
    if (file.size > MAX_UPLOAD_BYTES) {
      setProblem(`${file.name} is ${Math.round(file.size / 1024 / 1024)} MB: choose a photo of at most 15 MB.`);
      return;
    }
    try {
      const jpeg = await portraitJpeg(file);
      await assess({ jpegBase64: bytesToBase64(jpeg), source: 'file', label: `Uploaded photo ${file.name}` });
    } catch {
      setProblem(`${file.name} could not be read as a picture: upload a JPEG, PNG or WebP photo.`);
    }
  };

  const keep = async () => {
    if (!candidate || assessment?.status !== 'ready') return;
    setKeeping(true);
    setKeepError(undefined);
    try {
      const captured = await biometric.post<CapturedFace>('/captures/face', { image: candidate.jpegBase64, purpose: 'enrolment' });
      stopCamera();
      onAcceptedChange({ reference: captured.reference, jpegBase64: candidate.jpegBase64, source: candidate.source, assessment: assessment.value });
      setCandidate(undefined);
      setAssessment(undefined);
    } catch (error) {
      setKeepError(error as Error);
    } finally {
      setKeeping(false);
    }
  };

  const retake = () => {
    attempt.current++;
    setCandidate(undefined);
    setAssessment(undefined);
    setKeepError(undefined);
  };

  if (accepted) {
    return (
      <div className="portrait-capture">
        <figure className="portrait-kept">
          <img src={`data:image/jpeg;base64,${accepted.jpegBase64}`} alt="The applicant's kept portrait" />
          <figcaption>
            <p className="ok" role="status">
              Portrait kept ({accepted.source === 'camera' ? 'camera' : 'uploaded file'}, quality {accepted.assessment.quality.score}/100). Biometric reference <code>{accepted.reference.slice(0, 8)}</code>.
            </p>
            <button type="button" onClick={() => onAcceptedChange(undefined)}>
              Replace the portrait
            </button>
          </figcaption>
        </figure>
      </div>
    );
  }

  return (
    <div className="portrait-capture">
      <div className="actions">
        {camera.status === 'on' ? (
          <>
            <button type="button" onClick={() => void takePhoto()} disabled={assessment?.status === 'checking'}>
              Take photo
            </button>
            <button type="button" className="secondary" onClick={stopCamera}>
              Stop the camera
            </button>
          </>
        ) : (
          <button type="button" onClick={() => void startCamera()} disabled={camera.status === 'starting'}>
            {camera.status === 'starting' ? 'Starting the camera…' : 'Use the camera'}
          </button>
        )}
        <label className="file-choice" htmlFor={fileId}>
          Upload a photo
          <input id={fileId} type="file" accept="image/jpeg,image/png,image/webp" onChange={(event) => void onFile(event)} />
        </label>
      </div>
      {camera.status === 'problem' && (
        <p role="alert" className="message error">
          {camera.message}
        </p>
      )}
      {problem && (
        <p role="alert" className="message error">
          {problem}
        </p>
      )}
      <div className="capture-panes">
        {camera.status === 'on' && (
          <figure className="camera-preview">
            <video ref={videoRef} autoPlay muted playsInline aria-label="Camera preview" />
            <figcaption>Live camera. The applicant looks straight into the camera, head and shoulders in the frame, no glasses glare.</figcaption>
          </figure>
        )}
        {candidate && (
          <figure className="capture-candidate">
            <img src={`data:image/jpeg;base64,${candidate.jpegBase64}`} alt={`${candidate.label}, to check`} />
            <figcaption>{candidate.label}</figcaption>
          </figure>
        )}
      </div>
      {assessment?.status === 'checking' && (
        <p role="status" aria-live="polite" className="message loading">
          <progress aria-label="Checking the photo" /> Checking quality and liveness with the biometric service…
        </p>
      )}
      {assessment?.status === 'error' && <ErrorMessage error={assessment.error} {...(candidate && { onRetry: () => void assess(candidate) })} />}
      {assessment?.status === 'ready' && (
        <>
          <CaptureFeedback assessment={assessment.value} />
          {keepError && <ErrorMessage error={keepError} />}
          <div className="actions">
            {assessment.value.acceptable && (
              <button type="button" onClick={() => void keep()} disabled={keeping}>
                {keeping ? 'Keeping the portrait…' : 'Keep this portrait'}
              </button>
            )}
            <button type="button" className="secondary" onClick={retake} disabled={keeping}>
              {assessment.value.acceptable ? 'Discard and retake' : 'Retake or choose another photo'}
            </button>
          </div>
        </>
      )}
    </div>
  );
}

/** The biometric service's judgement of a picture: verdict, coded refusals with what to do, quality against the minimum, the PAD answer labelled non-certified. */
export function CaptureFeedback({ assessment }: { readonly assessment: FaceAssessment }) {
  const { quality, liveness } = assessment;
  return (
    <section className="capture-feedback" aria-label="Capture feedback">
      {assessment.acceptable ? (
        <p className="verdict ok" role="status">
          Good enough for enrolment. Check that it is the applicant, then keep it.
        </p>
      ) : (
        <div className="verdict bad" role="alert">
          <p>Not good enough for enrolment: take the photo again.</p>
          <ul aria-label="Why the photo is refused">
            {assessment.refusals.map((refusal) => (
              <li key={refusal.code}>
                {sentence(refusal.message)} <code>{refusal.code}</code>
                {REFUSAL_ADVICE[refusal.code] && <span className="advice"> {REFUSAL_ADVICE[refusal.code]}</span>}
              </li>
            ))}
          </ul>
        </div>
      )}
      <dl className="figures">
        <div>
          <dt>Quality</dt>
          <dd>
            <meter min={0} max={100} low={quality.minimum} optimum={100} value={quality.score} aria-label="Quality score" /> {quality.score}/100 (enrolment needs {quality.minimum})
          </dd>
        </div>
        <div>
          <dt>Liveness (presentation-attack check)</dt>
          <dd>
            {liveness ? (
              <>
                {liveness.decision === 'bona-fide' ? 'No sign of a photo of a print or a screen' : 'Possible photo of a print or a screen'} · score {liveness.bonaFideScore.toFixed(2)} (threshold {liveness.threshold.toFixed(2)})
                {' · '}
                {liveness.enforced ? 'enforced' : 'advisory only'}
              </>
            ) : (
              'Not assessed: no face was found.'
            )}
          </dd>
        </div>
      </dl>
      {liveness && (
        <p className="notice pad-notice">
          <strong>Non-certified liveness baseline.</strong> {sentence(liveness.notice)}
          {liveness.decision === 'attack-suspected' && !liveness.enforced && ' It suspects a presentation attack: look at the applicant, and retake the photo if in doubt.'}
        </p>
      )}
      <details>
        <summary>Quality components</summary>
        <ul>
          {quality.components.map((component) => (
            <li key={component.name}>
              {component.name.replace(/_/g, ' ')}: {Math.round(component.normalised)}/100
            </li>
          ))}
        </ul>
      </details>
    </section>
  );
}

function sentence(text: string): string {
  const trimmed = text.trim();
  const capitalised = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}

function cameraProblem(error: unknown): string {
  const name = (error as { name?: unknown } | undefined)?.name;
  if (name === 'NotAllowedError' || name === 'SecurityError') {
    return 'Camera access was refused. Allow the camera for this site (the camera icon in the address bar), then choose “Use the camera” again — or upload a photo.';
  }
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'No camera was found. Connect a camera and try again, or upload a photo.';
  if (name === 'NotReadableError' || name === 'AbortError') return 'The camera is in use by another application or could not start. Close the other application and try again, or upload a photo.';
  return `The camera could not start (${(error as Error)?.message ?? 'unknown reason'}). Try again, or upload a photo.`;
}

/** The uploaded file as the portrait JPEG: kept as is when it is already a small enough JPEG, otherwise re-encoded. */
async function portraitJpeg(file: File): Promise<Uint8Array> {
  const bytes = await readFileBytes(file);
  if (isJpeg(bytes) && bytes.length <= MAX_PORTRAIT_BYTES) return bytes;
  const bitmap = await createImageBitmap(file);
  try {
    const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
    return await encodeJpeg(bitmap, Math.round(bitmap.width * scale), Math.round(bitmap.height * scale));
  } finally {
    bitmap.close();
  }
}

/** Draws a frame or picture onto a canvas and encodes it as a JPEG under the portrait limit (lowering quality, then size, as needed). */
async function encodeJpeg(source: CanvasImageSource, width: number, height: number): Promise<Uint8Array> {
  let scale = Math.min(1, MAX_SIDE / Math.max(width, height));
  for (let attempt = 0; attempt < 6; attempt++) {
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('this browser cannot draw pictures');
    context.drawImage(source, 0, 0, canvas.width, canvas.height);
    for (const quality of [0.92, 0.85, 0.75]) {
      const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', quality));
      if (!blob) throw new Error('the picture could not be encoded');
      const bytes = await readFileBytes(blob);
      if (bytes.length <= MAX_PORTRAIT_BYTES) return bytes;
    }
    scale *= 0.75;
  }
  throw new Error('the picture could not be made small enough');
}
