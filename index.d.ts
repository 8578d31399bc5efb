// The package's typings entry (package.json "types"): the typed surface of shapegrad.
// tsd also needs it to find the package's types; its tests live in type-tests/tsd/.
export * from './src/dsl/index';
