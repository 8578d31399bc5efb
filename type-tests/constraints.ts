// Hyper-parameter constraints as types (src/dsl/constraints.ts): AtMost (a literal sequence length within the
// block size, as a bound on T), DivisibleVerdict (nEmbd % nHead), SameDimVerdict (two dims that must agree).
import type { Tensor, AtMost, AtMostVerdict, DivisibleVerdict, SameDimVerdict, ShapeError } from '../src/dsl';
import { zeros } from '../src/dsl';
import { exact } from './exact';

declare function withinBlock<Blk extends number, B extends number, T extends AtMost<Blk>>(block: Blk, idx: Tensor<[B, T]>): Tensor<[B, T]>;
declare function checkedConfig<const E extends number, const H extends number>(nEmbd: E, nHead: DivisibleVerdict<E, H> extends true ? H : DivisibleVerdict<E, H>): [E, H];
declare function tiedHead<V extends number, C extends number, V2 extends number>(
  embedding: Tensor<[V, C]>, head: SameDimVerdict<V, V2, 'the LM head and the embedding have different vocabularies'> extends true ? Tensor<[C, V2]> : SameDimVerdict<V, V2, 'the LM head and the embedding have different vocabularies'>): void;

export function literal() {
  exact<0 | 1 | 2 | 3>()(0 as AtMost<3>);
  exact<Tensor<[2, 8]>>()(withinBlock(8, zeros([2, 8])));
  exact<Tensor<[2, 3]>>()(withinBlock(1024, zeros([2, 3])));
  exact<[384, 6]>()(checkedConfig(384, 6));
  exact<true>()(true as AtMostVerdict<8, 8>);
  exact<ShapeError<'sequence length 9 exceeds the block size 8', [9], [8]>>()(null! as AtMostVerdict<9, 8>);
  tiedHead(zeros([65, 32]), zeros([32, 65]));
  // @ts-expect-error  T = 9 does not satisfy AtMost<8>
  withinBlock(8, zeros([2, 9]));
  // @ts-expect-error  config: nEmbd 65 is not a multiple of nHead 4
  checkedConfig(65, 4);
  // @ts-expect-error  the LM head and the embedding have different vocabularies
  tiedHead(zeros([65, 32]), zeros([32, 66]));
}

export function generic<Blk extends number, B extends number, T extends AtMost<Blk>, U extends number>(blk: Blk, idx: Tensor<[B, T]>, free: Tensor<[B, U]>, n: number) {
  exact<Tensor<[B, T]>>()(withinBlock(blk, idx));                                     // the caller states the bound
  // @ts-expect-error  a runtime-only length is not known to fit either: narrow it first with assertShape
  withinBlock(8, zeros([2, n]));
  // @ts-expect-error  U is not known to fit the block size
  withinBlock(blk, free);
}
