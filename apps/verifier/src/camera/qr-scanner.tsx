import { useEffect, useRef, useState } from 'react';
import { decodeQr } from '../seal/qr-from-file';

/**
 * The camera, read frame by frame until a QR code is found: getUserMedia (the rear camera when
 * there is one) into a video element, each frame drawn to a canvas and searched with jsQR. The
 * camera stops as soon as a code is read or the scanner closes; no frame is kept.
 */
export function QrScanner(props: { onResult: (text: string) => void; label: string; accept?: (text: string) => boolean }) {
  const video = useRef<HTMLVideoElement>(null);
  const [problem, setProblem] = useState<string>();
  const { onResult, accept } = props;

  useEffect(() => {
    let stream: MediaStream | undefined;
    let frame = 0;
    let stopped = false;
    const canvas = document.createElement('canvas');
    const stop = () => {
      stopped = true;
      cancelAnimationFrame(frame);
      stream?.getTracks().forEach((track) => track.stop());
    };
    const scan = () => {
      if (stopped) return;
      const element = video.current;
      if (element && element.readyState >= element.HAVE_CURRENT_DATA && element.videoWidth > 0) {
        canvas.width = element.videoWidth;
        canvas.height = element.videoHeight;
        const context = canvas.getContext('2d', { willReadFrequently: true })!;
        context.drawImage(element, 0, 0);
        const text = decodeQr(context.getImageData(0, 0, canvas.width, canvas.height));
        if (text && (accept?.(text) ?? true)) {
          stop();
          onResult(text);
          return;
        }
      }
      frame = requestAnimationFrame(scan);
    };
    (async () => {
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: { ideal: 'environment' } }, audio: false });
        if (stopped) return stop();
        const element = video.current!;
        element.srcObject = stream;
        await element.play();
        frame = requestAnimationFrame(scan);
      } catch (error) {
        setProblem(`The camera cannot be used (${(error as Error).name}). Paste or upload the code instead.`);
      }
    })();
    return stop;
  }, [onResult, accept]);

  return (
    <div className="scanner">
      <video ref={video} muted playsInline aria-label={props.label} />
      {problem ? <p role="alert">{problem}</p> : <p className="hint">Hold the QR code in front of the camera.</p>}
    </div>
  );
}
