const { parallel, src, dest, task } = require('gulp');

// n8n loads a node's or credential's icon from beside its compiled .js file; tsc does not copy SVGs.
const copyNodeIcons = () => src('nodes/**/*.svg', { encoding: false }).pipe(dest('dist/nodes'));
const copyCredentialIcons = () =>
	src('credentials/**/*.svg', { encoding: false }).pipe(dest('dist/credentials'));

task('build:icons', parallel(copyNodeIcons, copyCredentialIcons));
