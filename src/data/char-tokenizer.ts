// A character-level tokenizer, as in Karpathy's "Let's build GPT": the vocabulary is the sorted set of
// distinct characters of the training text (65 for tiny Shakespeare) and a token id is a character's
// position in it. Characters are Unicode code points (a surrogate pair is one character), sorted by
// code point like Python's sorted(set(text)).

export class CharTokenizer {
  /** the vocabulary: every character once, id = position (in code points) */
  readonly vocab: string;
  readonly vocabSize: number;
  private readonly chars: string[];
  private readonly ids: Map<number, number>;

  /** a tokenizer over a stored vocabulary string (each character once; ids follow its order) */
  constructor(vocab: string) {
    if (typeof vocab !== 'string' || vocab.length === 0) {
      throw new Error(`CharTokenizer: the vocabulary must be a non-empty string, got ${JSON.stringify(vocab) ?? String(vocab)}.`);
    }
    this.chars = Array.from(vocab);
    this.ids = new Map();
    const dups = new Set<string>();
    this.chars.forEach((c, i) => {
      const cp = c.codePointAt(0) as number;
      if (this.ids.has(cp)) dups.add(c);
      else this.ids.set(cp, i);
    });
    if (dups.size > 0) {
      throw new Error(`CharTokenizer: the vocabulary repeats ${quoteList([...dups])}, expected each character once.`);
    }
    this.vocab = vocab;
    this.vocabSize = this.chars.length;
  }

  /** the tokenizer whose vocabulary is the sorted unique characters of `text` */
  static fromText(text: string): CharTokenizer {
    if (typeof text !== 'string' || text.length === 0) {
      throw new Error('CharTokenizer.fromText: the text is empty, expected at least one character to build a vocabulary from.');
    }
    const cps = new Set<number>();
    for (let i = 0; i < text.length; ) {
      const cp = text.codePointAt(i) as number;
      cps.add(cp);
      i += cp > 0xffff ? 2 : 1;
    }
    const sorted = [...cps].sort((a, b) => a - b);
    return new CharTokenizer(String.fromCodePoint(...sorted));
  }

  /** alias of the constructor, for symmetry with fromText */
  static fromVocab(vocab: string): CharTokenizer {
    return new CharTokenizer(vocab);
  }

  /** token ids of `text`; throws listing every character (JSON-quoted, once each) outside the vocabulary */
  encode(text: string): Int32Array {
    const out = new Int32Array(text.length); // at most one id per UTF-16 unit
    let n = 0;
    let unknown: Set<string> | undefined;
    for (let i = 0; i < text.length; ) {
      const cp = text.codePointAt(i) as number;
      i += cp > 0xffff ? 2 : 1;
      const id = this.ids.get(cp);
      if (id === undefined) (unknown ??= new Set()).add(String.fromCodePoint(cp));
      else out[n++] = id;
    }
    if (unknown !== undefined) {
      const list = [...unknown];
      throw new Error(
        `CharTokenizer.encode: the text contains ${list.length} character${list.length === 1 ? '' : 's'} outside the vocabulary of ${this.vocabSize}: ${quoteList(list)}.`,
      );
    }
    return n === out.length ? out : out.slice(0, n);
  }

  /** the text of token ids; throws on an id that is not an integer in [0, vocabSize) */
  decode(ids: ArrayLike<number>): string {
    const parts: string[] = new Array(ids.length);
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      if (!Number.isInteger(id) || id < 0 || id >= this.vocabSize) {
        throw new Error(`CharTokenizer.decode: id ${id} at position ${i} is outside the vocabulary, expected an integer in [0, ${this.vocabSize}).`);
      }
      parts[i] = this.chars[id];
    }
    return parts.join('');
  }
}

function quoteList(chars: string[], max = 20): string {
  const shown = chars.slice(0, max).map((c) => JSON.stringify(c)).join(', ');
  return chars.length > max ? `${shown} and ${chars.length - max} more` : shown;
}
