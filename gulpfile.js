const path = require('path');
const { task, src, dest } = require('gulp');

// n8n loads a node's icon from beside its compiled .js file, and tsc does not copy SVGs.
function copyIcons() {
	const nodeIcons = src('nodes/**/*.{png,svg}', { encoding: false });
	const credentialIcons = src('credentials/**/*.{png,svg}', { encoding: false, allowEmpty: true });
	nodeIcons.pipe(dest(path.resolve('dist', 'nodes')));
	return credentialIcons.pipe(dest(path.resolve('dist', 'credentials')));
}

task('build:icons', copyIcons);
