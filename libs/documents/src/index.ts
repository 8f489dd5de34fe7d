export * from './pdf.port';
export * from './chromium/chromium-pdf-printer';
