import { type ChangeEvent, useId } from 'react';
import type { ServiceClient } from '../api/service-client';
import { ErrorMessage } from './async-state';
import { type CapturedFingerprints, fingerName } from './biometric-answers';
import { bytesToBase64, readFileBytes } from './file-bytes';

/** The biometric service reads minutiae records of at most 1 MiB. */
const MAX_RECORD_BYTES = 1024 * 1024;

/** One uploaded minutiae record and what the biometric service made of it. */
export interface FingerprintFile {
  readonly id: number;
  readonly name: string;
  readonly state: { readonly status: 'reading' } | { readonly status: 'kept'; readonly templates: CapturedFingerprints['templates'] } | { readonly status: 'refused'; readonly error: Error };
}

/** The template references of the records the biometric service kept. */
export function keptFingerprintReferences(files: readonly FingerprintFile[]): string[] {
  return files.flatMap((file) => (file.state.status === 'kept' ? file.state.templates.map((template) => template.reference) : []));
}

let nextFileId = 1;

/**
 * Uploads finger minutiae records from the scanner's software (ISO/IEC 19794-2:2005 or ANSI
 * INCITS 378-2004, binary) to the biometric service (`POST /captures/fingerprint`), which keeps one
 * template per finger view and says what it found; records it cannot read are refused with its code.
 */
export function FingerprintUpload(props: { readonly biometric: ServiceClient; readonly files: readonly FingerprintFile[]; readonly onFilesChange: (update: (files: readonly FingerprintFile[]) => readonly FingerprintFile[]) => void }) {
  const { biometric, files, onFilesChange } = props;
  const inputId = useId();

  const upload = async (file: File) => {
    const id = nextFileId++;
    const update = (state: FingerprintFile['state']) => onFilesChange((current) => current.map((entry) => (entry.id === id ? { ...entry, state } : entry)));
    onFilesChange((current) => [...current, { id, name: file.name, state: { status: 'reading' } }]);
    try {
      if (file.size > MAX_RECORD_BYTES) throw new Error(`${file.name} is larger than 1 MB: a minutiae record is a few kilobytes. Check that you chose the template file, not an image.`);
      const record = bytesToBase64(await readFileBytes(file));
      const captured = await biometric.post<CapturedFingerprints>('/captures/fingerprint', { record });
      update({ status: 'kept', templates: captured.templates });
    } catch (error) {
      update({ status: 'refused', error: error as Error });
    }
  };

  const onChange = (event: ChangeEvent<HTMLInputElement>) => {
    const chosen = Array.from(event.target.files ?? []);
    event.target.value = '';
    void Promise.all(chosen.map((file) => upload(file)));
  };

  return (
    <div className="fingerprint-upload">
      <label className="file-choice" htmlFor={inputId}>
        Add minutiae record files
        <input id={inputId} type="file" multiple accept=".fmr,.iso,.ist,.ansi,.378,.bin,.dat,application/octet-stream" onChange={onChange} />
      </label>
      {files.length > 0 && (
        <ul className="fingerprint-files" aria-label="Fingerprint records">
          {files.map((file) => (
            <li key={file.id}>
              <strong>{file.name}</strong>{' '}
              {file.state.status === 'reading' && (
                <span role="status">
                  <progress aria-label={`Reading ${file.name}`} /> reading…
                </span>
              )}
              {file.state.status === 'kept' && (
                <span className="ok">
                  kept: {file.state.templates.map((template) => `${fingerName(template.fingerPosition)} (quality ${template.quality}, ${template.minutiae} minutiae)`).join('; ')}
                </span>
              )}
              {file.state.status === 'refused' && <ErrorMessage error={file.state.error} />}
              {file.state.status !== 'reading' && (
                <button type="button" className="secondary" onClick={() => onFilesChange((current) => current.filter((entry) => entry.id !== file.id))} aria-label={`Remove ${file.name}`}>
                  Remove
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
