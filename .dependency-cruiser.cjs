/**
 * The layers of the package, checked by `npm run lint`:
 *   actions, trigger, methods → read → transport, dataSet → shared;  credentials → shared.
 * read/ is the one read path (request → transport → DataSet reader → table choice → sink); the
 * transport only moves bytes and knows nothing of DataSets. No cycles between files (and so none
 * between folders).
 */
const NODE = '^nodes/OneStream/';

/** A rule that `from` may import nothing under `to`. */
function forbid(name, comment, from, to) {
	return { name, comment, severity: 'error', from: { path: from }, to: { path: to } };
}

module.exports = {
	forbidden: [
		{
			name: 'no-cycles',
			comment: 'A file may not import, directly or through others, a file that imports it.',
			severity: 'error',
			from: {},
			to: { circular: true },
		},
		{
			name: 'no-folder-cycles',
			comment:
				'Folders are layers: no folder may import, directly or through others, a folder that imports it.',
			severity: 'error',
			scope: 'folder',
			from: {},
			to: { circular: true },
		},
		forbid(
			'shared-is-the-bottom',
			'shared/ imports only n8n-workflow and itself.',
			`${NODE}shared/`,
			`${NODE}(dataSet|transport|read|actions|methods|trigger)/|^credentials/|${NODE}[^/]+\\.node\\.ts$`,
		),
		forbid(
			'dataSet-sits-on-shared',
			'dataSet/ (the payload format) uses shared/ only.',
			`${NODE}dataSet/`,
			`${NODE}(transport|read|actions|methods|trigger)/|^credentials/|${NODE}[^/]+\\.node\\.ts$`,
		),
		forbid(
			'transport-only-moves-bytes',
			'transport/ uses shared/ only: it sends requests and hands bodies over as bytes, and knows nothing of DataSets.',
			`${NODE}transport/`,
			`${NODE}(dataSet|read|actions|methods|trigger)/|^credentials/|${NODE}[^/]+\\.node\\.ts$`,
		),
		forbid(
			'read-sits-on-transport-and-dataSet',
			'read/ (the one read path) uses transport/, dataSet/ and shared/, never what calls it.',
			`${NODE}read/`,
			`${NODE}(actions|methods|trigger)/|^credentials/|${NODE}[^/]+\\.node\\.ts$`,
		),
		forbid(
			'methods-sit-on-read',
			'methods/ (list searches) read through read/, never the actions or the trigger.',
			`${NODE}methods/`,
			`${NODE}(actions|trigger)/|^credentials/|${NODE}[^/]+\\.node\\.ts$`,
		),
		forbid(
			'actions-sit-on-read',
			'actions/ read through read/ and send jobs through transport/, never the list searches or the node files.',
			`${NODE}actions/`,
			`${NODE}(methods|trigger)/|^credentials/|${NODE}[^/]+\\.node\\.ts$`,
		),
		forbid(
			'trigger-sits-on-read',
			'trigger/ (the OneStream Trigger) reads through read/, never the actions or the list searches.',
			`${NODE}trigger/`,
			`${NODE}(actions|methods)/|^credentials/|${NODE}[^/]+\\.node\\.ts$`,
		),
		forbid(
			'credentials-use-shared-only',
			'The credential imports only shared code.',
			'^credentials/',
			`${NODE}(dataSet|transport|read|actions|methods|trigger)/|${NODE}[^/]+\\.node\\.ts$`,
		),
		forbid(
			'operations-stay-apart',
			'An operation file imports no other operation file; shared pieces of a resource live beside them.',
			'\\.operation\\.ts$',
			'\\.operation\\.ts$',
		),
		{
			name: 'shipped-code-imports-only-n8n-workflow',
			comment:
				'The package has no runtime dependencies: shipped code imports n8n-workflow and its own files only.',
			severity: 'error',
			from: { path: '^(nodes|credentials)/' },
			to: {
				dependencyTypes: [
					'npm',
					'npm-dev',
					'npm-optional',
					'npm-peer',
					'npm-no-pkg',
					'npm-unknown',
					'core',
				],
				pathNot: '^node_modules/n8n-workflow/',
			},
		},
		{
			name: 'shipped-code-resolves',
			comment: 'Every import of shipped code resolves.',
			severity: 'error',
			from: { path: '^(nodes|credentials)/' },
			to: { couldNotResolve: true },
		},
	],
	options: {
		doNotFollow: { path: 'node_modules' },
		tsConfig: { fileName: 'tsconfig.json' },
		tsPreCompilationDeps: true,
		exclude: { path: '^(dist|\\.build|node_modules)/' },
	},
};
