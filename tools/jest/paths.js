// Maps the `@dsar/<lib>` aliases of tsconfig.base.json to files, for Jest.
const { compilerOptions } = require('../../tsconfig.base.json');
const path = require('node:path');

exports.pathsToModuleNameMapper = function pathsToModuleNameMapper() {
  const mapper = {};
  for (const [alias, [target]] of Object.entries(compilerOptions.paths)) {
    if (!alias.startsWith('@dsar/')) continue;
    mapper[`^${alias.replace('/', '\\/')}$`] = path.join(__dirname, '..', '..', target);
  }
  return mapper;
};
