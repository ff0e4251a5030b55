import { describe, expect, it } from 'vitest';
import { localTimeTickFormat } from './timeTicks';

const labels = (locale: string, isoDates: string[]) =>
  isoDates.map((iso, i) => localTimeTickFormat(locale)(new Date(`${iso}T00:00:00Z`), i));

describe('localTimeTickFormat', () => {
  it('names months in the reader’s language, the year on January and under the first tick', () => {
    const quarters = ['2024-10-01', '2025-01-01', '2025-04-01', '2025-07-01'];
    expect(labels('fr-FR', quarters)).toEqual(['oct.\n2024', '2025', 'avr.', 'juil.']);
    expect(labels('nl-NL', quarters)).toEqual(['okt\n2024', '2025', 'apr', 'jul']);
    expect(labels('en-US', quarters)).toEqual(['Oct\n2024', '2025', 'Apr', 'Jul']);
  });

  it('gives years alone on year ticks, and day and month inside a month', () => {
    expect(labels('fr-FR', ['2023-01-01', '2024-01-01'])).toEqual(['2023', '2024']);
    expect(labels('fr-FR', ['2024-03-03', '2024-03-10'])).toEqual(['3 mars\n2024', '10 mars']);
  });
});
