const { src, dest } = require('gulp');
const { rmSync } = require('fs');

function clean(done) {
	rmSync('dist', { recursive: true, force: true });
	done();
}

// tsc does not copy icons; n8n resolves `file:` icon paths relative to the compiled files.
function buildIcons() {
	return src(['icons/**/*.{png,svg}', 'nodes/**/*.{png,svg}', 'credentials/**/*.{png,svg}'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist'));
}

exports.clean = clean;
exports['build:icons'] = buildIcons;
