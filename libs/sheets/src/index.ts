export * from './goods-columns';
export * from './write/goods-sheet';
