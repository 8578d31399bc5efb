import { describe, expect, it } from 'vitest';
import { CharTokenizer } from '../src/data/char-tokenizer';

describe('CharTokenizer', () => {
  it('builds the sorted unique characters of a text', () => {
    const tok = CharTokenizer.fromText('hello world\n');
    expect(tok.vocab).toBe('\n dehlorw');
    expect(tok.vocabSize).toBe(9);
    expect(Array.from(tok.encode('hello'))).toEqual([4, 3, 5, 5, 6]);
    expect(tok.decode(tok.encode('hello world\n'))).toBe('hello world\n');
    expect(tok.encode('')).toEqual(new Int32Array(0));
    expect(tok.decode([])).toBe('');
  });

  it('sorts by code point and treats a surrogate pair as one character', () => {
    const tok = CharTokenizer.fromText('b😀aé😀');
    expect(tok.vocab).toBe('abé😀');
    expect(tok.vocabSize).toBe(4);
    expect(Array.from(tok.encode('😀é'))).toEqual([3, 2]);
    expect(tok.decode([3, 0, 3])).toBe('😀a😀');
  });

  it('round-trips through a stored vocabulary string', () => {
    const a = CharTokenizer.fromText('the quick brown fox');
    const b = new CharTokenizer(a.vocab);
    const c = CharTokenizer.fromVocab(a.vocab);
    expect(b.vocabSize).toBe(a.vocabSize);
    expect(Array.from(b.encode('quick fox'))).toEqual(Array.from(a.encode('quick fox')));
    expect(c.decode(a.encode('brown'))).toBe('brown');
    // a stored vocabulary keeps its own order
    expect(Array.from(new CharTokenizer('zab').encode('abz'))).toEqual([1, 2, 0]);
  });

  it('rejects an empty text or vocabulary and repeated vocabulary characters', () => {
    expect(() => CharTokenizer.fromText('')).toThrow(
      'CharTokenizer.fromText: the text is empty, expected at least one character to build a vocabulary from.',
    );
    expect(() => new CharTokenizer('')).toThrow('CharTokenizer: the vocabulary must be a non-empty string, got "".');
    expect(() => new CharTokenizer('abca\nb')).toThrow('CharTokenizer: the vocabulary repeats "a", "b", expected each character once.');
  });

  it('encode lists the unknown characters once each, JSON-quoted', () => {
    const tok = CharTokenizer.fromText('abc');
    expect(() => tok.encode('abxd\nxx\t"')).toThrow(
      'CharTokenizer.encode: the text contains 5 characters outside the vocabulary of 3: "x", "d", "\\n", "\\t", "\\"".',
    );
    expect(() => tok.encode('a😀')).toThrow('CharTokenizer.encode: the text contains 1 character outside the vocabulary of 3: "😀".');
  });

  it('encode truncates a very long list of unknown characters', () => {
    const tok = CharTokenizer.fromText('a');
    const text = 'bcdefghijklmnopqrstuvwxyz';
    expect(() => tok.encode(text)).toThrow(/: "b", "c", .*"u" and 5 more\.$/);
  });

  it('decode rejects ids outside [0, vocabSize)', () => {
    const tok = CharTokenizer.fromText('abc');
    expect(() => tok.decode([0, 3])).toThrow('CharTokenizer.decode: id 3 at position 1 is outside the vocabulary, expected an integer in [0, 3).');
    expect(() => tok.decode(new Int32Array([-1]))).toThrow('CharTokenizer.decode: id -1 at position 0 is outside the vocabulary, expected an integer in [0, 3).');
    expect(() => tok.decode([1.5])).toThrow(/id 1\.5 at position 0/);
  });
});
