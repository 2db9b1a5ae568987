/**
 * A failure `draft-source` explains itself: its message is ours and safe to print. Anything else
 * (a driver's error, whose text may quote a URL with its password) is reported by its code only.
 */
export class DraftError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DraftError';
  }
}
