/**
 * Hands a file the portal has fetched with the official's token (an audit export, a document's
 * PDF: a plain link could not send the token) to the browser as a download.
 */
export function saveFile(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The click starts the download; the URL is released a moment later, once the browser has it.
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}

/** `2026-03-01T12-05` in local time, for file names. */
export function fileTimestamp(date = new Date()): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}-${pad(date.getMinutes())}`;
}
