import jsQR from 'jsqr';
import { useEffect, useRef, useState } from 'react';

/** Decodes the QR code in an image, if there is one. */
export function decodeQr(image: ImageData): string | undefined {
  return jsQR(image.data, image.width, image.height, { inversionAttempts: 'attemptBoth' })?.data || undefined;
}

/**
 * The camera, read frame by frame with jsQR until a QR code is found. Uses the rear camera when
 * there is one; the stream stops when the component goes away.
 */
export function QrScanner({ onResult, onCancel }: { readonly onResult: (text: string) => void; readonly onCancel: () => void }) {
  const video = useRef<HTMLVideoElement>(null);
  const [problem, setProblem] = useState<string>();
  useEffect(() => {
    let stream: MediaStream | undefined;
    let frame = 0;
    let stopped = false;
    const canvas = document.createElement('canvas');
    const context = canvas.getContext('2d', { willReadFrequently: true });
    const scan = () => {
      if (stopped) return;
      const element = video.current;
      if (element && context && element.readyState >= element.HAVE_ENOUGH_DATA && element.videoWidth > 0) {
        canvas.width = element.videoWidth;
        canvas.height = element.videoHeight;
        context.drawImage(element, 0, 0);
        const text = decodeQr(context.getImageData(0, 0, canvas.width, canvas.height));
        if (text) {
          stopped = true;
          onResult(text);
          return;
        }
      }
      frame = requestAnimationFrame(scan);
    };
    if (!navigator.mediaDevices?.getUserMedia) {
      setProblem('This browser cannot use the camera here. Paste the link instead.');
      return;
    }
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: 'environment' }, audio: false })
      .then(async (media) => {
        stream = media;
        if (stopped || !video.current) return;
        video.current.srcObject = media;
        await video.current.play();
        frame = requestAnimationFrame(scan);
      })
      .catch(() => setProblem('The camera is not available (permission refused or no camera). Paste the link instead.'));
    return () => {
      stopped = true;
      cancelAnimationFrame(frame);
      stream?.getTracks().forEach((track) => track.stop());
    };
  }, [onResult]);
  return (
    <div className="scanner">
      {problem ? <p role="alert">{problem}</p> : <video ref={video} muted playsInline aria-label="Camera view" />}
      <button type="button" className="secondary" onClick={onCancel}>
        Stop scanning
      </button>
    </div>
  );
}
