// Runs apps/api/src/main.ts from the sources in a process of its own, compiled on load with the
// same swc options and @shtc/* paths as jest.config.js: the disk specs limit this process's file
// sizes and permissions, which they cannot do to the jest process, and need no `npm run build`.
'use strict';
const { readFileSync } = require('node:fs');
const Module = require('node:module');
const { join, resolve } = require('node:path');
const { transformSync } = require('@swc/core');

const root = resolve(__dirname, '..', '..', '..');
const project = require(join(root, 'jest.config.js')).projects[0];
const [, swcOptions] = project.transform['^.+\\.ts$'];
const mappers = Object.entries(project.moduleNameMapper).map(([pattern, target]) => [new RegExp(pattern), target.replace('<rootDir>', root)]);

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  for (const [pattern, target] of mappers) {
    const match = request.match(pattern);
    if (match) return resolveFilename.call(this, target.replace(/\$(\d)/g, (_, i) => match[Number(i)] ?? ''), ...rest);
  }
  return resolveFilename.call(this, request, ...rest);
};
require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(readFileSync(filename, 'utf8'), { ...swcOptions, filename, swcrc: false, configFile: false });
  module._compile(code, filename);
};

require(join(root, 'apps', 'api', 'src', 'main.ts'));
