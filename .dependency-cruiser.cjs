/**
 * The layers of the package, checked by `npm run lint`:
 *   actions → transport → dataSet → shared;  methods → transport;  trigger → transport;
 *   credentials → shared.
 * No cycles between files (and so none between folders).
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
			`${NODE}(dataSet|transport|actions|methods|trigger)/|^credentials/|${NODE}[^/]+\\.node\\.ts$`,
		),
		forbid(
			'dataSet-sits-on-shared',
			'dataSet/ uses shared/ only.',
			`${NODE}dataSet/`,
			`${NODE}(transport|actions|methods|trigger)/|^credentials/|${NODE}[^/]+\\.node\\.ts$`,
		),
		forbid(
			'transport-sits-on-dataSet-and-shared',
			'transport/ uses dataSet/ and shared/ only.',
			`${NODE}transport/`,
			`${NODE}(actions|methods|trigger)/|^credentials/|${NODE}[^/]+\\.node\\.ts$`,
		),
		forbid(
			'methods-sit-on-transport',
			'methods/ (list searches) use transport/, dataSet/ and shared/, never the actions.',
			`${NODE}methods/`,
			`${NODE}(actions|trigger)/|^credentials/|${NODE}[^/]+\\.node\\.ts$`,
		),
		forbid(
			'actions-sit-on-transport',
			'actions/ use transport/, dataSet/ and shared/, never the list searches or the node files.',
			`${NODE}actions/`,
			`${NODE}(methods|trigger)/|^credentials/|${NODE}[^/]+\\.node\\.ts$`,
		),
		forbid(
			'trigger-sits-on-transport',
			'trigger/ (the OneStream Trigger) uses transport/, dataSet/ and shared/, never the actions or the list searches.',
			`${NODE}trigger/`,
			`${NODE}(actions|methods)/|^credentials/|${NODE}[^/]+\\.node\\.ts$`,
		),
		forbid(
			'credentials-use-shared-only',
			'The credential imports only shared code.',
			'^credentials/',
			`${NODE}(dataSet|transport|actions|methods)/|${NODE}[^/]+\\.node\\.ts$`,
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
