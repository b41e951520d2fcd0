import { describe, expect, it } from 'vitest';
import { ftsMatch, splitWords } from './text-match.js';

describe('text match', () => {
  it.each([
    ['North  Clip', '"north" "clip"', []],
    ['a "quoted" yard', '"""quoted""" "yard"', ['a']],
    ['été cam', '"cam"', ['été']],
    ['no', null, ['no']],
  ])('%j', (text, fts, rest) => {
    expect(ftsMatch(splitWords(text))).toEqual({ fts, rest });
  });
});
