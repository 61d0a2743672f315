import { describe, expect, it } from 'vitest';
import { NOTIFY_MAX_CHARS } from '../../common/protocol/errors';
import { fitNotifyText } from '../../plugin/fit-notify-text';

describe('fitNotifyText', () => {
  it('keeps a short message as it is', () => {
    expect(fitNotifyText('Select a frame with an image')).toBe('Select a frame with an image');
  });

  it('cuts a long message to 100 characters ending in an ellipsis', () => {
    const text = fitNotifyText('word '.repeat(60));
    expect(text.length).toBe(NOTIFY_MAX_CHARS);
    expect(text.endsWith('word…')).toBe(true);
  });

  it('collapses line breaks, which a toast cannot show', () => {
    expect(fitNotifyText('Line one\n\n  line two ')).toBe('Line one line two');
  });
});
