import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ServiceClient } from '../src/api/service-client';
import { type AcceptedPortrait, PortraitCapture } from '../src/components/portrait-capture';
import { assessment, fakeBiometric, JPEG_BASE64, jpegFile } from './fake-biometric';

afterEach(cleanup);

/** The widget as a screen holds it: the kept portrait lives in the parent. */
function Harness(props: { readonly biometric: ServiceClient; readonly mediaDevices?: Pick<MediaDevices, 'getUserMedia'>; readonly onKept?: (portrait: AcceptedPortrait | undefined) => void }) {
  const [accepted, setAccepted] = useState<AcceptedPortrait | undefined>();
  return (
    <PortraitCapture
      biometric={props.biometric}
      accepted={accepted}
      onAcceptedChange={(portrait) => {
        setAccepted(portrait);
        props.onKept?.(portrait);
      }}
      {...(props.mediaDevices && { mediaDevices: props.mediaDevices })}
    />
  );
}

const upload = (file = jpegFile()) => fireEvent.change(screen.getByLabelText('Upload a photo'), { target: { files: [file] } });

describe('PortraitCapture', () => {
  it('uploads a photo, shows the biometric service’s quality and labelled liveness feedback, and keeps the capture only when the registrar says so', async () => {
    const { biometric, requests } = fakeBiometric(({ path }) => {
      if (path === '/assessments/face') return { status: 200, body: assessment() };
      if (path === '/captures/face') return { status: 201, body: { reference: 'abcdef12-0000-4000-8000-000000000001', modality: 'face', model: 'face-api@1', quality: { score: 78, components: [], rejections: [] }, liveness: assessment().liveness } };
      return undefined;
    });
    const kept = vi.fn();
    render(<Harness biometric={biometric} onKept={kept} />);
    upload();
    const checking = await screen.findByText(/Checking quality and liveness with the biometric service…/);
    expect(checking.getAttribute('role')).toBe('status');
    const feedback = await screen.findByRole('region', { name: 'Capture feedback' });
    expect(within(feedback).getByText('Good enough for enrolment. Check that it is the applicant, then keep it.')).toBeTruthy();
    expect(feedback.textContent).toContain('78/100 (enrolment needs 50)');
    expect(feedback.textContent).toContain('No sign of a photo of a print or a screen · score 0.91 (threshold 0.50) · advisory only');
    expect(within(feedback).getByText('Non-certified liveness baseline.')).toBeTruthy();
    expect(feedback.textContent).toContain('not evaluated under ISO/IEC 30107-3');
    expect(screen.getByRole('img', { name: 'Uploaded photo portrait.jpg, to check' }).getAttribute('src')).toBe(`data:image/jpeg;base64,${JPEG_BASE64}`);
    // Assessing keeps nothing: only the registrar's decision does.
    expect(requests.map((request) => `${request.method} ${request.path}`)).toEqual(['POST /assessments/face']);
    expect(requests[0]).toMatchObject({ body: { image: JPEG_BASE64, purpose: 'enrolment' }, authorization: 'Bearer biometric-token' });

    fireEvent.click(screen.getByRole('button', { name: 'Keep this portrait' }));
    expect((await screen.findByText(/Portrait kept/)).textContent).toBe('Portrait kept (uploaded file, quality 78/100). Biometric reference abcdef12.');
    expect(requests.map((request) => `${request.method} ${request.path}`)).toEqual(['POST /assessments/face', 'POST /captures/face']);
    expect(requests[1]!.body).toEqual({ image: JPEG_BASE64, purpose: 'enrolment' });
    expect(kept).toHaveBeenCalledWith(expect.objectContaining({ reference: 'abcdef12-0000-4000-8000-000000000001', jpegBase64: JPEG_BASE64, source: 'file' }));

    fireEvent.click(screen.getByRole('button', { name: 'Replace the portrait' }));
    expect(kept).toHaveBeenLastCalledWith(undefined);
    expect(screen.getByLabelText('Upload a photo')).toBeTruthy();
  });

  it('lists the coded reasons a photo is refused, with what to do, and offers no way to keep it', async () => {
    const { biometric, requests } = fakeBiometric(({ path }) =>
      path === '/assessments/face'
        ? {
            status: 200,
            body: assessment({
              acceptable: false,
              score: 31,
              refusals: [
                { code: 'QUALITY_POSE', message: 'the head is turned 24° in yaw, more than 8°' },
                { code: 'QUALITY_SCORE_LOW', message: 'quality 31 is below the 50 a enrolment capture needs' },
              ],
            }),
          }
        : undefined,
    );
    render(<Harness biometric={biometric} />);
    upload();
    const reasons = await screen.findByRole('list', { name: 'Why the photo is refused' });
    const items = within(reasons).getAllByRole('listitem').map((item) => item.textContent);
    expect(items).toEqual([
      'The head is turned 24° in yaw, more than 8°. QUALITY_POSE Ask the applicant to look straight into the camera, head upright.',
      'Quality 31 is below the 50 a enrolment capture needs. QUALITY_SCORE_LOW Retake the photo in better conditions (light, focus, pose).',
    ]);
    expect(screen.getByText('Not good enough for enrolment: take the photo again.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Keep this portrait' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Retake or choose another photo' }));
    expect(screen.queryByRole('region', { name: 'Capture feedback' })).toBeNull();
    expect(requests.filter((request) => request.path === '/captures/face')).toHaveLength(0);
  });

  it('warns when the non-certified liveness baseline suspects an attack it does not enforce, and says when no face was found', async () => {
    let answer = assessment({ liveness: 'attack-suspected' });
    const { biometric } = fakeBiometric(() => ({ status: 200, body: answer }));
    render(<Harness biometric={biometric} />);
    upload();
    const feedback = await screen.findByRole('region', { name: 'Capture feedback' });
    expect(feedback.textContent).toContain('Possible photo of a print or a screen · score 0.12 (threshold 0.50) · advisory only');
    expect(feedback.textContent).toContain('It suspects a presentation attack: look at the applicant, and retake the photo if in doubt.');

    answer = assessment({ acceptable: false, liveness: 'none', score: 0, refusals: [{ code: 'QUALITY_TOO_FEW_FACES', message: 'no face above the detector threshold' }] });
    fireEvent.click(screen.getByRole('button', { name: 'Discard and retake' }));
    upload(jpegFile('blank.jpg'));
    await waitFor(() => expect(screen.getByRole('region', { name: 'Capture feedback' }).textContent).toContain('Not assessed: no face was found.'));
    expect(screen.getByRole('list', { name: 'Why the photo is refused' }).textContent).toContain('Make sure the face is in the picture, uncovered and lit.');
  });

  it('says what to do when the camera is refused, missing or absent from the browser — and the upload stays available', async () => {
    const { biometric } = fakeBiometric(() => undefined);
    const refused = { getUserMedia: vi.fn(async () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'))) };
    render(<Harness biometric={biometric} mediaDevices={refused} />);
    fireEvent.click(screen.getByRole('button', { name: 'Use the camera' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Camera access was refused. Allow the camera for this site (the camera icon in the address bar), then choose “Use the camera” again — or upload a photo.');
    expect(refused.getUserMedia).toHaveBeenCalledWith(expect.objectContaining({ audio: false, video: expect.objectContaining({ facingMode: 'user' }) }));
    expect(screen.getByLabelText('Upload a photo')).toBeTruthy();
    cleanup();

    render(<Harness biometric={biometric} mediaDevices={{ getUserMedia: async () => Promise.reject(new DOMException('Requested device not found', 'NotFoundError')) }} />);
    fireEvent.click(screen.getByRole('button', { name: 'Use the camera' }));
    expect((await screen.findByRole('alert')).textContent).toBe('No camera was found. Connect a camera and try again, or upload a photo.');
    cleanup();

    // jsdom, like a page served over plain HTTP from another host, has no navigator.mediaDevices.
    render(<Harness biometric={biometric} />);
    fireEvent.click(screen.getByRole('button', { name: 'Use the camera' }));
    expect((await screen.findByRole('alert')).textContent).toBe('This browser gives the portal no camera here (it needs HTTPS, or a camera at all). Upload a photo instead.');
  });

  it('shows the live camera with a capture button, and releases the camera when stopped', async () => {
    const track = { stop: vi.fn() };
    const stream = { getTracks: () => [track] } as unknown as MediaStream;
    const { biometric } = fakeBiometric(() => undefined);
    render(<Harness biometric={biometric} mediaDevices={{ getUserMedia: async () => stream }} />);
    fireEvent.click(screen.getByRole('button', { name: 'Use the camera' }));
    const preview = (await screen.findByLabelText('Camera preview')) as HTMLVideoElement;
    expect(preview.srcObject).toBe(stream);
    // No frame yet (jsdom plays no video): the registrar is told to wait, nothing is sent.
    fireEvent.click(screen.getByRole('button', { name: 'Take photo' }));
    expect(screen.getByRole('alert').textContent).toBe('The camera gives no picture yet. Wait a moment and take the photo again, or upload a photo.');
    fireEvent.click(screen.getByRole('button', { name: 'Stop the camera' }));
    expect(track.stop).toHaveBeenCalled();
    expect(screen.queryByLabelText('Camera preview')).toBeNull();
  });

  it('shows a refused assessment with the service’s reference, and tries again', async () => {
    let calls = 0;
    const { biometric } = fakeBiometric(() => (++calls === 1 ? { status: 413, body: { code: 'IMAGE_TOO_LARGE', detail: 'the picture is larger than 8 MiB', correlationId: 'corr-77' } } : { status: 200, body: assessment() }));
    render(<Harness biometric={biometric} />);
    upload();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The picture is larger than 8 MiB.');
    expect(alert.textContent).toContain('Reference: corr-77');
    fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('button', { name: 'Keep this portrait' })).toBeTruthy();
  });
});
