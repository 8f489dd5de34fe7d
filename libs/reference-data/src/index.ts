export * from './reference-files';
export * from './regimes';
export * from './taiwan-calendar';
export * from './red-flags';
export * from './controlled-areas';
export * from './export-rules';
export * from './dgpa-calendar-csv';
export * from './calendar-loader';
